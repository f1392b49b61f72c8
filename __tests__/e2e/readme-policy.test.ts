/**
 * The README's least-privilege policy, taken from the README itself, is enough for every
 * feature it is meant to cover; the policy the README used to print (sync-job actions on the
 * data source ARN alone, ListIndices on index/*) is not, because IAM authorises the sync-job
 * actions against the index and the data source, and ListIndices only against "*".
 */
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import type { PolicyDocument } from '../../sim/types.js';
import { ago, FAST, WAIT, kendraCalls, whenLogged } from '../helpers/lifecycle.js';
import { readmeJson, readmePolicyWith } from '../helpers/readme.js';
import { REGION, ROLE_ARN, useWorld } from '../helpers/world.js';

const world = useWorld();

// The placeholders the README's policy is written with.
const README_ACCOUNT = '123456789012';
const README_REGION = 'us-east-1';
const README_INDEX_ID = '0123abcd-4567-89ef-0123-456789abcdef';
const README_DATA_SOURCE_ID = '89abcdef-0123-4567-89ab-cdef01234567';
const ACCOUNT = '123456789012';

const readmePolicy = () => readmeJson('kendra-policy');
/** With its optional statements: the failed-documents logs, the search check. */
const readmePolicyWithLogs = () => readmePolicyWith('kendra-policy', 'kendra-logs-policy');
const readmePolicyWithSearch = () => readmePolicyWith('kendra-policy', 'kendra-search-policy');

/** The README's policy before this fix, with the table's ListIndices and ListDataSources rows. */
const OLD_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SyncDocsDataSource",
      "Effect": "Allow",
      "Action": [
        "kendra:StartDataSourceSyncJob",
        "kendra:ListDataSourceSyncJobs",
        "kendra:StopDataSourceSyncJob"
      ],
      "Resource": "arn:aws:kendra:us-east-1:123456789012:index/0123abcd-4567-89ef-0123-456789abcdef/data-source/89abcdef-0123-4567-89ab-cdef01234567"
    },
    {
      "Effect": "Allow",
      "Action": "kendra:ListIndices",
      "Resource": "arn:aws:kendra:us-east-1:123456789012:index/*"
    },
    {
      "Effect": "Allow",
      "Action": "kendra:ListDataSources",
      "Resource": "arn:aws:kendra:us-east-1:123456789012:index/0123abcd-4567-89ef-0123-456789abcdef"
    }
  ]
}`;

/** A policy written for the README's placeholders, made to fit this world's IDs. */
function forWorld(json: string): PolicyDocument {
  return JSON.parse(
    json
      .replaceAll(README_INDEX_ID, world.indexId)
      .replaceAll(README_DATA_SOURCE_ID, world.dataSourceId)
      .replaceAll(`:${README_ACCOUNT}:`, `:${ACCOUNT}:`)
      .replaceAll(`:${README_REGION}:`, `:${REGION}:`),
  ) as PolicyDocument;
}

function grant(json: string): void {
  world.sim.addRole(ROLE_ARN, { subject: 'repo:octo-org/docs:*', policy: forWorld(json) });
}

const BY_NAME = {
  'index-id': '',
  'data-source-id': '',
  'index-name': 'docs-index',
  'data-source-name': 'website',
};

const LONG = { status: 'SUCCEEDED', syncingMs: 120_000, indexingMs: 1000 } as const;

/** The features the README's policy covers; each returns the run's errors after its checks. */
const FEATURES: Record<string, () => Promise<{ code: number | null; errors: string[] }>> = {
  'start by ID': () => world.run(),
  'index-name and data-source-name': () => world.run({ ...BY_NAME, ...WAIT }),
  'wait-for-completion': () => world.run(WAIT),
  'if-running: skip, with a running job': () => {
    world.sim.addJob(world.indexId, world.dataSourceId, {
      status: 'SYNCING',
      startTime: ago(60_000),
      script: { status: 'SUCCEEDED', syncingMs: 600_000 },
    });
    return world.run({ 'if-running': 'skip' });
  },
  'if-running: wait, with a running job': () => {
    world.sim.addJob(world.indexId, world.dataSourceId, {
      status: 'SYNCING',
      startTime: ago(60_000),
      script: { status: 'SUCCEEDED', syncingMs: 300, indexingMs: 300 },
    });
    return world.run({ 'if-running': 'wait', ...FAST });
  },
  'stop-on-cancel': async () => {
    world.sim.scriptJobs(world.indexId, world.dataSourceId, LONG);
    let signalled: Promise<unknown> | undefined;
    const result = await world.run(WAIT, {
      timeoutMs: 30_000,
      onSpawn: (child: ChildProcess, output) => {
        signalled = whenLogged(output.stdout, /Started sync job (\S+) on /).then(() =>
          child.kill('SIGINT'),
        );
      },
    });
    await signalled;
    // Cancelled: the step fails, but the job it started was stopped, not left running.
    const stops = kendraCalls(world.sim, 'StopDataSourceSyncJob');
    if (stops.length !== 1 || stops[0].status !== 200) {
      return { code: 1, errors: [...result.errors, 'StopDataSourceSyncJob did not succeed'] };
    }
    return { code: 0, errors: result.errors.filter((e) => /AccessDenied|Access denied/.test(e)) };
  },
};

const denials = () => world.sim.requests.filter((r) => r.errorCode === 'AccessDeniedException');

describe("the README's least-privilege policy", () => {
  it('is valid IAM JSON written for the placeholders', () => {
    const policy = JSON.parse(readmePolicy()) as PolicyDocument;
    expect(policy.Version).toBe('2012-10-17');
    expect(readmePolicy()).toContain(README_INDEX_ID);
    expect(readmePolicy()).toContain(README_DATA_SOURCE_ID);
  });

  it.each(Object.keys(FEATURES))('allows %s', async (feature) => {
    grant(readmePolicy());
    const result = await FEATURES[feature]();
    expect(denials()).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe("the README's old policy (counter-example)", () => {
  it('is denied StartDataSourceSyncJob: the data source ARN alone is not enough', async () => {
    grant(OLD_POLICY);
    const result = await FEATURES['start by ID']();
    expect(result.code).toBe(1);
    expect(denials().map((r) => r.action)).toEqual(['StartDataSourceSyncJob']);
    expect(result.errors.join('\n')).toContain('kendra:StartDataSourceSyncJob');
    expect(result.errors.join('\n')).toContain(
      `arn:aws:kendra:${REGION}:${ACCOUNT}:index/${world.indexId}"`,
    );
  });

  it('is denied ListIndices: index/* does not match an action with no resource type', async () => {
    grant(OLD_POLICY);
    const result = await FEATURES['index-name and data-source-name']();
    expect(result.code).toBe(1);
    expect(denials().map((r) => r.action)).toEqual(['ListIndices']);
    expect(result.errors.join('\n')).toContain('Allow "kendra:ListIndices" on "*"');
  });
});

describe("the README's optional CloudWatch Logs statement", () => {
  const INCOMPLETE = {
    status: 'INCOMPLETE',
    syncingMs: 300,
    indexingMs: 300,
    failedDocuments: 3,
  } as const;

  it('shows the failed documents of an INCOMPLETE sync', async () => {
    grant(readmePolicyWithLogs());
    world.sim.scriptJobs(world.indexId, world.dataSourceId, INCOMPLETE);
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expect(denials()).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Failed documents in data source \S+ \(sync job \S+\), 3 shown/);
    expect(JSON.parse(result.outputs.results)[0].failedDocuments).toHaveLength(3);
  });

  it('is optional: without it the run says what to grant and carries on', async () => {
    grant(readmePolicy());
    world.sim.scriptJobs(world.indexId, world.dataSourceId, INCOMPLETE);
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expect(result.code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.stdout).toContain(
      `Allow "logs:FilterLogEvents" on "arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/kendra/${world.indexId}:*"`,
    );
  });
});

describe("the README's optional search-check statement", () => {
  const CHECK = { ...WAIT, 'check-query': 'install cli', 'check-expect': '/guide/install' };
  const seedDocs = () =>
    world.sim.addDocuments(world.indexId, world.dataSourceId, [
      { location: 'https://docs.example.com/guide/install', text: 'Install the CLI.' },
    ]);

  it('allows the search check (kendra:Retrieve on the index)', async () => {
    grant(readmePolicyWithSearch());
    seedDocs();
    const result = await world.run(CHECK);
    expect(denials()).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs['check-rank']).toBe('1');
  });

  it('is needed for it: without it the check fails naming kendra:Retrieve and the index ARN', async () => {
    grant(readmePolicy());
    seedDocs();
    const result = await world.run(CHECK);
    expect(result.code).toBe(1);
    expect(denials().map((r) => r.action)).toEqual(['Retrieve']);
    expect(result.errors.join('\n')).toContain('kendra:Retrieve');
    expect(result.errors.join('\n')).toContain(
      `arn:aws:kendra:${REGION}:${ACCOUNT}:index/${world.indexId}`,
    );
  });
});
