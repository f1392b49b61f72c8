import * as core from '@actions/core';
import { InputError } from './errors.js';

export type IfRunning = 'wait' | 'skip' | 'fail';

/** Everything the workflow asked for, validated. Built once, before any network request. */
export interface Inputs {
  /** Kendra index ID; undefined when the index is given by name. */
  indexId?: string;
  /** Kendra index name, resolved with ListIndices. */
  indexName?: string;
  /** Data source IDs, in the order given, without blanks or duplicates. */
  dataSourceIds: string[];
  /** Data source names, resolved with ListDataSources. */
  dataSourceNames: string[];
  region: string;
  /** IAM role ARN; undefined means "use the credentials already in the environment". */
  roleToAssume?: string;
  audience: string;
  roleSessionName: string;
  roleDurationSeconds: number;
  ifRunning: IfRunning;
  waitForCompletion: boolean;
  waitTimeoutMinutes: number;
  pollIntervalSeconds: number;
  failOnIncomplete: boolean;
  stopOnCancel: boolean;
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
  'stop-on-cancel': 'true',
} as const;

const INDEX_ID = /^[a-zA-Z0-9][a-zA-Z0-9-]{35}$/;
const DATA_SOURCE_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/;
const KENDRA_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,999}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const WHOLE_NUMBER = /^\d+$/;
const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];
const IF_RUNNING: readonly IfRunning[] = ['wait', 'skip', 'fail'];

/** Reads and validates every input, reporting all problems at once. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  const problems: string[] = [];
  const problem = (name: string, value: string, rule: string): void => {
    problems.push(`Input '${name}' is ${JSON.stringify(value)}: ${rule}`);
  };

  const text = (name: string): string => core.getInput(name);
  const withDefault = (name: keyof typeof DEFAULTS): string =>
    text(name) || expandDefault(DEFAULTS[name], env);

  const wholeNumber = (name: keyof typeof DEFAULTS, min: number, max: number): number => {
    const value = withDefault(name);
    const number = WHOLE_NUMBER.test(value) ? Number(value) : NaN;
    if (!(number >= min && number <= max)) {
      problem(name, value, `it must be a whole number from ${min} to ${max}.`);
    }
    return number;
  };
  const boolean = (name: keyof typeof DEFAULTS): boolean => {
    const value = withDefault(name);
    if (BOOLEAN_TRUE.includes(value)) return true;
    if (!BOOLEAN_FALSE.includes(value)) {
      problem(
        name,
        value,
        'it must be true or false (true | True | TRUE | false | False | FALSE).',
      );
    }
    return false;
  };
  const list = (name: string, pattern: RegExp, rule: string): string[] => {
    const values = [
      ...new Set(
        text(name)
          .split(/[\n,]/)
          .map((value) => value.trim())
          .filter(Boolean),
      ),
    ];
    for (const value of values) if (!pattern.test(value)) problem(name, value, rule);
    return values;
  };

  const indexId = text('index-id') || undefined;
  const indexName = text('index-name') || undefined;
  if (indexId && indexName) {
    problems.push("Inputs 'index-id' and 'index-name' are both set: give one of them, not both.");
  } else if (!indexId && !indexName) {
    problems.push("Input 'index-id' is required (or give the index by name with 'index-name').");
  }
  if (indexId && !INDEX_ID.test(indexId)) {
    problem(
      'index-id',
      indexId,
      'a Kendra index ID is exactly 36 characters: letters, digits and hyphens, starting with a letter or digit.',
    );
  }
  if (indexName && !KENDRA_NAME.test(indexName)) {
    problem(
      'index-name',
      indexName,
      'a Kendra index name is 1-1000 characters: letters, digits, hyphens and underscores, starting with a letter or digit.',
    );
  }

  const dataSourceIds = list(
    'data-source-id',
    DATA_SOURCE_ID,
    'a data source ID is 1-100 characters: letters, digits, hyphens and underscores, starting with a letter or digit (separate several with commas or newlines).',
  );
  const dataSourceNames = list(
    'data-source-name',
    KENDRA_NAME,
    'a data source name is 1-1000 characters: letters, digits, hyphens and underscores, starting with a letter or digit (separate several with commas or newlines).',
  );
  if (text('data-source-id') && text('data-source-name')) {
    problems.push(
      "Inputs 'data-source-id' and 'data-source-name' are both set: give one of them, not both.",
    );
  } else if (dataSourceIds.length === 0 && dataSourceNames.length === 0) {
    problems.push(
      "Input 'data-source-id' is required (or give data sources by name with 'data-source-name').",
    );
  }

  const regionInput = text('aws-region');
  const region = regionInput || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) {
    problems.push(
      "No AWS Region: set the 'aws-region' input (for example us-east-1), or AWS_REGION in the environment.",
    );
  } else if (!REGION.test(region)) {
    const source = regionInput
      ? 'aws-region'
      : env.AWS_REGION
        ? 'AWS_REGION'
        : 'AWS_DEFAULT_REGION';
    problems.push(
      `${regionInput ? 'Input' : 'Environment variable'} '${source}' is ${JSON.stringify(region)}: it must be an AWS Region code such as us-east-1 or eu-west-2.`,
    );
  }

  const roleToAssume = text('role-to-assume') || undefined;
  if (roleToAssume && !ROLE_ARN.test(roleToAssume)) {
    problem(
      'role-to-assume',
      roleToAssume,
      'it must be an IAM role ARN such as arn:aws:iam::123456789012:role/kendra-sync.',
    );
  }
  const audience = withDefault('audience');
  if (/\s/.test(audience)) problem('audience', audience, 'an OIDC audience has no white space.');
  const roleSessionName = withDefault('role-session-name');
  if (!SESSION_NAME.test(roleSessionName)) {
    problem(
      'role-session-name',
      roleSessionName,
      'it must be 2-64 characters: letters, digits and + = , . @ _ -.',
    );
  }
  const roleDurationSeconds = wholeNumber('role-duration-seconds', 900, 43200);

  const ifRunning = withDefault('if-running') as IfRunning;
  if (!IF_RUNNING.includes(ifRunning)) {
    problem('if-running', ifRunning, `it must be one of ${IF_RUNNING.join(', ')}.`);
  }
  const waitForCompletion = boolean('wait-for-completion');
  const waitTimeoutMinutes = wholeNumber('wait-timeout-minutes', 1, 10080);
  const pollIntervalSeconds = wholeNumber('poll-interval-seconds', 1, 3600);
  const failOnIncomplete = boolean('fail-on-incomplete');
  const stopOnCancel = boolean('stop-on-cancel');

  if (problems.length > 0) throw new InputError(problems);
  return {
    indexId,
    indexName,
    dataSourceIds,
    dataSourceNames,
    region,
    roleToAssume,
    audience,
    roleSessionName,
    roleDurationSeconds,
    ifRunning,
    waitForCompletion,
    waitTimeoutMinutes,
    pollIntervalSeconds,
    failOnIncomplete,
    stopOnCancel,
  };
}

/** Fills in the `${{ github.* }}` expressions action.yml defaults may hold, as the runner would. */
function expandDefault(value: string, env: NodeJS.ProcessEnv): string {
  return value
    .replace('${{ github.run_id }}', env.GITHUB_RUN_ID ?? 'local')
    .replace('${{ github.run_attempt }}', env.GITHUB_RUN_ATTEMPT ?? '1');
}
