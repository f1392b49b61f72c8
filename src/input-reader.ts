// The small readers behind readInputs: one per kind of input, each with the rule it checks,
// collecting every problem found so the step reports them all at once.
import type { CheckAsked } from './model.js';
import type { RunFacts } from './run-context.js';
import type { IdRule as Rule } from './services/description.js';
import { SERVICES, type ServiceId } from './services/registry.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/**
 * A role ARN as IAM accepts it: a partition, a 12-digit account, `role/`, an optional path of
 * printable ASCII between slashes (at most 512 characters in all), a name of up to 64 [\w+=,.@-].
 */
const ROLE_ARN =
  /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
const ROLE_PATH_MAX = 512;
const SESSION_NAME: Rule = {
  pattern: /^[\w+=,.@-]{2,64}$/,
  allowed: /[\w+=,.@-]/,
  length: [2, 64],
  words: 'it must be 2-64 characters: letters, digits and + = , . @ _ -.',
};
const WHOLE_NUMBER = /^\d+$/;
const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];
export type IfRunning = 'wait' | 'skip' | 'fail';

const SERVICE_IDS = Object.keys(SERVICES) as ServiceId[];
/** The service named in messages when no container input is given: the registry's first. */
const FIRST_SERVICE = SERVICE_IDS[0];

/** "Input 'index-id' is required (or give the index by name with 'index-name'; for Amazon …)". */
function containerRequired(): string {
  const [first, ...others] = SERVICE_IDS.map((service) => SERVICES[service].terms);
  const alternatives = others.map(
    (terms) =>
      `; for Amazon ${terms.service}, '${terms.containerIdInput}' or '${terms.containerNameInput}'`,
  );
  return `Input '${first.containerIdInput}' is required (or give the ${first.container} by name with '${first.containerNameInput}'${alternatives.join('')}).`;
}

/**
 * The defaults declared in action.yml, word for word (a unit test keeps them equal). The runner
 * fills them in; they apply here too when an input is set to an empty string, e.g. from an
 * unset `${{ vars.X }}`.
 */
export const DEFAULTS = {
  audience: 'sts.amazonaws.com',
  'role-session-name': 'kendra-sync-${{ github.run_id }}-${{ github.run_attempt }}',
  'role-duration-seconds': '900',
  'if-running': 'wait',
  'wait-for-completion': 'false',
  'wait-timeout-minutes': '60',
  'poll-interval-seconds': '30',
  'fail-on-incomplete': 'true',
  'failed-documents': '10',
  'stop-on-cancel': 'true',
  'check-results': '5',
} as const;

export const IF_RUNNING: readonly IfRunning[] = ['wait', 'skip', 'fail'];

export type GetInput = (name: string) => string;

/** The small readers, each for one kind of input, collecting every problem found. */
export class Reader {
  readonly problems: string[] = [];

  constructor(
    private readonly getInput: GetInput,
    private readonly env: NodeJS.ProcessEnv,
    private readonly run: RunFacts,
  ) {}

  /** Which service the container inputs name: exactly one of the four may be given. */
  service(): ServiceId {
    const given = SERVICE_IDS.flatMap((service) =>
      [SERVICES[service].terms.containerIdInput, SERVICES[service].terms.containerNameInput]
        .filter((name) => this.text(name))
        .map((name) => ({ service, name })),
    );
    if (given.length === 0) {
      this.problems.push(containerRequired());
    } else if (given.length > 1) {
      const names = given.map(({ name }) => `'${name}'`).join(' and ');
      this.problems.push(`Inputs ${names} are both set: give one of them, not both.`);
    }
    return given[0]?.service ?? FIRST_SERVICE;
  }

  container(service: ServiceId): { containerId?: string; containerName?: string } {
    const { terms, rules } = SERVICES[service];
    const id = this.text(terms.containerIdInput) || undefined;
    const name = this.text(terms.containerNameInput) || undefined;
    if (id) this.validate(terms.containerIdInput, id, rules.containerId);
    if (name) this.validate(terms.containerNameInput, name, rules.containerName);
    return { containerId: id, containerName: name };
  }

  dataSources(service: ServiceId): { dataSourceIds: string[]; dataSourceNames: string[] } {
    const { rules } = SERVICES[service];
    const dataSourceIds = this.list('data-source-id', rules.dataSourceId);
    const dataSourceNames = this.list('data-source-name', rules.dataSourceName);
    if (this.text('data-source-id') && this.text('data-source-name')) {
      this.problems.push(
        "Inputs 'data-source-id' and 'data-source-name' are both set: give one of them, not both.",
      );
    } else if (dataSourceIds.length === 0 && dataSourceNames.length === 0) {
      this.problems.push(
        "Input 'data-source-id' is required (or give data sources by name with 'data-source-name').",
      );
    }
    return { dataSourceIds, dataSourceNames };
  }

  region(): string {
    const input = this.text('aws-region');
    const sources: Array<[string, string | undefined]> = [
      ["Input 'aws-region'", input],
      ["Environment variable 'AWS_REGION'", this.env.AWS_REGION],
      ["Environment variable 'AWS_DEFAULT_REGION'", this.env.AWS_DEFAULT_REGION],
    ];
    const [source, region] = sources.find(([, value]) => value) ?? [];
    if (!source || !region) {
      this.problems.push(
        "No AWS Region: set the 'aws-region' input (for example us-east-1), or AWS_REGION or AWS_DEFAULT_REGION in the environment (e.g. with aws-actions/configure-aws-credentials).",
      );
      return '';
    }
    if (!REGION.test(region)) {
      this.problems.push(
        `${source} is ${JSON.stringify(region)}: it must be an AWS Region code such as us-east-1 or eu-west-2.`,
      );
    }
    return region;
  }

  roleArn(): string | undefined {
    const arn = this.text('role-to-assume') || undefined;
    if (!arn) return undefined;
    const path = /:role(\/.*\/)[^/]*$/.exec(arn)?.[1] ?? '/';
    if (!ROLE_ARN.test(arn) || path.length > ROLE_PATH_MAX) {
      this.problem(
        'role-to-assume',
        arn,
        path.length > ROLE_PATH_MAX
          ? `its path is ${path.length} characters; IAM allows at most ${ROLE_PATH_MAX}.`
          : 'it must be an IAM role ARN such as arn:aws:iam::123456789012:role/kendra-sync (a 12-digit account, an optional /path/, a name of up to 64 letters, digits and + = , . @ _ -).',
      );
    }
    return arn;
  }

  audience(): string {
    const audience = this.withDefault('audience');
    if (/\s/.test(audience))
      this.problem('audience', audience, 'an OIDC audience has no white space.');
    return audience;
  }

  sessionName(): string {
    const name = this.withDefault('role-session-name');
    this.validate('role-session-name', name, SESSION_NAME);
    return name;
  }

  wholeNumber(name: keyof typeof DEFAULTS, min: number, max: number): number {
    const value = this.withDefault(name);
    const number = WHOLE_NUMBER.test(value) ? Number(value) : NaN;
    if (!(number >= min && number <= max)) {
      this.problem(name, value, `it must be a whole number from ${min} to ${max}.`);
    }
    return number;
  }

  boolean(name: keyof typeof DEFAULTS): boolean {
    const value = this.withDefault(name);
    if (BOOLEAN_TRUE.includes(value)) return true;
    if (!BOOLEAN_FALSE.includes(value)) {
      this.problem(
        name,
        value,
        'it must be true or false (true | True | TRUE | false | False | FALSE).',
      );
    }
    return false;
  }

  oneOf<T extends string>(name: keyof typeof DEFAULTS, values: readonly T[]): T {
    const value = this.withDefault(name) as T;
    if (!values.includes(value))
      this.problem(name, value, `it must be one of ${values.join(', ')}.`);
    return value;
  }

  /** The search check: a query needs a waited sync and an expected location. */
  searchCheck(waitForCompletion: boolean): CheckAsked | undefined {
    const query = this.text('check-query');
    const expect = this.text('check-expect');
    const count = this.wholeNumber('check-results', 1, 100);
    const user = this.text('check-user');
    if (!query) {
      if (expect) {
        this.problem(
          'check-expect',
          expect,
          "it is only used with 'check-query', which is empty: set check-query to the text to search for.",
        );
      }
      if (user) {
        // Its value is not repeated: it may be a secret.
        this.problems.push(
          "Input 'check-user' is only used with 'check-query', which is empty: set check-query to the text to search for, or remove check-user.",
        );
      }
      return undefined;
    }
    if (!expect) {
      this.problems.push(
        "Input 'check-query' needs 'check-expect': the text one result's location must contain, such as a page's path (/guide/install).",
      );
    }
    if (!waitForCompletion) {
      this.problems.push(
        `Input 'check-query' is ${JSON.stringify(query)}, but wait-for-completion is false: the check searches after the sync jobs end, so set wait-for-completion: true.`,
      );
    }
    return { query, expect, count, ...(user && { user: { id: user, secret: looksSecret(user) } }) };
  }

  private text(name: string): string {
    return this.getInput(name).trim();
  }

  /**
   * The input, or its declared default when empty. Tools that run actions locally pass defaults
   * unexpanded, so `${{ github.* }}` expressions are filled in here as the runner would.
   */
  private withDefault(name: keyof typeof DEFAULTS): string {
    return expandDefault(this.text(name) || DEFAULTS[name], this.run);
  }

  private list(name: string, rule: Rule): string[] {
    const values = [
      ...new Set(
        this.text(name)
          .split(/[\n,]/)
          .map((value) => value.trim())
          .filter(Boolean),
      ),
    ];
    for (const value of values) this.validate(name, value, rule);
    return values;
  }

  private validate(name: string, value: string, rule: Rule): void {
    if (!rule.pattern.test(value)) this.problem(name, value, rule.words + this.detail(value, rule));
  }

  /** What exactly is wrong with a value that breaks a rule: its length, or a character. */
  private detail(value: string, rule: Pick<Rule, 'allowed' | 'length' | 'start'>): string {
    const [min, max] = rule.length;
    const bad = [...value].find((char) => !rule.allowed.test(char));
    if (bad !== undefined) {
      const shown = /\s/.test(bad) ? (bad === ' ' ? 'a space' : 'white space') : `"${bad}"`;
      return ` It holds ${shown}, at position ${[...value].indexOf(bad) + 1}, which is not allowed.`;
    }
    if (value.length < min || value.length > max) {
      return ` It is ${value.length} characters long.`;
    }
    return rule.start ? ` ${rule.start}` : '';
  }

  private problem(name: string, value: string, rule: string): void {
    this.problems.push(`Input '${name}' is ${JSON.stringify(value)}: ${rule}`);
  }
}

/** Fills in the `${{ github.* }}` expressions action.yml defaults may hold, as the runner would. */
function expandDefault(value: string, run: RunFacts): string {
  return value
    .replace(/\$\{\{\s*github\.run_id\s*\}\}/g, run.runId ?? 'local')
    .replace(/\$\{\{\s*github\.run_attempt\s*\}\}/g, run.runAttempt ?? '1');
}

/**
 * An identity that is not an email and reads like a key or token (long, no spaces, letters and
 * digits mixed): check-user is meant to be an email, but a token pasted there must not leak.
 */
function looksSecret(value: string): boolean {
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return false;
  return value.length >= 20 && /^\S+$/.test(value) && /\d/.test(value) && /[a-z]/i.test(value);
}
