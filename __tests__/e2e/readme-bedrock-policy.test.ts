/**
 * The README's least-privilege Bedrock policy, taken from the README itself, is enough for every
 * feature it is meant to cover, run through the committed bundle against the simulator's IAM;
 * ListKnowledgeBases on the knowledge base ARN instead of "*" is not, because that action has
 * no resource type.
 */
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import type { PolicyDocument } from '../../sim/types.js';
import type { RunResult } from '../../tools/runner.js';
import { whenLogged } from '../helpers/lifecycle.js';
import { readmeJson, readmePolicyWith } from '../helpers/readme.js';
import { ROLE_ARN, useBedrockWorld } from '../helpers/world.js';

// The placeholders the README's Bedrock policy and workflow are written with.
const README_ACCOUNT = '123456789012';
const README_REGION = 'us-east-1';
const README_KNOWLEDGE_BASE_ID = 'KB1A2B3C4D';
const README_DATA_SOURCE_ID = 'DS5E6F7G8H';

const readmePolicy = () => readmeJson('bedrock-policy');
/** With its optional search-check statement. */
const readmePolicyWithSearch = () => readmePolicyWith('bedrock-policy', 'bedrock-search-policy');

/** With its optional statement for managed knowledge bases. */
const readmePolicyWithManaged = () => readmePolicyWith('bedrock-policy', 'bedrock-managed-policy');

/** With its optional failed-documents statements (a list of them). */
const readmePolicyWithDocuments = () =>
  readmePolicyWith('bedrock-policy', 'bedrock-documents-policy');

// The simulator's knowledge base and data source carry the README's IDs, so the policy is used
// exactly as printed (the simulator's account and Region are the README's too).
const world = useBedrockWorld({
  sim: { account: README_ACCOUNT },
  knowledgeBase: { id: README_KNOWLEDGE_BASE_ID, region: README_REGION },
  dataSources: [
    { name: 'website', id: README_DATA_SOURCE_ID },
    { name: 'pdfs', type: 'S3' },
  ],
  startIntervalMs: 0,
});

function grant(json: string): void {
  world.sim.addRole(ROLE_ARN, {
    subject: 'repo:octo-org/docs:*',
    policy: JSON.parse(json) as PolicyDocument,
  });
}

const WAIT = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' };
const BY_NAME = {
  'knowledge-base-id': '',
  'data-source-id': '',
  'knowledge-base-name': 'docs-kb',
  'data-source-name': 'website',
};

const bedrockCalls = (action: string) =>
  world.sim.requests.filter((r) => r.service === 'bedrock' && r.action === action);
const denials = () => world.sim.requests.filter((r) => r.errorCode === 'AccessDeniedException');

/** The features the README's policy covers; each returns the run after its own checks. */
const FEATURES: Record<string, () => Promise<RunResult>> = {
  'start by ID': () => world.run(),
  'knowledge-base-name and data-source-name': async () => {
    const result = await world.run({ ...BY_NAME, ...WAIT });
    expect(bedrockCalls('ListKnowledgeBases')).toHaveLength(1);
    expect(result.outputs.outcome).toBe('succeeded');
    return result;
  },
  'wait-for-completion': async () => {
    const result = await world.run(WAIT);
    expect(result.outputs).toMatchObject({ status: 'COMPLETE', outcome: 'succeeded' });
    return result;
  },
  'if-running: skip, with a running job': async () => {
    world.sim.addIngestionJob(README_KNOWLEDGE_BASE_ID, README_DATA_SOURCE_ID, {
      status: 'IN_PROGRESS',
      script: { status: 'COMPLETE', inProgressMs: 600_000 },
    });
    const result = await world.run({ 'if-running': 'skip' });
    expect(result.outputs).toMatchObject({ skipped: 'true', outcome: 'skipped' });
    return result;
  },
  'if-running: wait, with a job running on another data source': async () => {
    world.sim.addIngestionJob(README_KNOWLEDGE_BASE_ID, world.dataSourceIds[1], {
      status: 'IN_PROGRESS',
      script: { status: 'COMPLETE', inProgressMs: 1500 },
    });
    const result = await world.run({ 'if-running': 'wait', ...WAIT });
    // Finding it took the knowledge base's data sources and their jobs.
    expect(bedrockCalls('ListDataSources').length).toBeGreaterThan(0);
    expect(result.outputs.outcome).toBe('succeeded');
    return result;
  },
  'stop-on-cancel': async () => {
    world.sim.scriptIngestionJobs(README_KNOWLEDGE_BASE_ID, README_DATA_SOURCE_ID, {
      status: 'COMPLETE',
      startingMs: 200,
      inProgressMs: 120_000,
    });
    let signalled: Promise<unknown> | undefined;
    const result = await world.run(WAIT, {
      timeoutMs: 30_000,
      onSpawn: (child: ChildProcess, output) => {
        signalled = whenLogged(output.stdout, /Started ingestion job (\S+) on /).then(() =>
          child.kill('SIGINT'),
        );
      },
    });
    await signalled;
    // Cancelled: the step fails, but the job it started was stopped, not left running.
    const stops = bedrockCalls('StopIngestionJob');
    expect(stops.map((r) => r.status)).toEqual([202]);
    expect(result.code).toBe(1);
    // The only error is the cancellation itself: nothing was denied on the way.
    expect(result.errors).toEqual(['Cancelled (SIGINT).']);
    return { ...result, code: 0, errors: [] };
  },
};

describe("the README's least-privilege Bedrock policy", () => {
  it('is valid IAM JSON written for the placeholders', () => {
    const policy = JSON.parse(readmePolicy()) as PolicyDocument;
    expect(policy.Version).toBe('2012-10-17');
    expect(readmePolicy()).toContain(
      `arn:aws:bedrock:${README_REGION}:${README_ACCOUNT}:knowledge-base/${README_KNOWLEDGE_BASE_ID}`,
    );
  });

  it.each(Object.keys(FEATURES))('allows %s', async (feature) => {
    grant(readmePolicy());
    const result = await FEATURES[feature]();
    expect(denials()).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe('a narrower Bedrock policy (counter-example)', () => {
  it('is denied ListKnowledgeBases on the knowledge base ARN: the action has no resource type', async () => {
    const narrower = readmePolicy().replace(
      /("Action": "bedrock:ListKnowledgeBases",\s*"Resource": )"\*"/,
      `$1"arn:aws:bedrock:${README_REGION}:${README_ACCOUNT}:knowledge-base/${README_KNOWLEDGE_BASE_ID}"`,
    );
    expect(narrower).not.toBe(readmePolicy());
    grant(narrower);
    const result = await world.run({ ...BY_NAME, ...WAIT });
    expect(result.code).toBe(1);
    expect(denials().map((r) => r.action)).toEqual(['ListKnowledgeBases']);
    expect(result.errors.join('\n')).toContain('Allow "bedrock:ListKnowledgeBases" on "*"');
    expect(bedrockCalls('StartIngestionJob')).toHaveLength(0);
  });
});

describe("the README's optional Bedrock search-check statement", () => {
  const CHECK = { ...WAIT, 'check-query': 'install cli', 'check-expect': '/guide/install' };
  const seedDocs = () =>
    world.sim.addKnowledgeBaseDocuments(README_KNOWLEDGE_BASE_ID, README_DATA_SOURCE_ID, [
      { location: 'https://docs.example.com/guide/install', text: 'Install the CLI.' },
    ]);

  it('allows the search check (bedrock:Retrieve on the knowledge base)', async () => {
    grant(readmePolicyWithSearch());
    seedDocs();
    const result = await world.run(CHECK);
    expect(denials()).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs['check-rank']).toBe('1');
  });

  it('is needed for it: without it the check fails naming bedrock:Retrieve and the ARN', async () => {
    grant(readmePolicy());
    seedDocs();
    const result = await world.run(CHECK);
    expect(result.code).toBe(1);
    expect(denials().map((r) => r.action)).toEqual(['Retrieve']);
    expect(result.errors.join('\n')).toContain('bedrock:Retrieve');
    expect(result.errors.join('\n')).toContain(
      `arn:aws:bedrock:${README_REGION}:${README_ACCOUNT}:knowledge-base/${README_KNOWLEDGE_BASE_ID}`,
    );
  });
});

describe("the README's optional Bedrock failed-documents statements", () => {
  const INCOMPLETE = { ...WAIT, 'fail-on-incomplete': 'false' };
  const failDocuments = (dataSourceId: string) =>
    world.sim.scriptIngestionJobs(README_KNOWLEDGE_BASE_ID, dataSourceId, {
      startingMs: 200,
      inProgressMs: 400,
      statistics: { numberOfDocumentsFailed: 2 },
    });
  const explaining = () =>
    world.sim.requests
      .filter((r) => r.service === 'logs' || r.action === 'ListKnowledgeBaseDocuments')
      .map((r) => r.action);

  it('allow reading the application logs, found through the delivery API', async () => {
    grant(readmePolicyWithDocuments());
    world.sim.setKnowledgeBaseLogging(README_KNOWLEDGE_BASE_ID);
    failDocuments(README_DATA_SOURCE_ID);
    const result = await world.run(INCOMPLETE);
    expect(denials()).toEqual([]);
    expect(result.code).toBe(0);
    expect(explaining()).toEqual([
      'DescribeDeliverySources',
      'DescribeDeliveries',
      'GetDeliveryDestination',
      'FilterLogEvents',
    ]);
    expect(result.stdout).toContain('https://docs.example.com/page-1 (EMBEDDING_FAILED)');
  });

  it('allow the document list of an S3 data source', async () => {
    grant(readmePolicyWithDocuments());
    failDocuments(world.dataSourceIds[1]);
    const result = await world.run({ ...INCOMPLETE, 'data-source-id': world.dataSourceIds[1] });
    expect(denials()).toEqual([]);
    expect(result.code).toBe(0);
    expect(explaining()).toEqual(['DescribeDeliverySources', 'ListKnowledgeBaseDocuments']);
    expect(result.stdout).toContain('s3://docs-example-bucket/site/page-1.html (FAILED)');
  });

  it('are needed for them: without, each denied call is a line saying what to grant, and the outcome stands', async () => {
    grant(readmePolicy());
    world.sim.setKnowledgeBaseLogging(README_KNOWLEDGE_BASE_ID);
    failDocuments(world.dataSourceIds[1]);
    const result = await world.run({ ...INCOMPLETE, 'data-source-id': world.dataSourceIds[1] });
    expect(result.code).toBe(0);
    expect(result.outputs.outcome).toBe('incomplete');
    expect(denials().map((r) => r.action)).toEqual([
      'DescribeDeliverySources',
      'ListKnowledgeBaseDocuments',
    ]);
    expect(result.stdout).toContain('Allow "logs:DescribeDeliverySources" on "*"');
    expect(result.stdout).toContain(
      `Allow "bedrock:ListKnowledgeBaseDocuments" on "arn:aws:bedrock:${README_REGION}:${README_ACCOUNT}:knowledge-base/${README_KNOWLEDGE_BASE_ID}"`,
    );
  });
});

describe("the README's optional statement for managed knowledge bases", () => {
  it('allows reading a data source not ready yet, and the knowledge base type', async () => {
    grant(readmePolicyWithManaged());
    const wiki = world.sim.addBedrockDataSource(README_KNOWLEDGE_BASE_ID, {
      name: 'wiki',
      status: 'UPDATING',
      readyInMs: 2500,
    });
    const result = await world.run({
      ...WAIT,
      'data-source-id': `${README_DATA_SOURCE_ID},${wiki}`,
    });
    expect(denials()).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(bedrockCalls('GetKnowledgeBase')).toHaveLength(1);
    expect(bedrockCalls('GetDataSource').length).toBeGreaterThan(0);
  });

  it('is needed for it: without, the refused start is reported as it came', async () => {
    grant(readmePolicy());
    const wiki = world.sim.addBedrockDataSource(README_KNOWLEDGE_BASE_ID, {
      name: 'wiki',
      status: 'UPDATING',
      readyInMs: 60_000,
    });
    const result = await world.run({ ...WAIT, 'data-source-id': wiki });
    expect(result.code).toBe(1);
    expect(denials().map((r) => r.action)).toEqual(['GetDataSource']);
    expect(result.errors.join('\n')).toContain(`Data source ${wiki} is in UPDATING state`);
  });
});
