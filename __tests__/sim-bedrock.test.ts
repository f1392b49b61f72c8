// The simulated Bedrock Knowledge Bases driven by the real @aws-sdk/client-bedrock-agent (and
// botocore via the AWS CLI when present), plus hand-signed requests for raw wire details.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  BedrockAgentClient,
  GetDataSourceCommand,
  GetIngestionJobCommand,
  GetKnowledgeBaseCommand,
  ListDataSourcesCommand,
  ListIngestionJobsCommand,
  ListKnowledgeBasesCommand,
  StartIngestionJobCommand,
  StopIngestionJobCommand,
  type ListIngestionJobsCommandInput,
} from '@aws-sdk/client-bedrock-agent';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startSimulator, type Simulator, type UserCredentials } from '../sim/index.js';
import { type Creds, signedRequest } from './helpers/signed.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const QUICK = { startingMs: 40, inProgressMs: 120, stoppingMs: 60 };

let sim: Simulator;
let user: UserCredentials;
let kbId: string;
let dsId: string;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.setStartRateLimit(0);
  sim.setDefaultIngestionJob(QUICK);
  user = sim.addUser('ci', { allow: ['bedrock:*'] });
  kbId = sim.addKnowledgeBase({ name: 'docs-kb' });
  dsId = sim.addBedrockDataSource(kbId, { name: 'website' });
});

function bedrock(creds: Creds = user, extra: Record<string, unknown> = {}) {
  return new BedrockAgentClient({
    region: REGION,
    endpoint: sim.url,
    maxAttempts: 1,
    credentials: creds,
    ...extra,
  });
}

const start = (ds = dsId, extra: { clientToken?: string; description?: string } = {}, kb = kbId) =>
  bedrock().send(new StartIngestionJobCommand({ knowledgeBaseId: kb, dataSourceId: ds, ...extra }));

const get = (ingestionJobId: string, ds = dsId) =>
  bedrock().send(
    new GetIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: ds, ingestionJobId }),
  );

async function until<T>(what: () => Promise<T>, ok: (t: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(20);
  }
}

describe('ingestion job lifecycle', () => {
  test('StartIngestionJob answers 202 with a STARTING job; it runs to COMPLETE with statistics', async () => {
    sim.scriptIngestionJobs(kbId, dsId, {
      inProgressMs: 800, // long enough for a poll to see IN_PROGRESS on a busy machine
      statistics: { numberOfDocumentsScanned: 40, numberOfDocumentsFailed: 2 },
      failureReasons: ['File s3://docs/big.pdf was skipped: it exceeds the 50 MB limit.'],
    });
    const out = await start(dsId, { description: 'octo-org/docs@abc123 run 7' });
    expect(out.$metadata.httpStatusCode).toBe(202);
    const job = out.ingestionJob!;
    expect(job).toMatchObject({
      knowledgeBaseId: kbId,
      dataSourceId: dsId,
      status: 'STARTING',
      description: 'octo-org/docs@abc123 run 7',
    });
    expect(job.ingestionJobId).toMatch(/^[0-9A-Z]{10}$/);
    expect(job.startedAt).toBeInstanceOf(Date);

    const mid = await until(
      () => get(job.ingestionJobId!),
      (o) => o.ingestionJob!.status === 'IN_PROGRESS',
    );
    expect(mid.ingestionJob!.status).toBe('IN_PROGRESS');
    const done = await until(
      () => get(job.ingestionJobId!),
      (o) => o.ingestionJob!.status === 'COMPLETE',
    );
    expect(done.ingestionJob).toMatchObject({
      status: 'COMPLETE',
      statistics: {
        numberOfDocumentsScanned: 40,
        numberOfNewDocumentsIndexed: 12,
        numberOfModifiedDocumentsIndexed: 5,
        numberOfDocumentsDeleted: 1,
        numberOfDocumentsFailed: 2,
        numberOfMetadataDocumentsScanned: 0,
        numberOfMetadataDocumentsModified: 0,
      },
      failureReasons: ['File s3://docs/big.pdf was skipped: it exceeds the 50 MB limit.'],
    });
    expect(done.ingestionJob!.updatedAt!.getTime()).toBeGreaterThan(job.startedAt!.getTime());
    expect(sim.ingestionJob(job.ingestionJobId!)?.status).toBe('COMPLETE');
  });

  test('a FAILED job carries its failureReasons; a null statistic is left out', async () => {
    sim.scriptIngestionJobs(kbId, dsId, {
      status: 'FAILED',
      statistics: { numberOfMetadataDocumentsScanned: null },
    });
    const id = (await start()).ingestionJob!.ingestionJobId!;
    const done = await until(
      () => get(id),
      (o) => o.ingestionJob!.status === 'FAILED',
    );
    expect(done.ingestionJob!.failureReasons![0]).toMatch(/Unable to access the data source/);
    expect(done.ingestionJob!.statistics).not.toHaveProperty('numberOfMetadataDocumentsScanned');
  });

  test('StopIngestionJob: 202, STOPPING, then STOPPED; stopping an ended job is a ConflictException', async () => {
    // STOPPING lasts long enough for a second stop to meet it, even on a busy machine.
    sim.scriptIngestionJobs(kbId, dsId, { inProgressMs: 60_000, stoppingMs: 1500 });
    const id = (await start()).ingestionJob!.ingestionJobId!;
    const stop = () =>
      bedrock().send(
        new StopIngestionJobCommand({
          knowledgeBaseId: kbId,
          dataSourceId: dsId,
          ingestionJobId: id,
        }),
      );
    const out = await stop();
    expect(out.$metadata.httpStatusCode).toBe(202);
    expect(out.ingestionJob!.status).toBe('STOPPING');
    expect((await stop()).ingestionJob!.status).toBe('STOPPING');
    await until(
      () => get(id),
      (o) => o.ingestionJob!.status === 'STOPPED',
    );
    expect(sim.ingestionJob(id)).toMatchObject({ status: 'STOPPED', stopRequested: true });
    await expect(stop()).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
      message: `Ingestion job ${id} is in STOPPED status and cannot be stopped.`,
    });
  });

  test('an unknown job, data source or knowledge base is a ResourceNotFoundException (404)', async () => {
    await expect(get('ABCDEFGHIJ')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
      message: 'Ingestion job with id ABCDEFGHIJ does not exist.',
    });
    await expect(start('ZZZZZZZZZZ')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Data source with id ZZZZZZZZZZ does not exist in knowledge base ${kbId}.`,
    });
    // A job of another data source is not found under this one.
    const other = sim.addBedrockDataSource(kbId, { name: 'blog' });
    const id = (await start()).ingestionJob!.ingestionJobId!;
    await expect(get(id, other)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('a knowledge base not ACTIVE or a data source not AVAILABLE cannot ingest', async () => {
    const creating = sim.addKnowledgeBase({ name: 'new-kb', status: 'CREATING' });
    const ds = sim.addBedrockDataSource(creating, { name: 'web' });
    await expect(start(ds, {}, creating)).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Knowledge base ${creating} is in CREATING state and cannot ingest data.`,
    });
    const deleting = sim.addBedrockDataSource(kbId, { name: 'old', status: 'DELETING' });
    await expect(start(deleting)).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Data source ${deleting} is in DELETING state and cannot ingest data.`,
    });
  });

  test('a knowledge base lives in one Region: signed for another, it does not exist', async () => {
    const eu = sim.addKnowledgeBase({ name: 'eu-kb', region: 'eu-west-1' });
    const euDs = sim.addBedrockDataSource(eu, { name: 'site' });
    await expect(start(euDs, {}, eu)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Knowledge base with id ${eu} does not exist.`,
    });
    const euClient = bedrock(user, { region: 'eu-west-1' });
    const out = await euClient.send(
      new StartIngestionJobCommand({ knowledgeBaseId: eu, dataSourceId: euDs }),
    );
    expect(out.ingestionJob!.status).toBe('STARTING');
    const listed = await euClient.send(new ListKnowledgeBasesCommand({}));
    expect(listed.knowledgeBaseSummaries!.map((k) => k.knowledgeBaseId)).toEqual([eu]);
  });
});

describe('setup API', () => {
  test('addIngestionJob creates a job in any status, running or ended', () => {
    for (const status of [
      'STARTING',
      'IN_PROGRESS',
      'STOPPING',
      'COMPLETE',
      'FAILED',
      'STOPPED',
    ] as const) {
      const id = sim.addIngestionJob(kbId, dsId, { status, description: status });
      expect([status, sim.ingestionJob(id)?.status]).toEqual([status, status]);
    }
    expect(sim.ingestionJobs(kbId, dsId)).toHaveLength(6);
  });

  test('env() points the SDK at the simulator through AWS_ENDPOINT_URL_BEDROCK_AGENT', async () => {
    const env = sim.env();
    expect(env.AWS_ENDPOINT_URL_BEDROCK_AGENT).toBe(sim.url);
    expect(env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).toBe(sim.url);
    const saved = process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT;
    process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT = env.AWS_ENDPOINT_URL_BEDROCK_AGENT;
    try {
      const c = new BedrockAgentClient({ region: REGION, credentials: user, maxAttempts: 1 });
      const out = await c.send(new ListKnowledgeBasesCommand({}));
      expect(out.knowledgeBaseSummaries!.map((k) => k.knowledgeBaseId)).toEqual([kbId]);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT;
      else process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT = saved;
    }
  });
});

describe('concurrency, quotas and rate', () => {
  test('one job per knowledge base across its data sources: ConflictException (409)', async () => {
    const blog = sim.addBedrockDataSource(kbId, { name: 'blog' });
    sim.scriptIngestionJobs(kbId, dsId, { inProgressMs: 1500 });
    const first = (await start()).ingestionJob!.ingestionJobId!;
    await expect(start(blog)).rejects.toMatchObject({
      name: 'ConflictException',
      $fault: 'client',
      $metadata: { httpStatusCode: 409 },
      message:
        'You have reached the maximum number of concurrent ingestion jobs per knowledge base: 1',
    });
    await until(
      () => get(first),
      (o) => o.ingestionJob!.status === 'COMPLETE',
    );
    expect((await start(blog)).ingestionJob!.dataSourceId).toBe(blog);
  });

  test('a running job added by the test blocks a start, like a job started elsewhere', async () => {
    const running = sim.addIngestionJob(kbId, dsId, { status: 'IN_PROGRESS' });
    await expect(start()).rejects.toMatchObject({ name: 'ConflictException' });
    const found = await bedrock().send(
      new ListIngestionJobsCommand({
        knowledgeBaseId: kbId,
        dataSourceId: dsId,
        filters: [{ attribute: 'STATUS', operator: 'EQ', values: ['STARTING', 'IN_PROGRESS'] }],
      }),
    );
    expect(found.ingestionJobSummaries!.map((j) => j.ingestionJobId)).toEqual([running]);
  });

  test('the account limit of concurrent jobs: ServiceQuotaExceededException (402)', async () => {
    sim.setAccountJobLimit(2);
    sim.setDefaultIngestionJob({ ...QUICK, inProgressMs: 60_000 });
    const kbs = [
      kbId,
      sim.addKnowledgeBase({ name: 'kb2' }),
      sim.addKnowledgeBase({ name: 'kb3' }),
    ];
    const dss = [dsId, ...kbs.slice(1).map((k) => sim.addBedrockDataSource(k, { name: 'web' }))];
    await start(dss[0], {}, kbs[0]);
    await start(dss[1], {}, kbs[1]);
    await expect(start(dss[2], {}, kbs[2])).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
      $metadata: { httpStatusCode: 402 },
      message: 'You have reached the maximum number of concurrent ingestion jobs per account: 2',
    });
  });

  test('StartIngestionJob rate: one per interval per account, then ThrottlingException (429)', async () => {
    sim.setStartRateLimit(1000);
    const kb2 = sim.addKnowledgeBase({ name: 'kb2' });
    const ds2 = sim.addBedrockDataSource(kb2, { name: 'web' });
    await start();
    const t0 = Date.now();
    await expect(start(ds2, {}, kb2)).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
      message: 'Rate exceeded',
    });
    await sleep(Math.max(0, 1010 - (Date.now() - t0)));
    expect((await start(ds2, {}, kb2)).ingestionJob!.knowledgeBaseId).toBe(kb2);
    // Other operations are not limited.
    await bedrock().send(
      new GetIngestionJobCommand({
        knowledgeBaseId: kb2,
        dataSourceId: ds2,
        ingestionJobId: sim.ingestionJobs(kb2, ds2)[0].ingestionJobId,
      }),
    );
  });

  test('the default start rate is the real 0.1 TPS', async () => {
    sim.reset();
    const u = sim.addUser('u', { allow: ['bedrock:*'] });
    const kbs = [sim.addKnowledgeBase({ name: 'a' }), sim.addKnowledgeBase({ name: 'b' })];
    const dss = kbs.map((k) => sim.addBedrockDataSource(k, { name: 'web' }));
    const c = bedrock(u);
    await c.send(new StartIngestionJobCommand({ knowledgeBaseId: kbs[0], dataSourceId: dss[0] }));
    await expect(
      c.send(new StartIngestionJobCommand({ knowledgeBaseId: kbs[1], dataSourceId: dss[1] })),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('managed knowledge bases (botocore 1.43.32+)', () => {
  const dataSource = (kb: string, ds: string) =>
    bedrock().send(new GetDataSourceCommand({ knowledgeBaseId: kb, dataSourceId: ds }));

  test('up to 50 jobs at once, one per data source; a vector knowledge base keeps one', async () => {
    const managed = sim.addKnowledgeBase({ name: 'managed', type: 'MANAGED' });
    const sources = ['a', 'b', 'c'].map((n) =>
      sim.addBedrockDataSource(managed, { name: n, connector: 'CONFLUENCE' }),
    );
    sim.setDefaultIngestionJob({ startingMs: 2000, inProgressMs: 2000 });
    for (const ds of sources) await start(ds, {}, managed);
    const again = await start(sources[0], {}, managed).catch((e: Error) => e);
    expect(again).toMatchObject({
      name: 'ConflictException',
      message: `Data source ${sources[0]} already has an ingestion job in progress.`,
    });
    const ds2 = sim.addBedrockDataSource(kbId, { name: 'second' });
    await start(dsId);
    await expect(start(ds2)).rejects.toMatchObject({
      name: 'ConflictException',
      message:
        'You have reached the maximum number of concurrent ingestion jobs per knowledge base: 1',
    });
    const kb = await bedrock().send(new GetKnowledgeBaseCommand({ knowledgeBaseId: managed }));
    expect(kb.knowledgeBase?.knowledgeBaseConfiguration?.type).toBe('MANAGED');
    const { dataSource: ds } = await dataSource(managed, sources[0]);
    expect(ds?.dataSourceConfiguration?.type).toBe('MANAGED_KNOWLEDGE_BASE_CONNECTOR');
    expect(() => sim.addBedrockDataSource(managed, { name: 'bucket', type: 'S3' })).toThrow(
      /not MANAGED|MANAGED/,
    );
  });

  test('a connector is CREATING, then AVAILABLE; a start meanwhile is refused as set', async () => {
    const managed = sim.addKnowledgeBase({ name: 'managed', type: 'MANAGED' });
    const ds = sim.addBedrockDataSource(managed, {
      name: 'wiki',
      status: 'CREATING',
      readyInMs: 300,
    });
    expect((await dataSource(managed, ds)).dataSource?.status).toBe('CREATING');
    await expect(start(ds, {}, managed)).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Data source ${ds} is in CREATING state and cannot ingest data.`,
    });
    sim.setNotReadyStart('ConflictException');
    await expect(start(ds, {}, managed)).rejects.toMatchObject({ name: 'ConflictException' });
    sim.setNotReadyStart('FAILED_JOB');
    const doomed = (await start(ds, {}, managed)).ingestionJob!;
    const ended = await until(
      () =>
        bedrock().send(
          new GetIngestionJobCommand({
            knowledgeBaseId: managed,
            dataSourceId: ds,
            ingestionJobId: doomed.ingestionJobId,
          }),
        ),
      (o) => o.ingestionJob?.status === 'FAILED',
    );
    expect(ended.ingestionJob?.failureReasons).toEqual([
      `Data source ${ds} is in CREATING state and cannot ingest data.`,
    ]);
    await sleep(300);
    expect((await dataSource(managed, ds)).dataSource?.status).toBe('AVAILABLE');
    expect((await start(ds, {}, managed)).ingestionJob?.status).toBe('STARTING');
  });

  test('a connector that fails to create or update is FAILED with its failureReasons', async () => {
    const managed = sim.addKnowledgeBase({ name: 'managed', type: 'MANAGED' });
    const reasons = ['The Confluence credentials in the secret were rejected.'];
    const ds = sim.addBedrockDataSource(managed, {
      name: 'wiki',
      status: 'CREATING',
      readyInMs: 100,
      failureReasons: reasons,
    });
    await sleep(150);
    const { dataSource: failed } = await dataSource(managed, ds);
    expect([failed?.status, failed?.failureReasons]).toEqual(['FAILED', reasons]);
    const ok = sim.addBedrockDataSource(managed, { name: 'site' });
    sim.updateBedrockDataSource(managed, ok, { readyInMs: 100 });
    expect((await dataSource(managed, ok)).dataSource?.status).toBe('UPDATING');
    await sleep(150);
    expect(sim.bedrockDataSourceStatus(managed, ok)).toBe('AVAILABLE');
  });

  test('a KENDRA knowledge base names its Kendra index', async () => {
    const kb = sim.addKnowledgeBase({
      name: 'genai',
      type: 'KENDRA',
      kendraIndexId: 'b'.repeat(36),
    });
    const out = await bedrock().send(new GetKnowledgeBaseCommand({ knowledgeBaseId: kb }));
    expect(out.knowledgeBase?.knowledgeBaseConfiguration).toEqual({
      type: 'KENDRA',
      kendraKnowledgeBaseConfiguration: {
        kendraIndexArn: `arn:aws:kendra:${REGION}:${ACCOUNT}:index/${'b'.repeat(36)}`,
      },
    });
  });
});

describe('idempotent start (clientToken)', () => {
  const token = 'octo-org-docs-1234-1-sync-docs-kb-website-0000';

  test('the same token and parameters return the original job; no second job', async () => {
    sim.setDefaultIngestionJob({ ...QUICK, inProgressMs: 60_000 });
    const a = await start(dsId, { clientToken: token, description: 'run 1' });
    const b = await start(dsId, { clientToken: token, description: 'run 1' });
    expect(b.$metadata.httpStatusCode).toBe(202);
    expect(b.ingestionJob!.ingestionJobId).toBe(a.ingestionJob!.ingestionJobId);
    expect(sim.ingestionJobs(kbId, dsId)).toHaveLength(1);
    expect(sim.ingestionJobs(kbId, dsId)[0].clientToken).toBe(token);
  });

  test('the same token with other parameters is a ConflictException', async () => {
    await start(dsId, { clientToken: token, description: 'run 1' });
    await expect(start(dsId, { clientToken: token, description: 'run 2' })).rejects.toMatchObject({
      name: 'ConflictException',
      message:
        'The client token has already been used in a request with different parameters. Use a new client token.',
    });
  });

  test('the SDK fills in a clientToken (a UUID) when the caller gives none', async () => {
    await start();
    const body = sim.requests.at(-1)!.body as { clientToken: string };
    expect(body.clientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('lost answer: the job is created, the SDK retry with the same token gets that job', async () => {
    sim.fault({ service: 'bedrock', action: 'StartIngestionJob', kind: 'lost-answer', times: 1 });
    const out = await bedrock(user, { maxAttempts: 3 }).send(
      new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: dsId }),
    );
    const jobs = sim.ingestionJobs(kbId, dsId);
    expect(jobs).toHaveLength(1);
    expect(out.ingestionJob!.ingestionJobId).toBe(jobs[0].ingestionJobId);
    const starts = sim.requests.filter((r) => r.action === 'StartIngestionJob');
    expect(starts.map((r) => r.fault ?? r.status)).toEqual(['lost-answer', 202]);
    expect((starts[0].body as { clientToken: string }).clientToken).toBe(
      (starts[1].body as { clientToken: string }).clientToken,
    );
  });

  test('lost answer under the rate limit: the quick retries are throttled, a later one gets the job', async () => {
    sim.setStartRateLimit(1000);
    sim.fault({ service: 'bedrock', action: 'StartIngestionJob', kind: 'lost-answer', times: 1 });
    await expect(start(dsId, { clientToken: token })).rejects.toThrow(/socket hang up/);
    await expect(start(dsId, { clientToken: token })).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    await sleep(1010);
    const out = await start(dsId, { clientToken: token });
    expect(out.ingestionJob!.ingestionJobId).toBe(sim.ingestionJobs(kbId, dsId)[0].ingestionJobId);
    expect(sim.ingestionJobs(kbId, dsId)).toHaveLength(1);
  });
});

describe('listings', () => {
  test('ListIngestionJobs: STATUS filter, STARTED_AT sort both ways, paging with nextToken', async () => {
    const t = Date.now();
    const ids = [5, 4, 3, 2, 1].map((h) =>
      sim.addIngestionJob(kbId, dsId, {
        status: h === 3 ? 'FAILED' : 'COMPLETE',
        startedAt: new Date(t - h * 3600_000),
        endedAt: new Date(t - h * 3600_000 + 600_000),
      }),
    );
    const list = (input: Partial<ListIngestionJobsCommandInput>) =>
      bedrock().send(
        new ListIngestionJobsCommand({ knowledgeBaseId: kbId, dataSourceId: dsId, ...input }),
      );
    const asc = await list({ sortBy: { attribute: 'STARTED_AT', order: 'ASCENDING' } });
    expect(asc.ingestionJobSummaries!.map((j) => j.ingestionJobId)).toEqual(ids);
    expect(asc.nextToken).toBeUndefined();
    const desc = await list({ sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' } });
    expect(desc.ingestionJobSummaries!.map((j) => j.ingestionJobId)).toEqual([...ids].reverse());
    const failed = await list({
      filters: [{ attribute: 'STATUS', operator: 'EQ', values: ['FAILED'] }],
    });
    expect(failed.ingestionJobSummaries!.map((j) => j.ingestionJobId)).toEqual([ids[2]]);
    // Summaries carry statistics but not failureReasons.
    expect(failed.ingestionJobSummaries![0]).toHaveProperty('statistics');
    expect(failed.ingestionJobSummaries![0]).not.toHaveProperty('failureReasons');

    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await list({
        maxResults: 2,
        nextToken,
        sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' },
      });
      pages.push(page.ingestionJobSummaries!.map((j) => j.ingestionJobId!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
    await expect(list({ nextToken: 'not-a-token' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  test('ListKnowledgeBases and ListDataSources page with maxResults', async () => {
    for (let i = 0; i < 3; i++) sim.addKnowledgeBase({ name: `kb-${i}`, description: `KB ${i}` });
    sim.addBedrockDataSource(kbId, { name: 'blog', description: 'The blog' });
    const first = await bedrock().send(new ListKnowledgeBasesCommand({ maxResults: 3 }));
    expect(first.knowledgeBaseSummaries).toHaveLength(3);
    const second = await bedrock().send(
      new ListKnowledgeBasesCommand({ maxResults: 3, nextToken: first.nextToken }),
    );
    expect(second.knowledgeBaseSummaries).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    const all = [...first.knowledgeBaseSummaries!, ...second.knowledgeBaseSummaries!];
    expect(all.find((k) => k.knowledgeBaseId === kbId)).toMatchObject({
      name: 'docs-kb',
      status: 'ACTIVE',
    });
    expect(all[0].updatedAt).toBeInstanceOf(Date);
    const ds = await bedrock().send(new ListDataSourcesCommand({ knowledgeBaseId: kbId }));
    expect(ds.dataSourceSummaries!.map((d) => [d.name, d.status])).toEqual([
      ['website', 'AVAILABLE'],
      ['blog', 'AVAILABLE'],
    ]);
  });

  test('GetDataSource answers the data source with a web crawler configuration', async () => {
    const out = await bedrock().send(
      new GetDataSourceCommand({ knowledgeBaseId: kbId, dataSourceId: dsId }),
    );
    expect(out.dataSource).toMatchObject({
      knowledgeBaseId: kbId,
      dataSourceId: dsId,
      name: 'website',
      status: 'AVAILABLE',
      dataSourceConfiguration: { type: 'WEB' },
    });
  });

  test('GetKnowledgeBase answers every member the model requires', async () => {
    const out = await bedrock().send(new GetKnowledgeBaseCommand({ knowledgeBaseId: kbId }));
    expect(out.knowledgeBase).toMatchObject({
      knowledgeBaseId: kbId,
      name: 'docs-kb',
      knowledgeBaseArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${kbId}`,
      status: 'ACTIVE',
      knowledgeBaseConfiguration: { type: 'VECTOR' },
    });
  });
});

describe('validation', () => {
  test('model constraints: ValidationException (400) naming every violation', async () => {
    await expect(
      start('short', { clientToken: 'x'.repeat(32), description: 'd'.repeat(201) }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
      message:
        "3 validation errors detected: Value 'short' at 'dataSourceId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z]{10}$; " +
        `Value '${'x'.repeat(32)}' at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 33; ` +
        `Value '${'d'.repeat(201)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 200`,
    });
    await expect(start(dsId, { clientToken: `-${'a'.repeat(40)}` })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}$'),
    });
    // 33 chars with inner dashes is fine.
    await start(dsId, { clientToken: `a--${'b'.repeat(30)}` });
  });

  test('ListIngestionJobs: maxResults range, enums and filter list length', async () => {
    const list = (input: Record<string, unknown>) =>
      bedrock().send(
        new ListIngestionJobsCommand({
          knowledgeBaseId: kbId,
          dataSourceId: dsId,
          ...input,
        } as ListIngestionJobsCommandInput),
      );
    await expect(list({ maxResults: 1001 })).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
    await expect(list({ sortBy: { attribute: 'NAME', order: 'ASCENDING' } })).rejects.toMatchObject(
      {
        message: expect.stringContaining(
          "Value 'NAME' at 'sortBy.attribute' failed to satisfy constraint: Member must satisfy enum value set: [STATUS, STARTED_AT]",
        ),
      },
    );
    await expect(list({ filters: [] })).rejects.toMatchObject({
      message: expect.stringContaining("at 'filters' failed to satisfy constraint"),
    });
  });
});

describe('IAM', () => {
  test('actions on the knowledge-base ARN; ListKnowledgeBases only with Resource "*"', async () => {
    const arn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${kbId}`;
    const scoped = sim.addUser('scoped', {
      allow: [
        { action: 'bedrock:StartIngestionJob', resource: arn },
        { action: 'bedrock:GetIngestionJob', resource: arn },
        {
          action: 'bedrock:ListKnowledgeBases',
          resource: `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/*`,
        },
      ],
    });
    const c = bedrock(scoped);
    const id = (
      await c.send(new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: dsId }))
    ).ingestionJob!.ingestionJobId!;
    await c.send(
      new GetIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: dsId, ingestionJobId: id }),
    );
    await expect(
      c.send(new ListDataSourcesCommand({ knowledgeBaseId: kbId })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
      message:
        `User: ${scoped.arn} is not authorized to perform: bedrock:ListDataSources on resource: ${arn} ` +
        'because no identity-based policy allows the bedrock:ListDataSources action',
    });
    await expect(c.send(new ListKnowledgeBasesCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message:
        `User: ${scoped.arn} is not authorized to perform: bedrock:ListKnowledgeBases ` +
        'because no identity-based policy allows the bedrock:ListKnowledgeBases action',
    });
    const star = sim.addUser('star', {
      allow: [{ action: 'bedrock:ListKnowledgeBases', resource: '*' }],
    });
    await bedrock(star).send(new ListKnowledgeBasesCommand({}));
  });

  test("the contract's least-privilege policy (IAM JSON) allows every call the action makes", async () => {
    const arn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${kbId}`;
    const ci = sim.addUser('least', {
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'bedrock:StartIngestionJob',
              'bedrock:GetIngestionJob',
              'bedrock:ListIngestionJobs',
              'bedrock:StopIngestionJob',
              'bedrock:ListDataSources',
            ],
            Resource: arn,
          },
          { Effect: 'Allow', Action: 'bedrock:ListKnowledgeBases', Resource: '*' },
        ],
      },
    });
    const c = bedrock(ci);
    const L = { knowledgeBaseId: kbId, dataSourceId: dsId };
    await c.send(new ListKnowledgeBasesCommand({}));
    await c.send(new ListDataSourcesCommand({ knowledgeBaseId: kbId }));
    await c.send(new ListIngestionJobsCommand(L));
    const id = (await c.send(new StartIngestionJobCommand(L))).ingestionJob!.ingestionJobId!;
    await c.send(new GetIngestionJobCommand({ ...L, ingestionJobId: id }));
    await c.send(new StopIngestionJobCommand({ ...L, ingestionJobId: id }));
    // Anything else is denied: GetKnowledgeBase is not part of that policy.
    await expect(
      c.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: kbId })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  test('an explicit Deny wins over bedrock:*', async () => {
    const arn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${kbId}`;
    const denied = sim.addUser('denied', {
      allow: [
        'bedrock:*',
        { effect: 'Deny', action: 'bedrock:StartIngestionJob', resource: arn },
        { effect: 'Deny', action: 'bedrock:ListKnowledgeBases', resource: '*' },
      ],
    });
    await expect(
      bedrock(denied).send(
        new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: dsId }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${denied.arn} is not authorized to perform: bedrock:StartIngestionJob on resource: ${arn} with an explicit deny in an identity-based policy`,
    });
    await expect(bedrock(denied).send(new ListKnowledgeBasesCommand({}))).rejects.toMatchObject({
      message: `User: ${denied.arn} is not authorized to perform: bedrock:ListKnowledgeBases with an explicit deny in an identity-based policy`,
    });
    await bedrock(denied).send(new ListDataSourcesCommand({ knowledgeBaseId: kbId }));
  });

  test('a role assumed through STS carries its bedrock policy', async () => {
    sim.addRole('arn:aws:iam::123456789012:role/kb-sync', {
      allow: [{ action: 'bedrock:*', resource: `arn:aws:bedrock:*:*:knowledge-base/${kbId}` }],
    });
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const out = await new STSClient({
      region: REGION,
      endpoint: sim.url,
      credentials: sim.addUser('base'),
    }).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/kb-sync',
        RoleSessionName: 'kb-sync',
      }),
    );
    const c = out.Credentials!;
    const session = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    await bedrock(session).send(
      new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: dsId }),
    );
    expect(sim.ingestionJobs(kbId, dsId)).toHaveLength(1);
  });

  test('the default policy of a user or role allows bedrock:*', async () => {
    const byDefault = sim.addUser('default');
    await bedrock(byDefault).send(new ListDataSourcesCommand({ knowledgeBaseId: kbId }));
    const kendraOnly = sim.addUser('k', { allow: ['kendra:*'] });
    await expect(
      bedrock(kendraOnly).send(new ListDataSourcesCommand({ knowledgeBaseId: kbId })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('wire', () => {
  const raw = (method: string, path: string, body?: string, creds: Creds = user) =>
    signedRequest(sim.url, creds, {
      service: 'bedrock',
      method,
      path,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
    });

  test('errors: x-amzn-ErrorType header and a lower-case message in the body', async () => {
    const res = await raw(
      'GET',
      `/knowledgebases/${kbId}/datasources/${dsId}/ingestionjobs/NOPE123456`,
    );
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toMatch(/^ResourceNotFoundException(:|$)/);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json).toEqual({ message: 'Ingestion job with id NOPE123456 does not exist.' });
  });

  test('unknown members are ignored; an ill-typed member is a SerializationException', async () => {
    const path = `/knowledgebases/${kbId}/datasources/${dsId}/ingestionjobs/`;
    const ok = await raw('POST', path, JSON.stringify({ maxResults: 5, futureMember: true }));
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ ingestionJobSummaries: [] });
    const bad = await raw('POST', path, JSON.stringify({ maxResults: 'five' }));
    expect(bad.status).toBe(400);
    expect(bad.headers['x-amzn-errortype']).toMatch(/^SerializationException/);
    const notJson = await raw('POST', path, '{"maxResults":');
    expect(notJson.status).toBe(400);
  });

  test('timestamps are ISO-8601 strings; empty bodies are accepted', async () => {
    const res = await raw('PUT', `/knowledgebases/${kbId}/datasources/${dsId}/ingestionjobs/`);
    expect(res.status).toBe(202);
    const job = res.json.ingestionJob as { startedAt: string };
    expect(job.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  test('signing: the scope must name service "bedrock"; an unknown key is 403', async () => {
    const wrong = await signedRequest(sim.url, user, {
      service: 'bedrock-agent',
      method: 'POST',
      path: '/knowledgebases/',
      body: '{}',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers['x-amzn-errortype']).toMatch(/^InvalidSignatureException/);
    const unknown = await raw('POST', '/knowledgebases/', '{}', {
      ...user,
      accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
    });
    expect(unknown.status).toBe(403);
    expect(unknown.headers['x-amzn-errortype']).toMatch(/^UnrecognizedClientException/);
  });

  test('a path no operation has is a 404 UnknownOperationException', async () => {
    const res = await raw('DELETE', `/knowledgebases/${kbId}`);
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toMatch(/^UnknownOperationException/);
    expect(sim.requests.at(-1)).toMatchObject({ service: 'bedrock', action: '' });
  });
});

describe('faults', () => {
  test('error faults answer in restJson1: throttling 429 by default, 5xx as InternalServerException', async () => {
    sim.fault({ service: 'bedrock', action: 'ListKnowledgeBases', kind: 'error', times: 1 });
    await expect(bedrock().send(new ListKnowledgeBasesCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
    sim.fault({ service: 'bedrock', kind: 'error', status: 500, times: 1 });
    await expect(bedrock().send(new ListKnowledgeBasesCommand({}))).rejects.toMatchObject({
      name: 'InternalServerException',
      $fault: 'server',
    });
    sim.fault({ service: 'bedrock', kind: 'error', code: 'ConflictException', times: 1 });
    await expect(start()).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
    });
  });

  test('the SDK retries a throttled call and gets through', async () => {
    sim.fault({ service: 'bedrock', action: 'GetKnowledgeBase', kind: 'error', times: 1 });
    const out = await bedrock(user, { maxAttempts: 3 }).send(
      new GetKnowledgeBaseCommand({ knowledgeBaseId: kbId }),
    );
    expect(out.knowledgeBase!.knowledgeBaseId).toBe(kbId);
    expect(sim.countOf('bedrock', 'GetKnowledgeBase')).toBe(2);
  });

  test('malformed, reset, delay and hang', async () => {
    sim.fault({ service: 'bedrock', kind: 'malformed', times: 1 });
    // The operation's own success status (202) with a body cut off: the SDK's JSON parse fails.
    const malformed: unknown = await start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(malformed).toMatchObject({
      name: 'SyntaxError',
      message: expect.stringMatching(/^Unterminated string in JSON[\s\S]*Deserialization error/),
    });
    expect((malformed as { $response?: { statusCode?: number } }).$response?.statusCode).toBe(202);
    sim.fault({ service: 'bedrock', kind: 'reset', times: 1 });
    await expect(bedrock().send(new ListKnowledgeBasesCommand({}))).rejects.toThrow(
      /socket hang up/,
    );
    sim.fault({ service: 'bedrock', kind: 'delay', delayMs: 150, times: 1 });
    const t0 = Date.now();
    await bedrock().send(new ListKnowledgeBasesCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sim.fault({ service: 'bedrock', kind: 'hang', times: 1 });
    const handler = new NodeHttpHandler({ requestTimeout: 200, throwOnRequestTimeout: true });
    await expect(
      bedrock(user, { requestHandler: handler }).send(new ListKnowledgeBasesCommand({})),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

// botocore (AWS CLI v1) has its own restJson1 serializer and parser: a second opinion.
const run = promisify(execFile);
const haveCli = await run('aws', ['bedrock-agent', 'help']).then(
  () => true,
  () => false,
);
(haveCli ? test : test.skip)(
  'botocore: aws bedrock-agent start / get / list / stop, and its error parsing',
  async () => {
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
    const aws = async (...args: string[]) =>
      JSON.parse(
        (
          await run(
            'aws',
            ['--endpoint-url', sim.url, '--output', 'json', 'bedrock-agent', ...args],
            { env },
          )
        ).stdout,
      );
    sim.setDefaultIngestionJob({ ...QUICK, inProgressMs: 60_000 });
    const started = await aws(
      'start-ingestion-job',
      '--knowledge-base-id',
      kbId,
      '--data-source-id',
      dsId,
      '--description',
      'from the CLI',
    );
    const id = started.ingestionJob.ingestionJobId;
    expect(started.ingestionJob).toMatchObject({ status: 'STARTING', description: 'from the CLI' });
    // botocore also fills in the idempotency token.
    expect((sim.requests.at(-1)!.body as { clientToken: string }).clientToken).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    const got = await aws(
      'get-ingestion-job',
      '--knowledge-base-id',
      kbId,
      '--data-source-id',
      dsId,
      '--ingestion-job-id',
      id,
    );
    expect(got.ingestionJob.ingestionJobId).toBe(id);
    const listed = await aws(
      'list-ingestion-jobs',
      '--knowledge-base-id',
      kbId,
      '--data-source-id',
      dsId,
      '--filters',
      'attribute=STATUS,operator=EQ,values=STARTING,IN_PROGRESS',
      '--sort-by',
      'attribute=STARTED_AT,order=DESCENDING',
    );
    expect(
      listed.ingestionJobSummaries.map((j: { ingestionJobId: string }) => j.ingestionJobId),
    ).toEqual([id]);
    const kbs = await aws('list-knowledge-bases');
    expect(kbs.knowledgeBaseSummaries[0].knowledgeBaseId).toBe(kbId);
    const conflict = await aws(
      'start-ingestion-job',
      '--knowledge-base-id',
      kbId,
      '--data-source-id',
      dsId,
    ).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(conflict).toContain(
      'An error occurred (ConflictException) when calling the StartIngestionJob operation: You have reached the maximum number of concurrent ingestion jobs per knowledge base: 1',
    );
    const stopped = await aws(
      'stop-ingestion-job',
      '--knowledge-base-id',
      kbId,
      '--data-source-id',
      dsId,
      '--ingestion-job-id',
      id,
    );
    expect(stopped.ingestionJob.status).toBe('STOPPING');
  },
  30_000,
);
