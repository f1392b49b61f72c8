import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULTS, readInputs } from '../../src/inputs.js';
import { InputError } from '../../src/errors.js';
import { actionYaml } from '../../tools/runner.js';

const INDEX_ID = '0123456789abcdef0123456789abcdef0123';
const set = new Set<string>();

function withInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) {
    const key = `INPUT_${name.toUpperCase()}`;
    process.env[key] = value;
    set.add(key);
  }
}

function problemsOf(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] {
  withInputs(inputs);
  try {
    readInputs(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected an InputError');
}

const valid = { 'index-id': INDEX_ID, 'data-source-id': 'ds-1', 'aws-region': 'us-east-1' };

afterEach(() => {
  for (const key of set) delete process.env[key];
  set.clear();
});

describe('readInputs', () => {
  it('keeps the defaults equal to the ones action.yml declares', () => {
    for (const [name, value] of Object.entries(DEFAULTS)) {
      expect(actionYaml.inputs[name]?.default).toBe(value);
    }
    const declared = Object.entries(actionYaml.inputs)
      .filter(([, spec]) => spec.default !== undefined)
      .map(([name]) => name);
    expect(declared.sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it('reads a minimal valid set with defaults applied', () => {
    withInputs(valid);
    const inputs = readInputs({}, undefined, { runId: '77', runAttempt: '2' });
    expect(inputs).toMatchObject({
      containerId: INDEX_ID,
      dataSourceIds: ['ds-1'],
      dataSourceNames: [],
      region: 'us-east-1',
      audience: 'sts.amazonaws.com',
      roleSessionName: 'kendra-sync-77-2',
      roleDurationSeconds: 900,
      ifRunning: 'wait',
      waitForCompletion: false,
      waitTimeoutMinutes: 60,
      pollIntervalSeconds: 30,
      failOnIncomplete: true,
      stopOnCancel: true,
    });
    expect(inputs.roleToAssume).toBeUndefined();
  });

  it('splits lists on commas and newlines, dropping blanks and duplicates', () => {
    withInputs({ ...valid, 'data-source-id': 'a, b\n\n c,a,,\nb' });
    expect(readInputs().dataSourceIds).toEqual(['a', 'b', 'c']);
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    withInputs({ ...valid, 'aws-region': '' });
    expect(readInputs({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe(
      'eu-west-1',
    );
    expect(readInputs({ AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
  });

  it.each([
    ['index-id', 'abc', /Input 'index-id' is "abc": .*exactly 36 characters/],
    ['index-id', `-${INDEX_ID.slice(1)}`, /starting with a letter or digit/],
    ['data-source-id', 'ok,bad id', /Input 'data-source-id' is "bad id"/],
    ['data-source-id', 'x'.repeat(101), /1-100 characters/],
    ['aws-region', 'mars-1', /Input 'aws-region' is "mars-1": .*Region code/],
    ['role-to-assume', 'my-role', /Input 'role-to-assume' is "my-role": .*IAM role ARN/],
    ['audience', 'a b', /Input 'audience' is "a b"/],
    ['role-session-name', 'x', /Input 'role-session-name' is "x": .*2-64/],
    ['role-session-name', 'has space', /2-64 characters/],
    ['role-duration-seconds', '899', /'role-duration-seconds' is "899": .*900 to 43200/],
    ['role-duration-seconds', '43201', /900 to 43200/],
    ['role-duration-seconds', '1e3', /whole number/],
    ['if-running', 'queue', /Input 'if-running' is "queue": it must be one of wait, skip, fail/],
    ['wait-for-completion', 'yes', /'wait-for-completion' is "yes": it must be true or false/],
    ['wait-timeout-minutes', '0', /'wait-timeout-minutes' is "0"/],
    ['wait-timeout-minutes', '1.5', /whole number/],
    ['poll-interval-seconds', '0', /'poll-interval-seconds' is "0": .*from 1/],
    ['poll-interval-seconds', '-5', /whole number/],
    ['fail-on-incomplete', 'maybe', /'fail-on-incomplete' is "maybe"/],
    ['stop-on-cancel', 'nope', /'stop-on-cancel' is "nope"/],
    ['index-name', 'has space', /Input 'index-name' is "has space"/],
  ])('rejects %s = %j naming the input, value and rule', (name, value, pattern) => {
    const inputs: Record<string, string> = { ...valid, [name]: value };
    if (name === 'index-name') inputs['index-id'] = '';
    const problems = problemsOf(inputs);
    expect(problems.join('\n')).toMatch(pattern);
  });

  it('rejects an ID input together with its name input', () => {
    expect(problemsOf({ ...valid, 'index-name': 'docs' }).join('\n')).toMatch(
      /'index-id' and 'index-name' are both set/,
    );
    expect(problemsOf({ ...valid, 'data-source-name': 'web' }).join('\n')).toMatch(
      /'data-source-id' and 'data-source-name' are both set/,
    );
  });

  it('requires an index, a data source and a region, reporting all at once', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/'index-id' is required/);
    expect(problems.join('\n')).toMatch(/'data-source-id' is required/);
    expect(problems.join('\n')).toMatch(/No AWS Region/);
  });

  it('names the environment variable when the region from the environment is bad', () => {
    expect(problemsOf({ ...valid, 'aws-region': '' }, { AWS_REGION: 'nowhere' }).join()).toMatch(
      /Environment variable 'AWS_REGION' is "nowhere"/,
    );
  });

  it('accepts the boolean spellings of the YAML 1.2 core schema', () => {
    for (const value of ['true', 'True', 'TRUE']) {
      withInputs({ ...valid, 'wait-for-completion': value });
      expect(readInputs().waitForCompletion).toBe(true);
    }
    withInputs({ ...valid, 'wait-for-completion': 'FALSE' });
    expect(readInputs().waitForCompletion).toBe(false);
  });

  it('treats an empty defaulted input as its default', () => {
    withInputs({ ...valid, 'if-running': '', 'poll-interval-seconds': '' });
    expect(readInputs()).toMatchObject({ ifRunning: 'wait', pollIntervalSeconds: 30 });
  });
});

describe('Amazon Bedrock inputs', () => {
  const bedrock = {
    'knowledge-base-id': 'KB12345678',
    'data-source-id': 'DS12345678',
    'aws-region': 'us-east-1',
  };

  it('reads a knowledge base as the Bedrock service, with its own ID rules', () => {
    withInputs(bedrock);
    expect(readInputs({})).toMatchObject({
      service: 'bedrock',
      containerId: 'KB12345678',
      dataSourceIds: ['DS12345678'],
    });
  });

  it.each([
    ['knowledge-base-id', 'KB1234567', /exactly 10 letters and digits.*It is 9 characters long/],
    ['knowledge-base-id', 'KB-2345678', /It holds "-", at position 3/],
    ['data-source-id', 'ds-1', /Input 'data-source-id' is "ds-1": a Bedrock data source ID/],
    ['data-source-id', 'DS1234567 ', /./],
  ])('rejects %s = %j', (name, value, pattern) => {
    const problems = problemsOf({ ...bedrock, [name]: value });
    expect(problems.join('\n')).toMatch(pattern);
  });

  it('takes exactly one of the four container inputs', () => {
    expect(problemsOf({ ...bedrock, 'index-id': INDEX_ID }).join('\n')).toMatch(
      /'index-id' and 'knowledge-base-id' are both set/,
    );
  });
});

describe('role-to-assume: every role ARN IAM accepts, and nothing else', () => {
  const accepted = [
    'arn:aws:iam::123456789012:role/kendra-sync',
    'arn:aws:iam::123456789012:role/a',
    `arn:aws:iam::123456789012:role/${'n'.repeat(64)}`,
    'arn:aws:iam::123456789012:role/service-role/docs+sync=1,x.y@z_w-v',
    'arn:aws:iam::123456789012:role/a/b/c/docs',
    'arn:aws:iam::123456789012:role/~team!/(x)*/docs',
    `arn:aws:iam::123456789012:role/${'p'.repeat(510)}/docs`,
    'arn:aws-cn:iam::123456789012:role/docs',
    'arn:aws-us-gov:iam::123456789012:role/docs',
    'arn:aws-iso-b:iam::123456789012:role/docs',
  ];
  const rejected = [
    'arn:aws:iam::12345678901:role/docs',
    'arn:aws:iam::123456789012:user/docs',
    'arn:aws:iam::123456789012:role/',
    `arn:aws:iam::123456789012:role/${'n'.repeat(65)}`,
    'arn:aws:iam::123456789012:role/has space',
    'arn:aws:iam::123456789012:role/path with space/docs',
    `arn:aws:iam::123456789012:role/${'p'.repeat(511)}/docs`,
    'arn:aws:iam::123456789012:role/docs/',
    'arn:aws:sts::123456789012:assumed-role/docs/s',
    'docs',
  ];
  it.each(accepted)('accepts %s', (arn) => {
    withInputs({ ...valid, 'role-to-assume': arn });
    expect(readInputs({}).roleToAssume).toBe(arn);
  });
  it.each(rejected)('rejects %s', (arn) => {
    expect(problemsOf({ ...valid, 'role-to-assume': arn }).join('\n')).toMatch(
      /Input 'role-to-assume'/,
    );
  });
});

describe('defaults that arrive unexpanded (local runners)', () => {
  it('expands ${{ github.run_id }} and ${{ github.run_attempt }} from the run context', () => {
    withInputs({ ...valid, 'role-session-name': DEFAULTS['role-session-name'] });
    expect(readInputs({}, undefined, { runId: '9', runAttempt: '3' }).roleSessionName).toBe(
      'kendra-sync-9-3',
    );
  });
});

describe('the search check inputs', () => {
  const waited = { ...valid, 'wait-for-completion': 'true' };

  it('reads a check with its defaults: the first 5 results', () => {
    withInputs({ ...waited, 'check-query': 'install guide', 'check-expect': '/guide/install' });
    expect(readInputs().check).toEqual({
      query: 'install guide',
      expect: '/guide/install',
      count: 5,
    });
  });

  it('reads no check without check-query', () => {
    withInputs(waited);
    expect(readInputs().check).toBeUndefined();
  });

  it('needs wait-for-completion: true and check-expect, reporting both at once', () => {
    expect(problemsOf({ ...valid, 'check-query': 'install' })).toEqual([
      "Input 'check-query' needs 'check-expect': the text one result's location must contain, such as a page's path (/guide/install).",
      `Input 'check-query' is "install", but wait-for-completion is false: the check searches after the sync jobs end, so set wait-for-completion: true.`,
    ]);
  });

  it.each(['0', '101', 'five', '2.5'])('rejects check-results %j: 1 to 100', (value) => {
    expect(
      problemsOf({ ...waited, 'check-query': 'q', 'check-expect': 'e', 'check-results': value }),
    ).toEqual([
      `Input 'check-results' is ${JSON.stringify(value)}: it must be a whole number from 1 to 100.`,
    ]);
  });

  it.each([
    ['dev@example.com', false],
    ['octocat', false],
    ['a1B2c3D4e5F6g7H8i9J0k1L2', true],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig42', true],
  ])('reads check-user %j (looks like a secret: %s)', (user, secret) => {
    withInputs({ ...waited, 'check-query': 'q', 'check-expect': 'e', 'check-user': user });
    expect(readInputs().check?.user).toEqual({ id: user, secret });
  });

  it('rejects check-user without check-query, without repeating its value', () => {
    const problems = problemsOf({ ...waited, 'check-user': 'a1B2c3D4e5F6g7H8i9J0k1L2' });
    expect(problems).toEqual([
      "Input 'check-user' is only used with 'check-query', which is empty: set check-query to the text to search for, or remove check-user.",
    ]);
  });

  it('rejects check-expect without check-query: it would do nothing', () => {
    expect(problemsOf({ ...waited, 'check-expect': '/guide' })).toEqual([
      `Input 'check-expect' is "/guide": it is only used with 'check-query', which is empty: set check-query to the text to search for.`,
    ]);
  });
});
