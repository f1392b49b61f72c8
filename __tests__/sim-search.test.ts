// The simulated search, driven by the real SDK clients: Kendra's Retrieve
// (@aws-sdk/client-kendra) and the knowledge base runtime's Retrieve
// (@aws-sdk/client-bedrock-agent-runtime). A document is served only after a sync job that
// started after it was added ends well, plus the index latency; ranking is deterministic.
import {
  KendraClient,
  RetrieveCommand as KendraRetrieve,
  StartDataSourceSyncJobCommand,
  type RetrieveCommandInput as KendraRetrieveInput,
} from '@aws-sdk/client-kendra';
import {
  BedrockAgentRuntimeClient,
  RetrieveCommand as BedrockRetrieve,
  type RetrieveCommandInput as BedrockRetrieveInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockAgentClient, StartIngestionJobCommand } from '@aws-sdk/client-bedrock-agent';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startSimulator, type Simulator, type UserCredentials } from '../sim/index.js';
import { type Creds, signedRequest } from './helpers/signed.js';
import { rawKendra } from './helpers/raw.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: Simulator;
let user: UserCredentials;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

const DOCS = [
  {
    location: 'https://docs.example.com/guide/install',
    title: 'Install the CLI',
    text: 'How to install the octo CLI on Linux, macOS and Windows with a package manager.',
  },
  {
    location: 'https://docs.example.com/guide/configure',
    title: 'Configure',
    text: 'Configure the CLI with a profile: region, output format and credentials.',
  },
  {
    location: 'https://docs.example.com/blog/release',
    title: 'Release notes',
    text: 'What changed in this release: faster install, fewer prompts.',
  },
];

describe('Kendra Retrieve', () => {
  let indexId: string;
  let dsId: string;
  beforeEach(() => {
    sim.reset();
    sim.setDefaultJob({ syncingMs: 30, indexingMs: 30 });
    user = sim.addUser('ci', { allow: ['kendra:*'] });
    indexId = sim.addIndex({ name: 'docs-index' });
    dsId = sim.addDataSource(indexId, { name: 'website' });
  });
  const kendra = (creds: Creds = user) =>
    new KendraClient({ region: REGION, endpoint: sim.url, maxAttempts: 1, credentials: creds });
  const retrieve = (input: Partial<KendraRetrieveInput> = {}, creds?: Creds) =>
    kendra(creds).send(
      new KendraRetrieve({ IndexId: indexId, QueryText: 'install cli', ...input }),
    );
  const sync = async (ds = dsId) => {
    await kendra().send(new StartDataSourceSyncJobCommand({ IndexId: indexId, Id: ds }));
    await sleep(150);
  };

  test('nothing is served before a sync; after one, passages ranked by term overlap, ties by ID', async () => {
    sim.addDocuments(indexId, dsId, DOCS);
    expect((await retrieve()).ResultItems).toEqual([]);
    await sync();
    const out = await retrieve();
    expect(out.QueryId).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,35}$/);
    // 'install' and 'cli' both: the install page (VERY_HIGH); one term: configure, release (by ID).
    expect(out.ResultItems!.map((r) => r.DocumentURI)).toEqual([
      'https://docs.example.com/guide/install',
      'https://docs.example.com/blog/release',
      'https://docs.example.com/guide/configure',
    ]);
    const first = out.ResultItems![0];
    expect(first).toMatchObject({
      DocumentId: 'https://docs.example.com/guide/install',
      DocumentTitle: 'Install the CLI',
      Content: DOCS[0].text,
      ScoreAttributes: { ScoreConfidence: 'VERY_HIGH' },
    });
    expect(first.Id!.startsWith(`${out.QueryId}-`)).toBe(true);
    expect(first.Id!.length).toBeLessThanOrEqual(73);
    expect(out.ResultItems![1].ScoreAttributes?.ScoreConfidence).toBe('MEDIUM');
    // Stable: the same query, the same order.
    const again = await retrieve();
    expect(again.ResultItems!.map((r) => r.DocumentId)).toEqual(
      out.ResultItems!.map((r) => r.DocumentId),
    );
    expect(sim.servedDocuments(indexId)).toHaveLength(3);
  });

  test('PageSize and PageNumber page through at most 100 results; a page above 100 is capped', async () => {
    sim.addDocuments(
      indexId,
      dsId,
      Array.from({ length: 120 }, (_, i) => ({
        id: `doc-${String(i).padStart(3, '0')}`,
        text: `install page ${i}`,
      })),
    );
    await sync();
    expect((await retrieve()).ResultItems).toHaveLength(10);
    const p2 = await retrieve({ PageSize: 5, PageNumber: 2 });
    expect(p2.ResultItems!.map((r) => r.DocumentId)).toEqual([
      'doc-005',
      'doc-006',
      'doc-007',
      'doc-008',
      'doc-009',
    ]);
    expect((await retrieve({ PageSize: 500 })).ResultItems).toHaveLength(100);
    expect((await retrieve({ PageSize: 100, PageNumber: 2 })).ResultItems).toEqual([]);
    // An s3:// location is no DocumentURI (the model's Url is http, https, ftp or file).
    expect(p2.ResultItems![0].DocumentURI).toBeUndefined();
  });

  test('a FAILED or ABORTED job serves nothing new; documents added after a job starts wait for the next', async () => {
    sim.addDocuments(indexId, dsId, DOCS.slice(0, 1));
    sim.scriptJobs(indexId, dsId, { status: 'FAILED', syncingMs: 20, indexingMs: 20 });
    await sync();
    expect((await retrieve()).ResultItems).toEqual([]);
    sim.scriptJobs(indexId, dsId, { status: 'INCOMPLETE', syncingMs: 20, indexingMs: 20 });
    await sync();
    expect((await retrieve()).ResultItems).toHaveLength(1);
    // A new version of the page: the old one is served until a sync picks the new one up.
    sim.addDocuments(indexId, dsId, [{ ...DOCS[0], title: 'Install it' }]);
    expect((await retrieve()).ResultItems![0].DocumentTitle).toBe('Install the CLI');
    await sync();
    expect((await retrieve()).ResultItems![0].DocumentTitle).toBe('Install it');
  });

  test('index latency: served that long after the job ends', async () => {
    sim.addDocuments(indexId, dsId, DOCS.slice(0, 1), { indexLatencyMs: 400 });
    await sync();
    expect((await retrieve()).ResultItems).toEqual([]);
    await sleep(400);
    expect((await retrieve()).ResultItems).toHaveLength(1);
  });

  test('denied: names kendra:Retrieve and the index ARN; unknown index: ResourceNotFoundException', async () => {
    const limited = sim.addUser('limited', { allow: ['kendra:StartDataSourceSyncJob'] });
    const denied = await retrieve({}, limited).catch((e: Error) => e);
    expect(denied).toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${limited.arn} is not authorized to perform: kendra:Retrieve on resource: arn:aws:kendra:${REGION}:${ACCOUNT}:index/${indexId} because no identity-based policy allows the kendra:Retrieve action`,
    });
    const missing = await retrieve({ IndexId: 'f'.repeat(36) }).catch((e: Error) => e);
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('validation as the model says: IndexId, unknown members, AttributeFilter recursion', async () => {
    const bad = await retrieve({ IndexId: 'short' }).catch((e: Error) => e);
    expect(bad).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "Value 'short' at 'indexId' failed to satisfy constraint: Member must have length greater than or equal to 36",
      ) as string,
    });
    const unknown = await rawKendra(sim.url, user, 'Retrieve', {
      IndexId: indexId,
      QueryText: 'x',
      Nope: 1,
    });
    expect(JSON.parse(unknown.body)).toMatchObject({ __type: 'SerializationException' });
    const nested = await retrieve({
      AttributeFilter: {
        NotFilter: {
          AndAllFilters: [{ EqualsTo: { Key: 'bad key', Value: { StringValue: '' } } }],
        },
      },
    }).catch((e: Error) => e);
    expect(nested).toMatchObject({ name: 'ValidationException' });
    expect((nested as Error).message).toContain(
      "at 'attributeFilter.notFilter.andAllFilters.1.member.equalsTo.key' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
    expect((nested as Error).message).toContain(
      "at 'attributeFilter.notFilter.andAllFilters.1.member.equalsTo.value.stringValue'",
    );
    // A valid user context (\P{C}: no control characters) passes.
    const ok = await retrieve({ UserContext: { UserId: 'üser@example.com' } });
    expect(ok.ResultItems).toEqual([]);
  });
});

describe('Bedrock knowledge base Retrieve (bedrock-agent-runtime)', () => {
  let kbId: string;
  let dsId: string;
  beforeEach(() => {
    sim.reset();
    sim.setStartRateLimit(0);
    sim.setDefaultIngestionJob({ startingMs: 20, inProgressMs: 40 });
    user = sim.addUser('ci', { allow: ['bedrock:*'] });
    kbId = sim.addKnowledgeBase({ name: 'docs-kb' });
    dsId = sim.addBedrockDataSource(kbId, { name: 'website' });
  });
  const runtime = (creds: Creds = user) =>
    new BedrockAgentRuntimeClient({
      region: REGION,
      endpoint: sim.url,
      maxAttempts: 1,
      credentials: creds,
      requestHandler: new NodeHttpHandler(),
    });
  const retrieve = (input: Partial<BedrockRetrieveInput> = {}, creds?: Creds) =>
    runtime(creds).send(
      new BedrockRetrieve({
        knowledgeBaseId: kbId,
        retrievalQuery: { text: 'install cli' },
        ...input,
      }),
    );
  const ingest = async (ds = dsId) => {
    await new BedrockAgentClient({ region: REGION, endpoint: sim.url, credentials: user }).send(
      new StartIngestionJobCommand({ knowledgeBaseId: kbId, dataSourceId: ds }),
    );
    await sleep(150);
  };

  test('served after a COMPLETE job: every chunk by score (vector search), with location and metadata', async () => {
    const pdfs = sim.addBedrockDataSource(kbId, { name: 'pdfs' });
    sim.addKnowledgeBaseDocuments(kbId, dsId, DOCS);
    sim.addKnowledgeBaseDocuments(kbId, pdfs, [
      { location: 's3://docs-bucket/manual.pdf', text: 'The manual: nothing in common.' },
      { id: 'faq-17', text: 'Custom FAQ entry about the CLI.' },
    ]);
    expect((await retrieve()).retrievalResults).toEqual([]);
    await ingest();
    expect(sim.servedKnowledgeBaseDocuments(kbId)).toHaveLength(3);
    await ingest(pdfs);
    const out = await retrieve({
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 10 } },
    });
    const results = out.retrievalResults!;
    expect(results.map((r) => r.location)).toEqual([
      { type: 'WEB', webLocation: { url: 'https://docs.example.com/guide/install' } },
      // Ties by document ID: the custom document's 'faq-17' before the URLs.
      { type: 'CUSTOM', customDocumentLocation: { id: 'faq-17' } },
      { type: 'WEB', webLocation: { url: 'https://docs.example.com/blog/release' } },
      { type: 'WEB', webLocation: { url: 'https://docs.example.com/guide/configure' } },
      { type: 'S3', s3Location: { uri: 's3://docs-bucket/manual.pdf' } },
    ]);
    expect(results.map((r) => r.score)).toEqual([0.95, 0.6, 0.6, 0.6, 0.25]);
    expect(results[0].content).toEqual({ text: DOCS[0].text, type: 'TEXT' });
    expect(results[0].metadata).toMatchObject({
      'x-amz-bedrock-kb-source-uri': 'https://docs.example.com/guide/install',
      'x-amz-bedrock-kb-data-source-id': dsId,
    });
    // numberOfResults defaults to 5 (the API reference), and bounds the answer.
    expect((await retrieve()).retrievalResults).toHaveLength(5);
    expect(
      (
        await retrieve({
          retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } },
        })
      ).retrievalResults,
    ).toHaveLength(2);
  });

  test('a FAILED or STOPPED job serves nothing new; index latency delays a COMPLETE one', async () => {
    sim.addKnowledgeBaseDocuments(kbId, dsId, DOCS.slice(0, 1), { indexLatencyMs: 400 });
    sim.scriptIngestionJobs(kbId, dsId, { status: 'FAILED', startingMs: 10, inProgressMs: 10 });
    await ingest();
    expect((await retrieve()).retrievalResults).toEqual([]);
    await ingest();
    expect((await retrieve()).retrievalResults).toEqual([]);
    await sleep(400);
    expect((await retrieve()).retrievalResults).toHaveLength(1);
  });

  test('validation per the model: numberOfResults 1-100, query text length, knowledgeBaseId, nextToken', async () => {
    const cases: [Partial<BedrockRetrieveInput>, string][] = [
      [
        { retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 101 } } },
        "Value '101' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value less than or equal to 100",
      ],
      [
        { retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 0 } } },
        'Member must have value greater than or equal to 1',
      ],
      [
        { retrievalQuery: { text: 'x'.repeat(20_001) } },
        "at 'retrievalQuery.text' failed to satisfy constraint: Member must have length less than or equal to 20000",
      ],
      [{ nextToken: 'abc' }, 'The nextToken provided is invalid'],
    ];
    for (const [input, message] of cases) {
      const e = await retrieve(input).catch((err: Error) => err);
      expect([message, e]).toEqual([
        message,
        expect.objectContaining({
          name: 'ValidationException',
          message: expect.stringContaining(message) as string,
        }),
      ]);
    }
    // The label is checked by the model's own pattern: 10 characters, or the knowledge base's ARN.
    const retrieveAt = (label: string) =>
      signedRequest(sim.url, user, {
        service: 'bedrock',
        method: 'POST',
        path: `/knowledgebases/${encodeURIComponent(label)}/retrieve`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ retrievalQuery: { text: 'install' } }),
      });
    const r = await retrieveAt('ABCDEFGHIJK');
    expect(r.status).toBe(400);
    expect(r.text).toContain('Member must satisfy regular expression pattern: ^[0-9a-zA-Z]{10}$|');
    const arn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${kbId}`;
    expect((await retrieveAt(arn)).status).toBe(200);
    const elsewhere = arn.replace(/:\d{12}:/, ':999999999999:');
    expect((await retrieveAt(elsewhere)).status).toBe(404);
  });

  test('denied: names bedrock:Retrieve and the knowledge base ARN (403); unknown: 404', async () => {
    const limited = sim.addUser('limited', { allow: ['bedrock:StartIngestionJob'] });
    const denied = await retrieve({}, limited).catch((e: Error & { $metadata?: object }) => e);
    expect(denied).toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${limited.arn} is not authorized to perform: bedrock:Retrieve on resource: arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${kbId} because no identity-based policy allows the bedrock:Retrieve action`,
      $metadata: expect.objectContaining({ httpStatusCode: 403 }) as object,
    });
    const missing = await retrieve({ knowledgeBaseId: 'ZZZZZZZZZZ' }).catch((e: Error) => e);
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: expect.objectContaining({ httpStatusCode: 404 }) as object,
    });
    expect(sim.requests.at(-1)).toMatchObject({ service: 'bedrock-runtime', action: 'Retrieve' });
  });
});
