// Every AWS answer the simulator sends carries a request ID, errors and fault answers included, as
// AWS does per protocol: the x-amzn-RequestId header (awsJson1_1: Kendra, CloudWatch Logs;
// restJson1: Bedrock), and for awsQuery (STS) the same ID in the XML body too. The request log
// records it (`sim.requests[i].requestId`), and it is exactly what the AWS SDK reads into
// `$metadata.requestId`, so tests can assert the action reported the ID the simulator sent.
import {
  BedrockAgentClient,
  GetIngestionJobCommand,
  StartIngestionJobCommand,
} from '@aws-sdk/client-bedrock-agent';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { KendraClient, StartDataSourceSyncJobCommand } from '@aws-sdk/client-kendra';
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { startSimulator, type Simulator } from '../sim/index.js';
import type { RequestRecord } from '../sim/types.js';

const REGION = 'us-east-1';
const ROLE = 'arn:aws:iam::123456789012:role/kendra-sync';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.setStartRateLimit(0);
});

const client = { region: REGION, endpoint: '', maxAttempts: 1 };
const sts = (credentials?: Creds) =>
  new STSClient({ ...client, endpoint: sim.url, ...(credentials && { credentials }) });

async function token(): Promise<string> {
  const res = await fetch(`${sim.env().ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`, {
    headers: { Authorization: `Bearer ${sim.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
  });
  return ((await res.json()) as { value: string }).value;
}

/** The last request the simulator logged: it must carry a request ID. */
function lastRequestId(): string {
  const record: RequestRecord = sim.requests[sim.requests.length - 1];
  expect(record.requestId).toMatch(UUID);
  return record.requestId!;
}

/** `$metadata.requestId` of an SDK answer or of the error it threw. */
async function metadataOf(
  call: Promise<unknown>,
): Promise<{ requestId?: string; status?: number }> {
  try {
    const out = (await call) as { $metadata: { requestId?: string; httpStatusCode?: number } };
    return { requestId: out.$metadata.requestId, status: out.$metadata.httpStatusCode };
  } catch (error) {
    const { $metadata } = error as { $metadata: { requestId?: string; httpStatusCode?: number } };
    return { requestId: $metadata.requestId, status: $metadata.httpStatusCode };
  }
}

/** The SDK read the ID the simulator logged; a new ID for every answer. */
const seen = new Set<string>();
async function expectSdkReads(call: Promise<unknown>, status: number): Promise<void> {
  const got = await metadataOf(call);
  const logged = lastRequestId();
  expect(got).toEqual({ requestId: logged, status });
  expect(seen.has(logged)).toBe(false);
  seen.add(logged);
}

test('STS: header and XML body carry the same ID, on success and on errors; the SDK reads it', async () => {
  sim.addRole(ROLE, { subject: 'repo:octo-org/docs:*' });
  const jwt = await token();
  const assume = (roleArn: string) =>
    sts().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'gha-1',
        WebIdentityToken: jwt,
      }),
    );
  await expectSdkReads(assume(ROLE), 200);
  await expectSdkReads(assume('arn:aws:iam::123456789012:role/not-there'), 403);
  await expectSdkReads(
    sts({ accessKeyId: 'AKIANOTAKEY000000000', secretAccessKey: 'x'.repeat(40) }).send(
      new GetCallerIdentityCommand({}),
    ),
    403,
  );

  // On the wire: <ResponseMetadata><RequestId> on success, <ErrorResponse>…<RequestId> on errors.
  const form = (action: string, extra: Record<string, string> = {}) =>
    fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Action: action, Version: '2011-06-15', ...extra }).toString(),
    });
  const ok = await form('AssumeRoleWithWebIdentity', {
    RoleArn: ROLE,
    RoleSessionName: 'gha-2',
    WebIdentityToken: jwt,
  });
  const okBody = await ok.text();
  expect(ok.headers.get('x-amzn-requestid')).toBe(lastRequestId());
  expect(okBody).toMatch(
    new RegExp(
      `<ResponseMetadata>\\s*<RequestId>${lastRequestId()}</RequestId>\\s*</ResponseMetadata>`,
    ),
  );
  const bad = await form('AssumeRoleWithWebIdentity', {
    RoleArn: ROLE,
    RoleSessionName: 'gha-3',
    WebIdentityToken: 'not.a.jwt',
  });
  const badBody = await bad.text();
  expect(bad.status).toBe(400);
  expect(bad.headers.get('x-amzn-requestid')).toBe(lastRequestId());
  expect(badBody).toMatch(
    new RegExp(`</Error>\\s*<RequestId>${lastRequestId()}</RequestId>\\s*</ErrorResponse>`),
  );
  const missing = await form('');
  expect(missing.status).toBe(400);
  expect(await missing.text()).toContain(`<RequestId>${lastRequestId()}</RequestId>`);
});

test('Kendra, Bedrock and CloudWatch Logs: every answer and error has x-amzn-RequestId, as logged', async () => {
  const user = sim.addUser('ci', { allow: ['kendra:*', 'bedrock:*'] });
  const indexId = sim.addIndex({ name: 'docs-index' });
  const dsId = sim.addDataSource(indexId, { name: 'website' });
  const kbId = sim.addKnowledgeBase({ name: 'docs-kb' });
  const bedrockDs = sim.addBedrockDataSource(kbId, { name: 'website' });
  const kendra = new KendraClient({ ...client, endpoint: sim.url, credentials: user });
  const bedrock = new BedrockAgentClient({ ...client, endpoint: sim.url, credentials: user });
  const logs = new CloudWatchLogsClient({ ...client, endpoint: sim.url, credentials: user });
  const stranger = { accessKeyId: 'AKIANOTAKEY000000000', secretAccessKey: 'x'.repeat(40) };

  await expectSdkReads(
    kendra.send(new StartDataSourceSyncJobCommand({ IndexId: indexId, Id: dsId })),
    200,
  );
  // Busy, not found, unknown key (the front end's own answer).
  await expectSdkReads(
    kendra.send(new StartDataSourceSyncJobCommand({ IndexId: indexId, Id: dsId })),
    400,
  );
  await expectSdkReads(
    kendra.send(new StartDataSourceSyncJobCommand({ IndexId: indexId, Id: 'nope' })),
    400,
  );
  await expectSdkReads(
    new KendraClient({ ...client, endpoint: sim.url, credentials: stranger }).send(
      new StartDataSourceSyncJobCommand({ IndexId: indexId, Id: dsId }),
    ),
    400,
  );

  await expectSdkReads(
    bedrock.send(new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: bedrockDs })),
    202,
  );
  await expectSdkReads(
    bedrock.send(
      new GetIngestionJobCommand({
        knowledgeBaseId: kbId,
        dataSourceId: bedrockDs,
        ingestionJobId: 'ABCDEFGHIJ',
      }),
    ),
    404,
  );
  await expectSdkReads(
    new BedrockAgentClient({ ...client, endpoint: sim.url, credentials: stranger }).send(
      new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: bedrockDs }),
    ),
    403,
  );

  // CloudWatch Logs: denied (the user has no logs:*), then a missing log group.
  const filter = () =>
    logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/kendra/${indexId}` }));
  await expectSdkReads(filter(), 400);
  const reader = sim.addUser('reader', { allow: ['logs:*'] });
  await expectSdkReads(
    new CloudWatchLogsClient({ ...client, endpoint: sim.url, credentials: reader }).send(
      new FilterLogEventsCommand({ logGroupName: '/aws/kendra/none' }),
    ),
    400,
  );
});

test('fault answers (errors and cut-off bodies) carry one too; no answer, no ID', async () => {
  const user = sim.addUser('ci', { allow: ['kendra:*', 'bedrock:*', 'logs:*'] });
  const indexId = sim.addIndex({ name: 'docs-index' });
  const dsId = sim.addDataSource(indexId, { name: 'website' });
  const kbId = sim.addKnowledgeBase({ name: 'docs-kb' });
  const bedrockDs = sim.addBedrockDataSource(kbId, { name: 'website' });
  const kendra = new KendraClient({ ...client, endpoint: sim.url, credentials: user });
  const bedrock = new BedrockAgentClient({ ...client, endpoint: sim.url, credentials: user });
  const logs = new CloudWatchLogsClient({ ...client, endpoint: sim.url, credentials: user });
  const startKendra = () =>
    kendra.send(new StartDataSourceSyncJobCommand({ IndexId: indexId, Id: dsId }));
  const startBedrock = () =>
    bedrock.send(new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: bedrockDs }));
  const filter = () =>
    logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/kendra/${indexId}` }));

  for (const [service, kind, call, status] of [
    ['kendra', 'error', startKendra, 400],
    ['bedrock', 'error', startBedrock, 429],
    ['logs', 'error', filter, 400],
    ['sts', 'error', () => sts(user).send(new GetCallerIdentityCommand({})), 400],
    ['kendra', 'malformed', startKendra, 200],
    ['bedrock', 'malformed', startBedrock, 202],
    ['logs', 'malformed', filter, 200],
  ] as const) {
    sim.fault({ service, kind, times: 1 });
    const got = await metadataOf(call());
    expect({ service, kind, ...got }).toEqual({
      service,
      kind,
      requestId: lastRequestId(),
      status,
    });
  }

  // A reset connection is no AWS answer: nothing to record.
  sim.fault({ service: 'kendra', kind: 'reset', times: 1 });
  await metadataOf(startKendra());
  const reset = sim.requests.find((r) => r.fault === 'reset')!;
  expect(reset.requestId).toBeUndefined();
});
