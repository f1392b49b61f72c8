/**
 * The search check (check-query, check-expect, check-results) through the committed bundle, for
 * Kendra (Retrieve) and Bedrock (the knowledge base runtime's Retrieve), against the simulator's
 * corpus: documents are served only once the sync job ends (plus the index latency), so a pass
 * proves the job's documents are searchable. Input errors are in inputs.test.ts (check-query
 * without wait or expect, check-results, check-expect alone): no request is sent for them.
 * The two cases that search for real time (~60 s not found, ~10 s latency) run concurrently,
 * each on its own simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator } from '../../sim/index.js';
import type { CorpusDocument, CorpusOptions, RequestRecord, Simulator } from '../../sim/types.js';
import { runAction, type RunResult } from '../../tools/runner.js';
import { seedBedrockWorld, seedWorld } from '../../tools/world.js';
import { expectCleanFailure } from '../helpers/clean-failure.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { REGION, ROLE_ARN } from '../helpers/world.js';

type Service = 'kendra' | 'bedrock';
const ACCOUNT = '123456789012';
const WAIT = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' };

const DOCS: CorpusDocument[] = [
  {
    location: 'https://docs.example.com/guide/install',
    title: 'Install the CLI',
    text: 'How to install the octo CLI on Linux, macOS and Windows.',
  },
  {
    location: 'https://docs.example.com/guide/configure',
    title: 'Configure',
    text: 'Configure the CLI: region, output format and credentials.',
  },
  {
    location: 'https://docs.example.com/blog/release',
    title: 'Release notes',
    text: 'What changed: a faster install and fewer prompts.',
  },
];
/** "install cli": the install page has both terms (rank 1); release and configure one each, by ID. */
const QUERY = 'install cli';

interface SearchWorld {
  service: Service;
  sim: Simulator;
  /** The index or knowledge base ID, and its ARN (what a denial names). */
  containerId: string;
  arn: string;
  dataSourceId: string;
  /** Documents in the data source, served after the next sync job ends well. */
  addDocs(docs: CorpusDocument[], opts?: CorpusOptions): void;
  /** The next sync job fails. */
  failNextJob(): void;
  /** The role may do everything but Retrieve. */
  denyRetrieve(): void;
  retrieves(): RequestRecord[];
  run(inputs?: Record<string, string>): Promise<RunResult>;
}

function seed(service: Service, sim: Simulator): SearchWorld {
  const common = {
    service,
    sim,
    run: (inputs: Record<string, string> = {}) =>
      runAction({
        inputs: {
          [service === 'kendra' ? 'index-id' : 'knowledge-base-id']: world.containerId,
          'data-source-id': world.dataSourceId,
          'aws-region': REGION,
          'role-to-assume': ROLE_ARN,
          ...WAIT,
          ...inputs,
        },
        env: sim.env(),
        timeoutMs: 120_000,
      }),
  };
  let world: SearchWorld;
  if (service === 'kendra') {
    const { indexId, dataSourceIds } = seedWorld(sim);
    const ds = dataSourceIds[0];
    world = {
      ...common,
      containerId: indexId,
      arn: `arn:aws:kendra:${REGION}:${ACCOUNT}:index/${indexId}`,
      dataSourceId: ds,
      addDocs: (docs, opts) => sim.addDocuments(indexId, ds, docs, opts),
      failNextJob: () =>
        sim.scriptJobs(indexId, ds, { status: 'FAILED', syncingMs: 300, indexingMs: 300 }),
      denyRetrieve: () =>
        sim.addRole(ROLE_ARN, {
          subject: 'repo:octo-org/docs:*',
          allow: ['kendra:*DataSource*'],
        }),
      retrieves: () =>
        sim.requests.filter((r) => r.service === 'kendra' && r.action === 'Retrieve'),
    };
  } else {
    const { knowledgeBaseId, dataSourceIds } = seedBedrockWorld(sim, { startIntervalMs: 0 });
    const ds = dataSourceIds[0];
    sim.setDefaultIngestionJob({ status: 'COMPLETE', startingMs: 200, inProgressMs: 400 });
    world = {
      ...common,
      containerId: knowledgeBaseId,
      arn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${knowledgeBaseId}`,
      dataSourceId: ds,
      addDocs: (docs, opts) => sim.addKnowledgeBaseDocuments(knowledgeBaseId, ds, docs, opts),
      failNextJob: () =>
        sim.scriptIngestionJobs(knowledgeBaseId, ds, {
          status: 'FAILED',
          startingMs: 200,
          inProgressMs: 400,
        }),
      denyRetrieve: () =>
        sim.addRole(ROLE_ARN, {
          subject: 'repo:octo-org/docs:*',
          allow: ['bedrock:*IngestionJob*'],
        }),
      retrieves: () => sim.requests.filter((r) => r.service === 'bedrock-runtime'),
    };
  }
  return world;
}

const RETRIEVE = { kendra: 'kendra:Retrieve', bedrock: 'bedrock:Retrieve' } as const;

describe.each(['kendra', 'bedrock'] as const)('%s: the search check', (service) => {
  let sim: Simulator;
  let world: SearchWorld;
  beforeAll(async () => {
    sim = await startSimulator();
    world = seed(service, sim);
  });
  afterEach(() => {
    sim.reset();
    world = seed(service, sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('found at a rank: check-rank, one log line with query, rank and location, the summary marks it', async () => {
    world.addDocs(DOCS);
    const result = await world.run({ 'check-query': QUERY, 'check-expect': '/blog/release' });
    expectCleanSuccess(result);
    expect(result.outputs['check-rank']).toBe('2');
    expect(result.stdout).toContain(
      `Search check passed: "${QUERY}" found a location containing "/blog/release" at rank 2: https://docs.example.com/blog/release`,
    );
    expect(result.summary).toContain('Search check: ✅ found at rank 2');
    // The match in bold, and every location a link to its page.
    expect(result.summary).toContain(
      '<b><a href="https://docs.example.com/blog/release">https://docs.example.com/blog/release</a></b>',
    );
    expect(result.summary).toMatch(/✅ 2<\/td>/);
    // One search, after the job ended, asking for check-results (default 5) results.
    const [retrieve, ...more] = world.retrieves();
    expect(more).toEqual([]);
    expect(retrieve.status).toBe(200);
    expect(retrieve.body).toMatchObject(
      service === 'kendra'
        ? { IndexId: world.containerId, QueryText: QUERY, PageSize: 5 }
        : {
            retrievalQuery: { text: QUERY },
            retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } },
          },
    );
    const start = sim.requests.findIndex((r) => /Start/.test(r.action));
    expect(sim.requests.indexOf(retrieve)).toBeGreaterThan(start);
  });

  it(`denied: the step fails naming ${RETRIEVE[service]} and the ARN, after one request`, async () => {
    world.addDocs(DOCS);
    world.denyRetrieve();
    const result = await world.run({ 'check-query': QUERY, 'check-expect': '/guide/install' });
    expectCleanFailure(result);
    const message = result.errors.join('\n');
    expect(message).toContain(RETRIEVE[service]);
    expect(message).toContain(world.arn);
    expect(world.retrieves().map((r) => r.errorCode)).toEqual(['AccessDeniedException']);
    expect(result.summary).toContain('Search check: ❌ failed');
    expect(result.summary).toContain(RETRIEVE[service]);
    expect(result.outputs['check-rank']).toBe('');
  });

  it('no check after a failed job: the summary says "not run" and why; no Retrieve request', async () => {
    world.addDocs(DOCS);
    world.failNextJob();
    const result = await world.run({ 'check-query': QUERY, 'check-expect': '/guide/install' });
    expectCleanFailure(result);
    expect(result.summary).toContain('Search check: not run');
    expect(result.summary).toMatch(/The sync of data source .+ failed/);
    expect(result.stdout).toContain('Search check not run: the sync of');
    expect(world.retrieves()).toEqual([]);
    expect(result.outputs['check-rank']).toBe('');
  });

  it('input errors: every problem at once, before any request is sent', async () => {
    const result = await world.run({
      'check-query': QUERY,
      'check-expect': '',
      'check-results': '0',
      'wait-for-completion': 'false',
    });
    expectCleanFailure(result);
    expect(result.errors).toEqual([
      `Input 'check-results' is "0": it must be a whole number from 1 to 100.`,
      expect.stringContaining("Input 'check-query' needs 'check-expect'"),
      expect.stringContaining('but wait-for-completion is false'),
    ]);
    expect(sim.requests).toEqual([]);
  });

  it('without check-query: no Retrieve request, no check-rank, no check section', async () => {
    world.addDocs(DOCS);
    const result = await world.run();
    expectCleanSuccess(result);
    expect(world.retrieves()).toEqual([]);
    expect(sim.requests.map((r) => r.action)).not.toContain('Retrieve');
    expect(result.outputs).not.toHaveProperty('check-rank');
    expect(result.summary).not.toContain('Search check');
  });
});

describe('searches that take real time (concurrent, one simulator each)', () => {
  const worlds: Simulator[] = [];
  const world = async (service: Service) => {
    const sim = await startSimulator();
    worlds.push(sim);
    return seed(service, sim);
  };
  afterAll(async () => {
    await Promise.all(worlds.map((sim) => sim.close()));
  });

  it.concurrent.each(['kendra', 'bedrock'] as const)(
    '%s: not found: fails after ~60 s of searching, listing what came back in the log and the summary',
    async (service) => {
      const w = await world(service);
      w.addDocs(DOCS);
      const result = await w.run({ 'check-query': QUERY, 'check-expect': '/guide/uninstall' });
      expectCleanFailure(result);
      const [message] = result.errors;
      expect(message).toContain(
        `Search check failed: none of the first 5 results for "${QUERY}" is at a location containing "/guide/uninstall" (case-sensitive) after 7 searches over 1m `,
      );
      expect(message).toContain('1. https://docs.example.com/guide/install');
      expect(message).toContain('2. https://docs.example.com/blog/release');
      expect(message).toContain('3. https://docs.example.com/guide/configure');
      expect(result.stdout).toContain(`Search check: the first 5 results for "${QUERY}" were:`);
      expect(result.summary).toContain('Search check: ❌ not found');
      expect(result.summary).toContain('https://docs.example.com/guide/configure');
      expect(result.outputs['check-rank']).toBe('');
      // Every ~10 s for 60 s: 7 searches, the last no sooner than 60 s after the first.
      const searches = w.retrieves();
      expect(searches).toHaveLength(7);
      expect(searches[6].at - searches[0].at).toBeGreaterThanOrEqual(59_000);
    },
    150_000,
  );

  /** A managed knowledge base with one ACL-enabled connector whose page only dev@example.com reads. */
  const aclWorld = async () => {
    const sim = await startSimulator();
    worlds.push(sim);
    const { knowledgeBaseId } = seedBedrockWorld(sim, {
      knowledgeBase: { name: 'managed-kb', type: 'MANAGED' },
      dataSources: [],
      startIntervalMs: 0,
    });
    const wiki = sim.addBedrockDataSource(knowledgeBaseId, {
      name: 'wiki',
      connector: 'CONFLUENCE',
      aclEnabled: true,
    });
    sim.addKnowledgeBaseDocuments(knowledgeBaseId, wiki, [
      {
        location: 'https://wiki.example.com/runbooks/keys',
        text: 'How to rotate signing keys.',
        allowedUsers: ['dev@example.com'],
      },
    ]);
    return (inputs: Record<string, string>) =>
      runAction({
        inputs: {
          'knowledge-base-id': knowledgeBaseId,
          'data-source-id': wiki,
          'aws-region': REGION,
          'role-to-assume': ROLE_ARN,
          ...WAIT,
          'check-query': 'rotate signing keys',
          'check-expect': '/runbooks/keys',
          ...inputs,
        },
        env: sim.env(),
        timeoutMs: 120_000,
      });
  };

  it.concurrent(
    'access-controlled, without check-user: not found, and the failure says such data sources need one',
    async () => {
      const result = await (await aclWorld())({});
      expect(result.code).toBe(1);
      const said = result.errors.join('\n');
      expect(said).toContain('Search check failed: none of the first 5 results');
      expect(said).toContain(
        'Note: without check-user, access-controlled (ACL-enabled) data sources return nothing to a search',
      );
      expect(result.summary).toContain('Without check-user, access-controlled (ACL-enabled)');
    },
    150_000,
  );

  it.concurrent(
    'access-controlled, a check-user that looks like a token: masked, never printed; no hint then',
    async () => {
      const TOKEN = 'a1B2c3D4e5F6g7H8i9J0k1L2';
      const result = await (await aclWorld())({ 'check-user': TOKEN });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`::add-mask::${TOKEN}`);
      expect(result.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
      expect(result.errors.join('\n')).not.toContain(TOKEN);
      expect(result.summary).not.toContain(TOKEN);
      expect(result.summary).toContain('searching as the check-user given (masked)');
      expect(result.errors.join('\n')).not.toContain('Note: without check-user');
    },
    150_000,
  );

  it.concurrent.each(['kendra', 'bedrock'] as const)(
    '%s: index latency: documents served 4 s after the job ends are found by the search ~10 s later',
    async (service) => {
      const w = await world(service);
      w.addDocs(DOCS, { indexLatencyMs: 4000 });
      const result = await w.run({ 'check-query': QUERY, 'check-expect': '/guide/install' });
      expectCleanSuccess(result);
      expect(result.outputs['check-rank']).toBe('1');
      expect(result.stdout).toMatch(
        /Search check: none of the first 5 results for "install cli" is at a location containing "\/guide\/install" yet \(\d+ came back\); searching again in (9|10)s\./,
      );
      const searches = w.retrieves();
      expect(searches).toHaveLength(2);
      expect(searches[1].at - searches[0].at).toBeGreaterThanOrEqual(9_000);
    },
    60_000,
  );
});
