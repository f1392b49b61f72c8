/**
 * Managed knowledge bases (Bedrock, since 2026-06-17) through the committed bundle, against the
 * simulator: connectors created or updated asynchronously (waited for, or failed with their
 * reasons), and up to 50 ingestion jobs at once (a vector knowledge base runs one).
 */
import { describe, expect, it } from '@jest/globals';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { ROLE_ARN, useBedrockWorld } from '../helpers/world.js';

const world = useBedrockWorld({
  knowledgeBase: { name: 'managed-kb', type: 'MANAGED' },
  dataSources: [{ name: 'docs-site', connector: 'WEB' }],
  startIntervalMs: 0,
});

const WAIT = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' };

const bedrockCalls = () =>
  world.sim.requests
    .filter((r) => r.service === 'bedrock')
    .map((r) => `${r.action} ${r.errorCode ?? r.status}`);

describe('a data source that is not ready yet', () => {
  it.each(['ValidationException', 'ConflictException', 'FAILED_JOB'] as const)(
    'created a moment before the step (a start answered %s): waited for, then synced',
    async (answer) => {
      world.sim.setNotReadyStart(answer);
      const wiki = world.sim.addBedrockDataSource(world.knowledgeBaseId, {
        name: 'wiki',
        connector: 'CONFLUENCE',
        status: 'CREATING',
        // Longer than a job that fails at once takes to be seen failed (2 s + a poll).
        readyInMs: 5000,
      });
      const result = await world.run({ ...WAIT, 'data-source-id': wiki });
      expectCleanSuccess(result);
      expect(result.outputs.outcome).toBe('succeeded');
      expect(result.stdout).toContain(`Data source ${wiki} is CREATING, not ready to sync`);
      expect(result.stdout).toMatch(new RegExp(`Data source ${wiki} is ready after \\d+s`));
      const calls = bedrockCalls();
      const refused = answer === 'FAILED_JOB' ? 202 : answer;
      expect(calls[0]).toBe(`StartIngestionJob ${refused}`);
      expect(calls).toContain('GetDataSource 200');
      expect(calls.filter((c) => c === 'StartIngestionJob 202')).toHaveLength(
        answer === 'FAILED_JOB' ? 2 : 1,
      );
      const jobs = world.sim.ingestionJobs(world.knowledgeBaseId, wiki);
      expect(jobs.at(-1)?.status).toBe('COMPLETE');
      expect(result.outputs['execution-id']).toBe(jobs.at(-1)?.ingestionJobId);
      if (answer === 'FAILED_JOB') {
        // The second start is a new request, not a retry of the first.
        expect(jobs[0].clientToken).not.toBe(jobs[1].clientToken);
        expect(result.stdout).toMatch(/ended FAILED at once: the data source is CREATING/);
      }
    },
  );

  it('one whose creation failed: the step fails with its reasons, and starts nothing', async () => {
    const reasons = 'The Confluence credentials in the secret were rejected.';
    const wiki = world.sim.addBedrockDataSource(world.knowledgeBaseId, {
      name: 'wiki',
      connector: 'CONFLUENCE',
      status: 'CREATING',
      readyInMs: 1500,
      failureReasons: [reasons],
    });
    const result = await world.run({ ...WAIT, 'data-source-id': wiki });
    expect(result.code).toBe(1);
    expect(result.errors.join('\n')).toContain(
      `Data source ${wiki} cannot sync: Bedrock says it is FAILED: The Confluence credentials in the secret were rejected. Fix the data source`,
    );
    expect(result.outputs.outcome).toBe('failed');
    expect(result.summary).toContain(reasons);
    expect(world.sim.ingestionJobs(world.knowledgeBaseId, wiki)).toEqual([]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an AVAILABLE data source: exactly the three requests of the happy path', async () => {
    const result = await world.run();
    expectCleanSuccess(result);
    expect(world.sim.requests.map((r) => `${r.service}:${r.action}`)).toEqual([
      'oidc:GetIdToken',
      'sts:AssumeRoleWithWebIdentity',
      'bedrock:StartIngestionJob',
    ]);
  });
});

describe('several data sources of one knowledge base', () => {
  const FIVE = ['docs', 'blog', 'wiki', 'drive', 'sharepoint'];

  /** Five data sources whose jobs take 3 s each; their jobs in the simulator's record, by start. */
  function five(knowledgeBaseId: string) {
    world.sim.setDefaultIngestionJob({ status: 'COMPLETE', startingMs: 500, inProgressMs: 2500 });
    const ids = FIVE.map((name) => world.sim.addBedrockDataSource(knowledgeBaseId, { name }));
    const jobs = () =>
      ids
        .flatMap((id) => world.sim.ingestionJobs(knowledgeBaseId, id))
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    return { ids, jobs };
  }

  /** Whether any two jobs ran at the same time (a job's last update is its end). */
  const overlapping = (jobs: Array<{ startedAt: Date; updatedAt: Date }>) =>
    jobs.some((job, i) => i > 0 && job.startedAt < jobs[i - 1].updatedAt);

  it('a managed knowledge base: one GetKnowledgeBase, then five jobs side by side', async () => {
    const { ids, jobs } = five(world.knowledgeBaseId);
    const result = await world.run({ ...WAIT, 'data-source-id': ids.join(',') });
    expectCleanSuccess(result);
    expect(result.outputs.outcome).toBe('succeeded');
    const calls = bedrockCalls();
    expect(calls.filter((c) => c.startsWith('GetKnowledgeBase'))).toEqual(['GetKnowledgeBase 200']);
    expect(calls.filter((c) => c.startsWith('StartIngestionJob'))).toEqual(
      FIVE.map(() => 'StartIngestionJob 202'),
    );
    const record = jobs();
    expect(record).toHaveLength(5);
    // Every job started before the first one ended: all five ran at once.
    const firstEnd = Math.min(...record.map((j) => j.updatedAt.getTime()));
    expect(record.every((j) => j.startedAt.getTime() < firstEnd)).toBe(true);
    expect(result.stdout).not.toContain('one ingestion job at a time');
  });

  it('a vector knowledge base: the same five, one after another', async () => {
    const vector = world.sim.addKnowledgeBase({ name: 'vector-kb' });
    const { ids, jobs } = five(vector);
    const result = await world.run({
      ...WAIT,
      'knowledge-base-id': vector,
      'data-source-id': ids.join(','),
    });
    expectCleanSuccess(result);
    const record = jobs();
    expect(record).toHaveLength(5);
    expect(overlapping(record)).toBe(false);
  });

  it('GetKnowledgeBase denied: the queue, with a debug line, never a failure', async () => {
    world.sim.addRole(ROLE_ARN, {
      subject: 'repo:octo-org/docs:*',
      allow: ['bedrock:StartIngestionJob', 'bedrock:GetIngestionJob', 'bedrock:ListIngestionJobs'],
    });
    const { ids, jobs } = five(world.knowledgeBaseId);
    const two = ids.slice(0, 2).join(',');
    const result = await world.run(
      { ...WAIT, 'data-source-id': two },
      { env: { RUNNER_DEBUG: '1' } },
    );
    expectCleanSuccess(result);
    expect(bedrockCalls()).toContain('GetKnowledgeBase AccessDeniedException');
    expect(result.stdout).toMatch(
      /::debug::Could not read knowledge base \w+ .*bedrock:GetKnowledgeBase.*one after another/,
    );
    expect(overlapping(jobs())).toBe(false);
  });
});

const CHECK = {
  ...WAIT,
  'check-query': 'rotate signing keys',
  'check-expect': '/runbooks/keys',
};

/** A connector with ACLs whose one page only dev@example.com may read; its id. */
function aclSource(name = 'wiki'): string {
  const id = world.sim.addBedrockDataSource(world.knowledgeBaseId, {
    name,
    connector: 'CONFLUENCE',
    aclEnabled: true,
  });
  world.sim.addKnowledgeBaseDocuments(world.knowledgeBaseId, id, [
    {
      location: `https://${name}.example.com/runbooks/keys`,
      text: 'How to rotate signing keys.',
      allowedUsers: ['dev@example.com'],
    },
  ]);
  return id;
}

describe('access-controlled search (check-user)', () => {
  it('found as check-user: Retrieve carries userContext, the summary names the user', async () => {
    const wiki = aclSource();
    const result = await world.run({
      ...CHECK,
      'data-source-id': wiki,
      'check-user': 'Dev@example.com',
    });
    expectCleanSuccess(result);
    expect(result.outputs['check-rank']).toBe('1');
    const retrieve = world.sim.requests.find((r) => r.action === 'Retrieve');
    expect(retrieve?.body).toMatchObject({ userContext: { userId: 'Dev@example.com' } });
    expect(result.summary).toContain(', searching as Dev@example.com');
    expect(result.stdout).toContain('"rotate signing keys", searching as Dev@example.com found');
  });
});

describe('a scheduled sync running when the step starts', () => {
  /** A connector whose daily schedule started a 3 s job a moment ago. */
  function scheduled(): string {
    return world.sim.addBedrockDataSource(world.knowledgeBaseId, {
      name: 'handbook',
      syncSchedule: {
        firstAt: new Date(Date.now() - 200),
        everyMs: 86_400_000,
        job: { status: 'COMPLETE', startingMs: 200, inProgressMs: 3000 },
      },
    });
  }
  const NOT_OURS = 'not started by this step, but by another run or a schedule';

  it.each([
    ['wait', 0, 'waiting for it to end before starting a new sync'],
    ['skip', 0, 'if-running is skip, so no new sync was started'],
    ['fail', 1, 'so none was started'],
  ])('if-running: %s', async (ifRunning, code, said) => {
    const handbook = scheduled();
    const result = await world.run({
      ...WAIT,
      'data-source-id': handbook,
      'if-running': ifRunning,
    });
    expect(result.code).toBe(code);
    const jobs = world.sim.ingestionJobs(world.knowledgeBaseId, handbook);
    expect(jobs[0].description).toBe('Scheduled sync');
    const line = `${result.stdout}\n${result.errors.join('\n')}`;
    expect(line).toContain(`execution ${jobs[0].ingestionJobId}`);
    expect(line).toContain(NOT_OURS);
    expect(line).toContain(said);
    if (ifRunning === 'wait') {
      expect(jobs).toHaveLength(2);
      expect(jobs[1].startedAt.getTime()).toBeGreaterThanOrEqual(jobs[0].updatedAt.getTime());
      expect(result.outputs.outcome).toBe('succeeded');
    } else expect(jobs).toHaveLength(1);
    if (ifRunning === 'skip') {
      expect(result.summary).toContain('(already running, not started by this step: skipped)');
    }
  });
});

describe('a KENDRA knowledge base (a Kendra GenAI index seen through Bedrock)', () => {
  const INDEX = '0123abcd-4567-89ef-0123-456789abcdef';

  it.each([
    ['data-source-id', 'DS5E6F7G8H'],
    ['data-source-name', 'website'],
  ])('with %s: the error names the Kendra index to sync with index-id', async (input, value) => {
    const genai = world.sim.addKnowledgeBase({
      name: 'genai-kb',
      type: 'KENDRA',
      kendraIndexId: INDEX,
    });
    const result = await world.run({
      'knowledge-base-id': genai,
      'data-source-id': '',
      [input]: value,
    });
    expect(result.code).toBe(1);
    expect(result.errors.join('\n')).toContain(
      `Knowledge base ${genai} is of type KENDRA: a Kendra GenAI index seen through Bedrock, whose data sources sync through Kendra, not Bedrock. Sync them with index-id: ${INDEX}`,
    );
    expect(bedrockCalls()).toContain('GetKnowledgeBase 200');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("a managed knowledge base's failed documents, from its application logs", () => {
  it('reads the managed event shape: source_uri, the phase that FAILED, error_message', async () => {
    world.sim.addRole(ROLE_ARN, {
      subject: 'repo:octo-org/docs:*',
      allow: ['bedrock:*', 'logs:*'],
    });
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
    world.sim.scriptIngestionJobs(world.knowledgeBaseId, world.dataSourceId, {
      startingMs: 200,
      inProgressMs: 400,
      statistics: { numberOfDocumentsFailed: 1, numberOfDocumentsSkipped: 1 },
      documents: [
        { location: 'https://docs.example.com/guide/install', status: 'INDEXED' },
        {
          location: 'https://docs.example.com/api/reference',
          status: 'INDEXING_FAILED',
          reasons: ['The document could not be indexed: too many chunks.'],
        },
        {
          location: 'https://docs.example.com/media/talk.mp4',
          status: 'RESOURCE_IGNORED',
          reasons: ['Resource exceeded allowed size limit of 50 Megabytes.'],
        },
      ],
    });
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expect(result.code).toBe(0);
    // The simulator wrote the managed shape, not the vector one.
    const events = world.sim.requests.filter((r) => r.action === 'FilterLogEvents');
    expect(events).toHaveLength(1);
    expect(result.stdout).toContain(
      'https://docs.example.com/api/reference (index_status FAILED): The document could not be indexed: too many chunks',
    );
    expect(result.stdout).toContain(
      'https://docs.example.com/media/talk.mp4 (crawl_status FAILED): Resource exceeded allowed size limit of 50 Megabytes',
    );
    expect(result.stdout).not.toContain('https://docs.example.com/guide/install (');
    const [entry] = JSON.parse(result.outputs.results) as Array<{
      failedDocuments?: Array<{ uri?: string; errorCode?: string }>;
    }>;
    expect(entry.failedDocuments?.map((d) => d.errorCode).sort()).toEqual([
      'crawl_status FAILED',
      'index_status FAILED',
    ]);
  });
});
