// The simulated CloudWatch Logs (FilterLogEvents) and the logs the simulated Kendra writes for
// failed documents, through the real @aws-sdk/client-cloudwatch-logs and the AWS CLI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { KendraClient, StartDataSourceSyncJobCommand } from '@aws-sdk/client-kendra';
import { startSimulator, type Simulator, type UserCredentials } from '../sim/index.js';
import { type Creds, signedRequest } from './helpers/signed.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const QUICK = { syncingMs: 40, indexingMs: 60 };

let sim: Simulator;
let user: UserCredentials;
let indexId: string;
let dsId: string;
let group: string;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.setDefaultJob(QUICK);
  user = sim.addUser('ci', { allow: ['kendra:*', 'logs:*'] });
  indexId = sim.addIndex({ name: 'docs-index' });
  dsId = sim.addDataSource(indexId, { name: 'website' });
  group = `/aws/kendra/${indexId}`;
});

function logs(creds: Creds = user, extra: Record<string, unknown> = {}) {
  return new CloudWatchLogsClient({
    region: REGION,
    endpoint: sim.url,
    maxAttempts: 1,
    credentials: creds,
    ...extra,
  });
}

const filter = (input: Partial<FilterLogEventsCommandInput>, creds: Creds = user) =>
  logs(creds).send(new FilterLogEventsCommand({ logGroupName: group, ...input }));

async function sync(): Promise<{ executionId: string; start: number }> {
  const start = Date.now();
  const out = await new KendraClient({
    region: REGION,
    endpoint: sim.url,
    maxAttempts: 1,
    credentials: user,
  }).send(new StartDataSourceSyncJobCommand({ IndexId: indexId, Id: dsId }));
  return { executionId: out.ExecutionId!, start };
}

async function ended(executionId: string) {
  for (let i = 0; i < 1000 && sim.job(executionId)?.endTime === undefined; i++) await sleep(10);
  return sim.job(executionId)!;
}

describe('Kendra writes failed documents to /aws/kendra/<index-id>', () => {
  test('an INCOMPLETE job: one job stream, one document stream, entries inside the job window', async () => {
    sim.scriptJobs(indexId, dsId, { status: 'INCOMPLETE', metrics: { failed: 4 } });
    await expect(filter({})).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
      message: 'The specified log group does not exist.',
    });
    const { executionId } = await sync();
    const job = await ended(executionId);
    const out = await filter({
      logStreamNamePrefix: `${dsId}/`,
      startTime: job.startTime.getTime(),
      endTime: job.endTime!.getTime(),
    });
    const events = out.events!;
    expect(events).toHaveLength(4);
    expect(out.nextToken).toBeUndefined();
    const hour = job.startTime.toISOString().slice(0, 13).replace('T', '-');
    const jobStream = `${dsId}/${hour}/${executionId}`;
    const streams = [...new Set(events.map((e) => e.logStreamName))];
    expect(streams).toHaveLength(2);
    expect(streams).toContain(jobStream);
    const docStream = streams.find((s) => s !== jobStream)!;
    expect(docStream).toMatch(new RegExp(`^${dsId}/${hour}/[0-9a-f-]{36}$`));

    const entries = events.map((e) => JSON.parse(e.message!) as Record<string, string>);
    expect(entries.map((e) => e.DocumentId)).toEqual(['doc-1', 'doc-2', 'doc-3', 'doc-4']);
    expect(entries[0]).toEqual({
      DocumentId: 'doc-1',
      SourceURI: 'https://docs.example.com/page-1',
      ErrorCode: 'InvalidDocumentMetadata',
      ErrorMessage: expect.any(String),
    });
    expect(entries[1]).toMatchObject({ IndexingStatus: 'DocumentFailedToIndex' });
    expect(entries[2]).toHaveProperty('S3Path');
    expect(events.filter((e) => e.logStreamName === docStream)).toHaveLength(2);
    for (const e of events) {
      expect(e.timestamp!).toBeGreaterThanOrEqual(job.startTime.getTime());
      expect(e.timestamp!).toBeLessThanOrEqual(job.endTime!.getTime());
      expect(e.eventId).toMatch(/^\d{56}$/);
      expect(e.ingestionTime!).toBeGreaterThanOrEqual(e.timestamp!);
    }
    expect(sim.logEvents(group)).toHaveLength(4);
  });

  test('scripted failed documents, in the stream the test names', async () => {
    sim.scriptJobs(indexId, dsId, {
      status: 'INCOMPLETE',
      metrics: { failed: 2 },
      failedDocuments: [
        {
          documentId: 'https://docs.example.com/a',
          sourceUri: 'https://docs.example.com/a',
          errorCode: 'InvalidDocumentMetadata',
          errorMessage: 'bad _category',
          stream: 'document',
        },
        {
          documentId: 's3-doc',
          s3Path: 's3://bucket/b.pdf',
          errorMessage: 'too big',
          stream: 'job',
        },
      ],
    });
    const { executionId } = await sync();
    await ended(executionId);
    const entries = (await filter({})).events!.map((e) => [
      e.logStreamName,
      JSON.parse(e.message!),
    ]);
    expect(entries).toEqual([
      [
        expect.not.stringContaining(executionId),
        {
          DocumentId: 'https://docs.example.com/a',
          SourceURI: 'https://docs.example.com/a',
          IndexingStatus: 'DocumentFailedToIndex',
          ErrorCode: 'InvalidDocumentMetadata',
          ErrorMessage: 'bad _category',
        },
      ],
      [
        expect.stringContaining(executionId),
        {
          DocumentId: 's3-doc',
          S3Path: 's3://bucket/b.pdf',
          ErrorCode: 'DocumentTooLarge',
          ErrorMessage: 'too big',
        },
      ],
    ]);
  });

  test('a SUCCEEDED job writes nothing; a running job nothing yet', async () => {
    const { executionId } = await sync();
    await ended(executionId);
    await expect(filter({})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    sim.scriptJobs(indexId, dsId, { status: 'INCOMPLETE', syncingMs: 60_000 });
    await sync();
    await expect(filter({})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('log lag: entries appear only logLagMs after the job ends', async () => {
    sim.scriptJobs(indexId, dsId, { status: 'INCOMPLETE', logLagMs: 1500 });
    const { executionId } = await sync();
    const job = await ended(executionId);
    const wait = job.endTime!.getTime() + 1500 - Date.now();
    expect(wait).toBeGreaterThan(500);
    // The group exists once the job ended; its entries are not there yet.
    expect((await filter({})).events).toEqual([]);
    await sleep(wait + 20);
    expect((await filter({})).events).toHaveLength(3);
  });

  test('setKendraLogs(enabled: false): the index writes no logs and has no log group', async () => {
    sim.setKendraLogs(indexId, { enabled: false });
    sim.scriptJobs(indexId, dsId, { status: 'INCOMPLETE' });
    await ended((await sync()).executionId);
    await expect(filter({})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test("the log group is in the index's Region", async () => {
    const euIndex = sim.addIndex({ name: 'eu-index', region: 'eu-west-1' });
    const euDs = sim.addDataSource(euIndex, { name: 'site' });
    sim.scriptJobs(euIndex, euDs, { status: 'INCOMPLETE' });
    const out = await new KendraClient({
      region: 'eu-west-1',
      endpoint: sim.url,
      maxAttempts: 1,
      credentials: user,
    }).send(new StartDataSourceSyncJobCommand({ IndexId: euIndex, Id: euDs }));
    await ended(out.ExecutionId!);
    const logGroupName = `/aws/kendra/${euIndex}`;
    await expect(filter({ logGroupName })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const eu = logs(user, { region: 'eu-west-1' });
    expect((await eu.send(new FilterLogEventsCommand({ logGroupName }))).events).toHaveLength(3);
  });

  test('the time window keeps an older run out', async () => {
    sim.scriptJobs(
      indexId,
      dsId,
      { status: 'INCOMPLETE', failedDocuments: [{ documentId: 'old' }] },
      { status: 'INCOMPLETE', failedDocuments: [{ documentId: 'new' }] },
    );
    await ended((await sync()).executionId);
    const second = await ended((await sync()).executionId);
    const out = await filter({
      logStreamNamePrefix: `${dsId}/`,
      startTime: second.startTime.getTime(),
      endTime: second.endTime!.getTime(),
    });
    expect(out.events!.map((e) => JSON.parse(e.message!).DocumentId)).toEqual(['new']);
  });
});

describe('FilterLogEvents', () => {
  beforeEach(() => {
    const t = Date.now() - 60_000;
    sim.putLogEvents(
      group,
      `${dsId}/2026-01-01-10/job-1`,
      [1, 2, 3, 4, 5].map((i) => ({
        timestamp: t + i * 1000,
        message: JSON.stringify({
          DocumentId: `d${i}`,
          ErrorCode: i % 2 ? 'DocumentTooLarge' : 'X',
        }),
      })),
    );
    sim.putLogEvents(group, `other/2026-01-01-10/job-2`, [
      { timestamp: t + 2500, message: 'plain text line with "DocumentTooLarge" in it' },
    ]);
  });

  test('pages of at most setLogPageSize events, with nextToken, interleaved by timestamp', async () => {
    sim.setLogPageSize(2);
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const out = await filter({ nextToken });
      expect(out.searchedLogStreams).toEqual([]);
      pages.push(out.events!.map((e) => e.logStreamName!.split('/')[0]));
      nextToken = out.nextToken;
    } while (nextToken);
    expect(pages).toEqual([
      [dsId, dsId],
      ['other', dsId],
      [dsId, dsId],
    ]);
    const limited = await filter({ limit: 1 });
    expect(limited.events).toHaveLength(1);
    expect(limited.nextToken).toBeDefined();
  });

  test('filter patterns: terms, ?alternatives, JSON conditions', async () => {
    const ids = async (filterPattern: string) =>
      (await filter({ filterPattern })).events!.map((e) => e.message!.slice(0, 18));
    expect(await ids('')).toHaveLength(6);
    expect(await ids('"DocumentTooLarge"')).toHaveLength(4);
    expect(await ids('plain "text line"')).toEqual(['plain text line wi']);
    expect(await ids('?d1 ?d2')).toHaveLength(2);
    expect(await ids('{ $.ErrorCode = * }')).toHaveLength(5);
    expect(await ids('{ $.ErrorCode = "X" }')).toHaveLength(2);
    expect(await ids('{ $.ErrorCode = Doc* }')).toHaveLength(3);
    expect(await ids('{ $.ErrorCode != "X" && $.DocumentId = "d1" }')).toHaveLength(1);
    await expect(filter({ filterPattern: '{ $.ErrorCode = ' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  test('logStreamNames, logStreamNamePrefix and logGroupIdentifier (name or ARN)', async () => {
    expect((await filter({ logStreamNames: ['other/2026-01-01-10/job-2'] })).events).toHaveLength(
      1,
    );
    expect((await filter({ logStreamNamePrefix: 'other/' })).events).toHaveLength(1);
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`;
    for (const logGroupIdentifier of [group, arn]) {
      const out = await logs().send(new FilterLogEventsCommand({ logGroupIdentifier }));
      expect(out.events).toHaveLength(6);
    }
    // The model's pattern has no '*': the ARN DescribeLogGroups shows (ending in :*) is refused.
    await expect(
      logs().send(new FilterLogEventsCommand({ logGroupIdentifier: `${arn}:*` })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  test('validation: InvalidParameterException (400), coral-style messages', async () => {
    await expect(filter({ limit: 0 })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
      message:
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    await expect(filter({ logStreamNamePrefix: 'a:b' })).rejects.toMatchObject({
      message: expect.stringContaining("at 'logStreamNamePrefix' failed to satisfy constraint"),
    });
    await expect(filter({ logGroupIdentifier: group })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    });
    await expect(
      logs().send(new FilterLogEventsCommand({} as FilterLogEventsCommandInput)),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(filter({ logStreamNames: ['a'], logStreamNamePrefix: 'a' })).rejects.toMatchObject(
      {
        name: 'InvalidParameterException',
      },
    );
    await expect(filter({ nextToken: 'made-up' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  test('IAM: logs:FilterLogEvents on log-group:<name>:*; the bare group ARN does not cover it', async () => {
    const groupArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`;
    const bare = sim.addUser('bare', {
      allow: [{ action: 'logs:FilterLogEvents', resource: groupArn }],
    });
    await expect(filter({}, bare)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
      message:
        `User: ${bare.arn} is not authorized to perform: logs:FilterLogEvents on resource: ${groupArn}:log-stream: ` +
        'because no identity-based policy allows the logs:FilterLogEvents action',
    });
    const star = sim.addUser('star', {
      allow: [{ action: 'logs:FilterLogEvents', resource: `${groupArn}:*` }],
    });
    expect((await filter({}, star)).events).toHaveLength(6);
    // Denied comes before not found: a missing group is not revealed.
    await expect(filter({ logGroupName: '/aws/kendra/missing' }, star)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    // The default policy allows logs:*; one for Kendra alone does not.
    expect((await filter({}, sim.addUser('default'))).events).toHaveLength(6);
    await expect(filter({}, sim.addUser('k', { allow: ['kendra:*'] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  test('a log group bound to a Region is not found from another', async () => {
    sim.addLogGroup('/eu/group', { region: 'eu-west-1' });
    await expect(filter({ logGroupName: '/eu/group' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const eu = logs(user, { region: 'eu-west-1' });
    expect(
      (await eu.send(new FilterLogEventsCommand({ logGroupName: '/eu/group' }))).events,
    ).toEqual([]);
  });

  test('faults: error (ThrottlingException / ServiceUnavailableException), malformed, reset', async () => {
    sim.fault({ service: 'logs', kind: 'error', times: 1 });
    await expect(filter({})).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    sim.fault({ service: 'logs', action: 'FilterLogEvents', kind: 'error', status: 500, times: 1 });
    await expect(filter({})).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      $fault: 'server',
    });
    sim.fault({ service: 'logs', kind: 'malformed', times: 1 });
    await expect(filter({})).rejects.toThrow(/Deserialization error/);
    sim.fault({ service: 'logs', kind: 'reset', times: 1 });
    await expect(filter({})).rejects.toThrow(/socket hang up/);
    expect((await filter({})).events).toHaveLength(6);
  });

  test('wire: awsJson1_1 errors carry __type and message; other operations are unknown', async () => {
    const raw = (target: string, body: string) =>
      signedRequest(sim.url, user, {
        service: 'logs',
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });
    const missing = await raw(
      'Logs_20140328.FilterLogEvents',
      JSON.stringify({ logGroupName: '/nope' }),
    );
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    const bad = await raw(
      'Logs_20140328.FilterLogEvents',
      JSON.stringify({ logGroupName: group, limit: '5' }),
    );
    expect(bad.json.__type).toBe('SerializationException');
    const other = await raw('Logs_20140328.DescribeLogGroups', '{}');
    expect(other.json.__type).toBe('UnknownOperationException');
    expect(sim.requests.at(-1)).toMatchObject({ service: 'logs', action: 'DescribeLogGroups' });
  });
});

const run = promisify(execFile);
const haveCli = await run('aws', ['--version']).then(
  () => true,
  () => false,
);
(haveCli ? test : test.skip)(
  'botocore: aws logs filter-log-events reads the Kendra failed-document entries',
  async () => {
    sim.scriptJobs(indexId, dsId, { status: 'INCOMPLETE', metrics: { failed: 3 } });
    const { executionId } = await sync();
    const job = await ended(executionId);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: user.accessKeyId,
      AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
      AWS_MAX_ATTEMPTS: '1',
    };
    const { stdout } = await run(
      'aws',
      [
        '--endpoint-url',
        sim.url,
        '--output',
        'json',
        'logs',
        'filter-log-events',
        '--log-group-name',
        group,
        '--log-stream-name-prefix',
        `${dsId}/`,
        '--start-time',
        String(job.startTime.getTime()),
        '--end-time',
        String(job.endTime!.getTime()),
        '--filter-pattern',
        '{ $.ErrorCode = * }',
      ],
      { env },
    );
    const out = JSON.parse(stdout) as { events: { message: string }[] };
    expect(out.events.map((e) => JSON.parse(e.message).DocumentId)).toEqual([
      'doc-1',
      'doc-2',
      'doc-3',
    ]);
    const denied = await run(
      'aws',
      [
        '--endpoint-url',
        sim.url,
        'logs',
        'filter-log-events',
        '--log-group-name',
        '/aws/kendra/none',
      ],
      { env },
    ).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(denied).toContain(
      'An error occurred (ResourceNotFoundException) when calling the FilterLogEvents operation: The specified log group does not exist.',
    );
  },
  30_000,
);

describe('the application logs the simulated Bedrock writes', () => {
  const QUICK_INGESTION = { startingMs: 20, inProgressMs: 60 };

  function knowledgeBase(type: 'S3' | 'WEB') {
    const kb = sim.addKnowledgeBase({ name: 'docs-kb' });
    const ds = sim.addBedrockDataSource(kb, { name: 'site', type });
    sim.setStartRateLimit(0);
    return { kb, ds, group: `/aws/vendedlogs/bedrock/knowledge-base/APPLICATION_LOGS/${kb}` };
  }

  it('one event per document and status change, with the job around them, after the lag', async () => {
    const { kb, ds, group: kbGroup } = knowledgeBase('S3');
    sim.setKnowledgeBaseLogging(kb, { logLagMs: 100 });
    const id = sim.addIngestionJob(kb, ds, {
      status: 'IN_PROGRESS',
      script: {
        ...QUICK_INGESTION,
        statistics: { numberOfDocumentsFailed: 1, numberOfDocumentsSkipped: 1 },
        documents: [
          { location: 's3://b/a.pdf', status: 'RESOURCE_IGNORED', reasons: ['too big'] },
          { location: 's3://b/b.html', status: 'EMBEDDING_FAILED', reasons: ['bad chunk'] },
          { location: 's3://b/c.html' },
        ],
      },
    });
    await sleep(90);
    expect(sim.logEvents(kbGroup)).toEqual([]); // ended, but not visible yet
    await sleep(120);
    const events = sim.logEvents(kbGroup).map((e) => JSON.parse(e.message));
    expect(events.map((e) => [e.event_type, e.level, e.event.status])).toEqual([
      ['StartIngestionJob.StatusChanged', 'INFO', 'INGESTION_JOB_STARTED'],
      ['StartIngestionJob.ResourceStatusChanged', 'WARN', 'RESOURCE_IGNORED'],
      ['StartIngestionJob.ResourceStatusChanged', 'ERROR', 'EMBEDDING_FAILED'],
      ['StartIngestionJob.ResourceStatusChanged', 'INFO', 'INDEXED'],
      ['StartIngestionJob.StatusChanged', 'INFO', 'COMPLETE'],
    ]);
    expect(events[2]).toMatchObject({
      event_version: '1.0',
      event: {
        ingestion_job_id: id,
        data_source_id: ds,
        knowledge_base_arn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${kb}`,
        document_location: { type: 'S3', s3_location: { uri: 's3://b/b.html' } },
        status_reasons: ['bad chunk'],
      },
    });
    // The document list agrees: the logs' statuses in its own words.
    expect(sim.knowledgeBaseDocuments(kb, ds).map((d) => [d.location, d.status])).toEqual([
      ['s3://b/a.pdf', 'IGNORED'],
      ['s3://b/b.html', 'FAILED'],
      ['s3://b/c.html', 'INDEXED'],
    ]);
  });

  it('a knowledge base delivering to S3 (or nowhere) writes no events to CloudWatch Logs', async () => {
    const { kb, ds, group: kbGroup } = knowledgeBase('WEB');
    sim.setKnowledgeBaseLogging(kb, { destination: 'S3' });
    sim.addIngestionJob(kb, ds, {
      status: 'IN_PROGRESS',
      script: { ...QUICK_INGESTION, statistics: { numberOfDocumentsFailed: 2 } },
    });
    await sleep(120);
    expect(sim.logEvents(kbGroup)).toEqual([]);
  });
});
