/**
 * Bad input fails fast: every input is checked before any network request, and each problem is
 * one `::error::` naming the input and showing its value. The cases run concurrently against one
 * simulator that no case may reach (the last test checks it saw nothing at all).
 */
import { describe, expect, it } from '@jest/globals';
import { actionYaml } from '../../tools/runner.js';
import { expectCleanFailure } from '../helpers/clean-failure.js';
import { useWorld } from '../helpers/world.js';

const world = useWorld();

const INDEX_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

interface Case {
  /** What the `::error::` must name: the inputs (or environment variable). */
  names: string[];
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** The offending value as the message shows it; omitted when there is no value to show. */
  shows?: string;
}

const bad = (input: string, value: string): [string, Case] => [
  `${input}: ${JSON.stringify(value)}`,
  { names: [input], inputs: { [input]: value }, shows: value },
];

const cases: Array<[string, Case]> = [
  bad('index-id', 'abc'),
  bad('index-id', `${INDEX_ID}0`),
  bad('index-id', `-${INDEX_ID.slice(1)}`),
  bad('index-id', INDEX_ID.replace('e5f6', 'e5_6')),
  [
    'index-name: "docs index"',
    {
      names: ['index-name'],
      inputs: { 'index-id': '', 'index-name': 'docs index' },
      shows: 'docs index',
    },
  ],
  [
    'index-name: "-docs"',
    { names: ['index-name'], inputs: { 'index-id': '', 'index-name': '-docs' }, shows: '-docs' },
  ],
  bad('data-source-id', 'web site'),
  bad('data-source-id', 'x'.repeat(101)),
  [
    'data-source-id: one bad in a list',
    {
      names: ['data-source-id'],
      inputs: { 'data-source-id': 'good-1,_bad,good-2' },
      shows: '_bad',
    },
  ],
  [
    'data-source-name: "my docs!"',
    {
      names: ['data-source-name'],
      inputs: { 'data-source-id': '', 'data-source-name': 'my docs!' },
      shows: 'my docs!',
    },
  ],
  bad('aws-region', 'us-east'),
  bad('aws-region', 'US-EAST-1'),
  [
    'AWS_REGION (aws-region empty): "moon-base"',
    {
      names: ['AWS_REGION'],
      inputs: { 'aws-region': '' },
      env: { AWS_REGION: 'moon-base', AWS_DEFAULT_REGION: undefined },
      shows: 'moon-base',
    },
  ],
  [
    'AWS_DEFAULT_REGION (aws-region and AWS_REGION empty): "Frankfurt"',
    {
      names: ['AWS_DEFAULT_REGION'],
      inputs: { 'aws-region': '' },
      env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: 'Frankfurt' },
      shows: 'Frankfurt',
    },
  ],
  [
    'no region at all',
    {
      names: ['aws-region'],
      inputs: { 'aws-region': '' },
      env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined },
    },
  ],
  bad('role-to-assume', 'kendra-sync'),
  bad('role-to-assume', 'arn:aws:iam::1234:role/kendra-sync'),
  bad('role-to-assume', 'arn:aws:iam::123456789012:user/kendra-sync'),
  bad('audience', 'sts amazonaws com'),
  bad('role-session-name', 'a'),
  bad('role-session-name', 'docs sync'),
  bad('role-session-name', 's'.repeat(65)),
  bad('role-duration-seconds', '899'),
  bad('role-duration-seconds', '43201'),
  bad('role-duration-seconds', 'an hour'),
  bad('role-duration-seconds', '900.5'),
  bad('role-duration-seconds', '-900'),
  bad('if-running', 'queue'),
  bad('wait-for-completion', 'yes'),
  bad('wait-timeout-minutes', '0'),
  bad('wait-timeout-minutes', 'soon'),
  bad('poll-interval-seconds', '0'),
  bad('poll-interval-seconds', '1.5'),
  bad('fail-on-incomplete', 'maybe'),
  bad('stop-on-cancel', 'no'),
  bad('failed-documents', '-1'),
  bad('failed-documents', 'all'),
  [
    'knowledge-base-id: "kb-1"',
    {
      names: ['knowledge-base-id'],
      inputs: { 'index-id': '', 'knowledge-base-id': 'kb-1', 'data-source-id': 'DS12345678' },
      shows: 'kb-1',
    },
  ],
  [
    'knowledge-base-name: "docs kb"',
    {
      names: ['knowledge-base-name'],
      inputs: { 'index-id': '', 'knowledge-base-name': 'docs kb', 'data-source-id': 'DS12345678' },
      shows: 'docs kb',
    },
  ],
  [
    'a Kendra data source ID for a knowledge base',
    {
      names: ['data-source-id'],
      inputs: { 'index-id': '', 'knowledge-base-id': 'KB12345678', 'data-source-id': 'website' },
      shows: 'website',
    },
  ],
  [
    'index-id together with knowledge-base-id',
    { names: ['index-id', 'knowledge-base-id'], inputs: { 'knowledge-base-id': 'KB12345678' } },
  ],
  [
    'index-id together with index-name',
    { names: ['index-id', 'index-name'], inputs: { 'index-name': 'docs-index' } },
  ],
  [
    'data-source-id together with data-source-name',
    { names: ['data-source-id', 'data-source-name'], inputs: { 'data-source-name': 'website' } },
  ],
  [
    'neither index-id nor index-name',
    { names: ['index-id', 'index-name'], inputs: { 'index-id': '' } },
  ],
  [
    'neither data-source-id nor data-source-name',
    { names: ['data-source-id', 'data-source-name'], inputs: { 'data-source-id': '' } },
  ],
  // The search check: it needs a waited sync and an expected location; nothing does nothing.
  [
    'check-query without wait-for-completion: true',
    {
      names: ['check-query'],
      inputs: { 'check-query': 'install guide', 'check-expect': '/guide/install' },
      shows: 'install guide',
    },
  ],
  [
    'check-query without check-expect',
    {
      names: ['check-query', 'check-expect'],
      inputs: { 'check-query': 'install guide', 'wait-for-completion': 'true' },
    },
  ],
  bad('check-results', '101'),
  bad('check-expect', '/guide/install'),
  // Its value is never repeated: it may be a secret pasted by mistake.
  [
    'check-user without check-query',
    { names: ['check-user', 'check-query'], inputs: { 'check-user': 'dev@example.com' } },
  ],
  // Separators only: a list with nothing in it is no data source at all.
  [
    'data-source-id: " , \\n "',
    { names: ['data-source-id'], inputs: { 'data-source-id': ' , \n ' } },
  ],
];

describe('bad inputs fail fast', () => {
  it('covers every input action.yml declares', () => {
    const covered = new Set(cases.flatMap(([, c]) => c.names));
    for (const input of Object.keys(actionYaml.inputs)) expect(covered).toContain(input);
  });

  it.concurrent.each(cases)('%s', async (_title, { names, inputs, env, shows }) => {
    const result = await world.run(inputs, { env, timeoutMs: 20_000 });
    expectCleanFailure(result);
    expect(result.errors).toHaveLength(1);
    const [message] = result.errors;
    for (const name of names) expect(message).toContain(`'${name}'`);
    if (shows !== undefined) expect(message).toContain(JSON.stringify(shows));
    // Nothing was started, nothing was output; the job summary says why.
    expect(result.outputs).toEqual({});
    expect(result.summary).toContain('no sync was started');
    expect(world.sim.requests).toEqual([]);
  });

  it.concurrent('reports several bad inputs at once, one annotation each', async () => {
    const result = await world.run(
      {
        'index-id': 'abc',
        'aws-region': 'mars-1',
        'role-duration-seconds': '60',
        'if-running': 'queue',
        'poll-interval-seconds': '0',
        'stop-on-cancel': 'nope',
      },
      { timeoutMs: 20_000 },
    );
    expectCleanFailure(result);
    const expected: Array<[string, string]> = [
      ['index-id', 'abc'],
      ['aws-region', 'mars-1'],
      ['role-duration-seconds', '60'],
      ['if-running', 'queue'],
      ['poll-interval-seconds', '0'],
      ['stop-on-cancel', 'nope'],
    ];
    expect(result.errors).toHaveLength(expected.length);
    for (const [input, value] of expected) {
      expect(
        result.errors.filter((e) => e.includes(`'${input}'`) && e.includes(JSON.stringify(value))),
      ).toHaveLength(1);
    }
    expect(world.sim.requests).toEqual([]);
  });

  it('and the simulator never saw a single request from any of them', () => {
    expect(world.sim.requests).toEqual([]);
  });
});
