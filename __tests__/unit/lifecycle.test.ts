/**
 * The lifecycle (syncAll, startSync, cancelSyncs) in virtual time against an in-memory service
 * (helpers/fake-service.ts): queueing per container, our own job never taken for another run's,
 * an account at its limit, throttled starts, a container held by another run, and how results
 * come out, each at exact virtual times.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ActionError } from '../../src/errors.js';
import { cancelSyncs } from '../../src/lifecycle/cancel.js';
import { SyncProgress } from '../../src/lifecycle/progress.js';
import { startSync, type StartPolicy } from '../../src/lifecycle/start.js';
import { endedResult, syncAll, type SyncOptions } from '../../src/lifecycle/sync.js';
import type { DataSourceResult, FailedDocument, SyncJob, Target } from '../../src/model.js';
import { BEDROCK } from '../../src/services/bedrock/describe.js';
import {
  captureLog,
  FakeClock,
  FakeService,
  MINUTE,
  T0,
  type FakeServiceOptions,
} from '../helpers/fake-service.js';

const COLLECTION = 'collection-1';
const WEBSITE: Target = { containerId: COLLECTION, dataSourceId: 'website' };
const PDFS: Target = { containerId: COLLECTION, dataSourceId: 'pdfs' };
const WIKI: Target = { containerId: COLLECTION, dataSourceId: 'wiki' };
const ELSEWHERE: Target = { containerId: 'collection-2', dataSourceId: 'archive' };

let clock: FakeClock;
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  clock = new FakeClock();
  printed = captureLog(clock);
});

afterEach(() => {
  jest.restoreAllMocks();
});

const fake = (options: FakeServiceOptions = {}) => new FakeService(clock, options);

function syncOptions(overrides: Partial<SyncOptions> = {}): SyncOptions {
  return {
    ifRunning: 'wait',
    waitForCompletion: true,
    waitTimeoutMinutes: 60,
    pollIntervalSeconds: 30,
    failOnIncomplete: true,
    failedDocuments: 10,
    ...overrides,
  };
}

const policy = (overrides: Partial<StartPolicy> = {}): StartPolicy => ({
  ifRunning: 'wait',
  waitTimeoutMinutes: 60,
  pollIntervalSeconds: 30,
  ...overrides,
});

/** syncAll, noting with virtual times what it tells its progress (what a cancellation reads). */
async function sync(
  service: FakeService,
  targets: Target[],
  overrides: Partial<SyncOptions> = {},
  progress?: SyncProgress,
) {
  const heard: string[] = [];
  const note = (what: string) => heard.push(`${service.elapsed()} ${what}`);
  class Recorder extends SyncProgress {
    override started(position: number, result: DataSourceResult): void {
      note(`started ${position} ${result.executionId}`);
      super.started(position, result);
    }
    override track(position: number, target: Target, executionId: string): void {
      note(`track ${executionId}`);
      super.track(position, target, executionId);
    }
    override untrack(position: number): void {
      note(`untrack ${this.now()[position].result.executionId}`);
      super.untrack(position);
    }
  }
  const results = await syncAll(
    service,
    progress ?? new Recorder(targets),
    syncOptions(overrides),
    clock,
    (position, executionId) => note(`announce ${position} ${executionId}`),
  );
  return { results, heard };
}

/** The service's calls as `op data-source at`, for comparing whole sequences at a glance. */
const calls = (service: FakeService) =>
  service.calls.map((call) => `${call.op} ${call.dataSourceId ?? '-'} ${call.at / 1000}`);

const lines = (text: string) => printed.filter((p) => p.line.includes(text));

/** Polls of one job at these seconds. */
const polls = (dataSourceId: string, ...seconds: number[]) =>
  seconds.map((s) => `getJob ${dataSourceId} ${s}`);

describe('a container that runs a job per data source (a managed knowledge base)', () => {
  const FIVE = ['docs', 'blog', 'wiki', 'drive', 'sharepoint'].map((dataSourceId): Target => ({
    containerId: COLLECTION,
    dataSourceId,
  }));
  const minute = { durationMs: MINUTE, metrics: { added: 1 } };

  it('five data sources with 60 s jobs end in about the time of one: one read, then side by side', async () => {
    const service = fake({ oneJobPerContainer: true, manyJobsIn: [COLLECTION] });
    for (const { dataSourceId } of FIVE) service.script(dataSourceId, minute);
    const { results } = await sync(service, FIVE);
    expect(service.calls.filter((c) => c.op === 'oneJobIn')).toHaveLength(1);
    expect(FIVE.map((t) => service.times('startJob', t.dataSourceId))).toEqual(FIVE.map(() => [0]));
    expect(results.map((r) => r.outcome)).toEqual(FIVE.map(() => 'succeeded'));
    // The first poll after the jobs' end: one job's time, not five.
    expect(clock.t - T0).toBe(MINUTE);
  });

  it('the same five in a container of one job at a time take five times as long', async () => {
    const service = fake({ oneJobPerContainer: true, manyJobsIn: [] });
    for (const { dataSourceId } of FIVE) service.script(dataSourceId, minute);
    await sync(service, FIVE);
    const starts = FIVE.map((t) => service.times('startJob', t.dataSourceId)[0]);
    expect(starts).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(clock.t - T0).toBe(5 * MINUTE);
  });

  it('two data sources of such a container already run side by side', async () => {
    const service = fake({ oneJobPerContainer: true, manyJobsIn: [COLLECTION] });
    await sync(service, FIVE.slice(0, 2));
    expect(service.calls.filter((c) => c.op === 'oneJobIn')).toHaveLength(1);
    expect(service.times('startJob')).toEqual([0, 0]);
  });

  it('one data source of such a container asks nothing: the happy path keeps its requests', async () => {
    const single = fake({ oneJobPerContainer: true, manyJobsIn: [COLLECTION] });
    await sync(single, [WEBSITE]);
    expect(single.calls.filter((c) => c.op === 'oneJobIn')).toEqual([]);
  });
});

describe('queueing where the service runs one job per container', () => {
  it('runs two data sources one after another: the second starts at the poll that sees the first end', async () => {
    const service = fake({ oneJobPerContainer: true })
      .script('website', { durationMs: 100_000, metrics: { added: 3, scanned: 3 } })
      .script('pdfs', { durationMs: 45_000 });
    const { results, heard } = await sync(service, [WEBSITE, PDFS]);
    // The first ends at 100 s; the poll at 120 s sees it, and the second starts at once.
    expect(calls(service)).toEqual([
      'startJob website 0',
      ...polls('website', 0, 30, 60, 90, 120),
      'startJob pdfs 120',
      ...polls('pdfs', 120, 150, 180),
    ]);
    expect(service.calls.filter((c) => c.op === 'startJob').map((c) => c.answer)).toEqual([
      'started',
      'started',
    ]);
    expect(results).toMatchObject([
      {
        dataSourceId: 'website',
        executionId: 'ours-1',
        outcome: 'succeeded',
        status: 'DONE',
        startTime: new Date(T0),
        endTime: new Date(T0 + 100_000),
        metrics: { added: 3, scanned: 3 },
      },
      {
        dataSourceId: 'pdfs',
        executionId: 'ours-2',
        outcome: 'succeeded',
        startTime: new Date(T0 + 120_000),
        endTime: new Date(T0 + 165_000),
      },
    ]);
    expect(heard).toEqual([
      '0 started 0 ours-1',
      '0 announce 0 ours-1',
      '0 track ours-1',
      '120000 untrack ours-1',
      '120000 started 1 ours-2',
      '120000 announce 1 ours-2',
      '120000 track ours-2',
      '180000 untrack ours-2',
    ]);
    expect(clock.t).toBe(T0 + 180_000);
  });

  it('starts data sources side by side where the service allows a job per data source', async () => {
    const service = fake({ oneJobPerContainer: false })
      .script('website', { durationMs: 100_000 })
      .script('pdfs', { durationMs: 45_000 });
    const { results } = await sync(service, [WEBSITE, PDFS]);
    expect(service.times('startJob', 'website')).toEqual([0]);
    expect(service.times('startJob', 'pdfs')).toEqual([0]);
    expect(service.times('getJob', 'website')).toEqual([0, 30_000, 60_000, 90_000, 120_000]);
    expect(service.times('getJob', 'pdfs')).toEqual([0, 30_000, 60_000]);
    expect(results.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded']);
    expect(clock.t).toBe(T0 + 120_000);
  });

  it('queues per container: two containers run side by side, each its own queue', async () => {
    const service = fake({ oneJobPerContainer: true })
      .script('website', { durationMs: 100_000 })
      .script('pdfs', { durationMs: 45_000 })
      .script('archive', { durationMs: 50_000 });
    await sync(service, [WEBSITE, PDFS, ELSEWHERE]);
    expect(service.times('startJob', 'website')).toEqual([0]);
    expect(service.times('startJob', 'archive')).toEqual([0]);
    expect(service.times('startJob', 'pdfs')).toEqual([120_000]);
  });

  it('with wait-for-completion false still waits for each job but the last, says so, and only starts the last', async () => {
    const service = fake({ oneJobPerContainer: true })
      .script('website', { durationMs: 100_000 })
      .script('pdfs', { durationMs: 45_000 })
      .script('wiki', { durationMs: 10 * MINUTE });
    const { results, heard } = await sync(service, [WEBSITE, PDFS, WIKI], {
      waitForCompletion: false,
    });
    expect(calls(service)).toEqual([
      'startJob website 0',
      ...polls('website', 0, 30, 60, 90, 120),
      'startJob pdfs 120',
      ...polls('pdfs', 120, 150, 180),
      'startJob wiki 180',
    ]);
    const saying = 'Fakesearch runs one sync job at a time per collection: waiting for';
    expect(lines(saying)).toEqual([
      { at: 0, line: `${saying} data source website to end before starting data source pdfs.` },
      { at: 120_000, line: `${saying} data source pdfs to end before starting data source wiki.` },
    ]);
    expect(results.map((r) => [r.dataSourceId, r.outcome, r.status])).toEqual([
      ['website', 'succeeded', 'DONE'],
      ['pdfs', 'succeeded', 'DONE'],
      ['wiki', 'started', 'QUEUED'],
    ]);
    // The last job is left running and is not watched: cancelling now would not stop it.
    expect(heard.filter((h) => h.includes('ours-3'))).toEqual([
      '180000 started 2 ours-3',
      '180000 announce 2 ours-3',
    ]);
    expect(clock.t).toBe(T0 + 180_000);
  });

  it("says so in the service's words (Bedrock's terms)", async () => {
    const service = fake({ oneJobPerContainer: true, terms: BEDROCK.terms });
    await sync(service, [WEBSITE, PDFS], { waitForCompletion: false });
    expect(lines('at a time per')).toEqual([
      {
        at: 0,
        line: 'Bedrock runs one ingestion job at a time per knowledge base: waiting for data source website to end before starting data source pdfs.',
      },
    ]);
  });

  it.each(['skip', 'fail'] as const)(
    'never takes its own job for another run: under if-running: %s the next data source waits for it',
    async (ifRunning) => {
      // The first job outlasts its wait (2 min) and still holds the collection when the second starts.
      const service = fake({ oneJobPerContainer: true })
        .script('website', { durationMs: 3 * MINUTE })
        .script('pdfs', { durationMs: 45_000 });
      const { results } = await sync(service, [WEBSITE, PDFS], {
        ifRunning,
        waitTimeoutMinutes: 2,
      });
      expect(calls(service)).toEqual([
        'startJob website 0',
        ...polls('website', 0, 30, 60, 90, 120),
        'startJob pdfs 120',
        'findRunningJob pdfs 120',
        // Our job, found on the other data source, is waited for: its first poll an interval on.
        ...polls('website', 150, 180),
        'startJob pdfs 180',
        ...polls('pdfs', 180, 210, 240),
      ]);
      expect(results.map((r) => [r.dataSourceId, r.outcome, r.executionId])).toEqual([
        ['website', 'timed-out', 'ours-1'],
        ['pdfs', 'succeeded', 'ours-2'],
      ]);
      expect(results[1].skipped).toBe(false);
      expect(lines('busy with a sync job this step started')).toEqual([
        {
          at: 120_000,
          line: `collection ${COLLECTION} (wanted for data source pdfs) is still busy with a sync job this step started (data source website, execution ours-1, RUNNING since 2025-01-01T12:00:00.000Z); waiting for it to end.`,
        },
      ]);
    },
  );
});

describe("an account at its limit of concurrent jobs (busy 'account')", () => {
  /** Another run's job elsewhere in the account takes the one slot until 100 s. */
  function full() {
    const service = fake({ accountLimit: 1 });
    service.startedBySomeoneElse(ELSEWHERE, { startAt: -MINUTE, durationMs: 160_000 });
    return service;
  }
  const busy = `the account has as many Fakesearch sync jobs running as it may (ConcurrentSyncJobLimit); the cause is the account's limit, not data source website`;

  it('wait: tries the start again every poll interval until a slot frees', async () => {
    const service = full();
    const started = await startSync(service, WEBSITE, policy(), clock);
    expect(started).toEqual({
      skipped: false,
      executionId: 'ours-2',
      status: 'QUEUED',
      requestedAt: new Date(T0 + 120_000),
    });
    expect(service.times('startJob')).toEqual([0, 30_000, 60_000, 90_000, 120_000]);
    // Nothing of this data source's is looked up: a quota has no job to find.
    expect(service.times('findRunningJob')).toEqual([]);
    expect(clock.sleeps).toEqual([30_000, 30_000, 30_000, 30_000]);
    expect(lines('trying again in 30 s')).toEqual(
      [0, 30_000, 60_000, 90_000].map((at) => ({ at, line: `${busy}; trying again in 30 s.` })),
    );
  });

  it('skip: starts nothing and succeeds with outcome skipped, no execution ID; skipped is false, as no running job was left alone', async () => {
    const service = full();
    const { results, heard } = await sync(service, [WEBSITE], { ifRunning: 'skip' });
    expect(results).toEqual([
      {
        containerId: COLLECTION,
        dataSourceId: 'website',
        outcome: 'skipped',
        skipped: false,
        notes: [`Started nothing on data source website: ${busy}; if-running is skip.`],
      } satisfies DataSourceResult,
    ]);
    expect(calls(service)).toEqual(['startJob website 0']);
    expect(heard).toEqual([]);
    expect(
      lines(`Started nothing on data source website: ${busy}; if-running is skip.`),
    ).toHaveLength(1);
  });

  it('fail: fails the data source with the account-limit message, at once', async () => {
    const service = full();
    const { results } = await sync(service, [WEBSITE], { ifRunning: 'fail' });
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      failure: `No sync was started on data source website: ${busy}. Set if-running: wait to wait for a free slot.`,
    });
    expect(calls(service)).toEqual(['startJob website 0']);
    expect(clock.t).toBe(T0);
  });

  it('wait gives up at wait-timeout-minutes, saying it waited', async () => {
    const service = fake({ accountLimit: 1 });
    service.startedBySomeoneElse(ELSEWHERE, { startAt: 0, durationMs: 60 * MINUTE });
    const error = await startSync(service, WEBSITE, policy({ waitTimeoutMinutes: 2 }), clock).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toBe(
      `No sync was started on data source website: ${busy}. Waited 2 min (wait-timeout-minutes).`,
    );
    expect(service.times('startJob')).toEqual([0, 30_000, 60_000, 90_000, 120_000]);
    expect(clock.t).toBe(T0 + 2 * MINUTE);
  });

  it('never waits past wait-timeout-minutes when the poll interval does not divide it: a last try at the deadline', async () => {
    const service = fake({ accountLimit: 1 });
    service.startedBySomeoneElse(ELSEWHERE, { startAt: 0, durationMs: 60 * MINUTE });
    const error = await startSync(
      service,
      WEBSITE,
      policy({ waitTimeoutMinutes: 2, pollIntervalSeconds: 50 }),
      clock,
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain('Waited 2 min (wait-timeout-minutes).');
    expect(service.times('startJob')).toEqual([0, 50_000, 100_000, 120_000]);
    // The pause cut at the deadline says so.
    expect(lines('trying a last time')).toEqual([
      {
        at: 100_000,
        line: `${busy}; trying a last time at the deadline (wait-timeout-minutes), in 20s.`,
      },
    ]);
    expect(clock.t).toBe(T0 + 2 * MINUTE);
  });

  it('a slot that frees at the deadline is taken by that last try', async () => {
    const service = fake({ accountLimit: 1 });
    service.startedBySomeoneElse(ELSEWHERE, { startAt: 0, durationMs: 2 * MINUTE });
    const started = await startSync(
      service,
      WEBSITE,
      policy({ waitTimeoutMinutes: 2, pollIntervalSeconds: 50 }),
      clock,
    );
    expect(started).toMatchObject({ skipped: false, requestedAt: new Date(T0 + 2 * MINUTE) });
  });
});

describe('throttled starts', () => {
  const throttledLine = (pause: string) =>
    `Fakesearch throttled the start of a sync job on data source website (the account may start about one sync job per 10 s); trying again in ${pause}.`;

  it('backs off with full jitter, never under the minimum, and gets through after 3 throttles', async () => {
    const service = fake().throttleStarts(3, { min: 10_000, max: 60_000 });
    // Full jitter over min * 2^attempt: 0.1 * 20 s is under the minimum, so 10 s; then 0.75 * 40 s, 0.75 * 60 s (the cap).
    jest.spyOn(Math, 'random').mockReturnValueOnce(0.1).mockReturnValue(0.75);
    const started = await startSync(service, WEBSITE, policy(), clock);
    expect(clock.sleeps).toEqual([10_000, 30_000, 45_000]);
    expect(service.times('startJob')).toEqual([0, 10_000, 40_000, 85_000]);
    expect(started).toMatchObject({ skipped: false, requestedAt: new Date(T0 + 85_000) });
    expect(service.started()).toHaveLength(1);
    expect(lines('throttled the start')).toEqual([
      { at: 0, line: throttledLine('10s') },
      { at: 10_000, line: throttledLine('30s') },
      { at: 40_000, line: throttledLine('45s') },
    ]);
  });

  it.each([0, 0.5, 0.999])(
    'keeps every pause within the bounds the service gives (Math.random() = %d)',
    async (random) => {
      const service = fake().throttleStarts(6, { min: 10_000, max: 60_000 });
      jest.spyOn(Math, 'random').mockReturnValue(random);
      await startSync(service, WEBSITE, policy(), clock);
      expect(clock.sleeps).toHaveLength(6);
      for (const pause of clock.sleeps) {
        expect(pause).toBeGreaterThanOrEqual(10_000);
        expect(pause).toBeLessThanOrEqual(60_000);
      }
    },
  );

  it('gives up when the next pause would pass wait-timeout-minutes, with the message', async () => {
    const service = fake().throttleStarts(100);
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const error = await startSync(service, WEBSITE, policy({ waitTimeoutMinutes: 1 }), clock).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toBe(
      'Fakesearch kept throttling the start of a sync job on data source website (the account may start about one sync job per 10 s) for 1 min (wait-timeout-minutes).',
    );
    // Pauses of 10, 20 and 30 s reach the deadline exactly; the next 30 s would pass it.
    expect(clock.sleeps).toEqual([10_000, 20_000, 30_000]);
    expect(service.times('startJob')).toEqual([0, 10_000, 30_000, 60_000]);
    expect(clock.t).toBe(T0 + MINUTE);
    expect(service.started()).toEqual([]);
  });
});

describe("a container held by another run's job (busy 'container')", () => {
  /** Another run's job on the other data source holds the collection until 100 s. */
  function held(options: FakeServiceOptions = { oneJobPerContainer: true }) {
    const service = fake(options);
    const theirs = service.startedBySomeoneElse(PDFS, { startAt: -MINUTE, durationMs: 160_000 });
    return { service, theirs };
  }
  const which = `(data source pdfs, execution theirs-1, RUNNING since 2025-01-01T11:59:00.000Z; not started by this step, but by another run or a schedule)`;
  const where = `collection ${COLLECTION} (wanted for data source website)`;

  it('wait: follows the job of the other data source to its end, then starts', async () => {
    const { service } = held();
    const { results } = await sync(service, [WEBSITE], { waitForCompletion: false });
    expect(calls(service)).toEqual([
      'startJob website 0',
      'findRunningJob website 0',
      ...polls('pdfs', 30, 60, 90, 120),
      'startJob website 120',
    ]);
    expect(results[0]).toMatchObject({
      outcome: 'started',
      executionId: 'ours-2',
      startTime: new Date(T0 + 120_000),
    });
    expect(lines('waiting for it to end before starting a new sync')).toEqual([
      {
        at: 0,
        line: `${where} is already syncing ${which}; waiting for it to end before starting a new sync.`,
      },
    ]);
  });

  it('wait: hears of the job it waits for and of the end of the wait; says how it ended before starting', async () => {
    const { service } = held();
    const heard: string[] = [];
    const waiting = (job?: { executionId: string }) =>
      heard.push(`${service.elapsed() / 1000} ${job?.executionId ?? 'no longer'}`);
    const started = await startSync(service, WEBSITE, policy(), clock, new Set(), waiting);
    expect(started).toMatchObject({ skipped: false, executionId: 'ours-2' });
    expect(heard).toEqual(['0 theirs-1', '120 no longer']);
    expect(lines('Sync job theirs-1 on ').map((p) => `${p.at / 1000} ${p.line}`)).toEqual([
      '120 Sync job theirs-1 on data source pdfs ended DONE; starting a sync of data source website.',
    ]);
  });

  it('wait: a job on the same data source ended, a new sync is started', async () => {
    const service = fake({ oneJobPerContainer: true });
    service.startedBySomeoneElse(WEBSITE, { startAt: -MINUTE, durationMs: 100_000 });
    await startSync(service, WEBSITE, policy(), clock);
    expect(lines('Sync job theirs-1 on ').map((p) => p.line)).toEqual([
      'Sync job theirs-1 on data source website ended DONE; starting a new sync.',
    ]);
  });

  it("a job of this step's own holding the container is waited for without being taken for another run's", async () => {
    const { service } = held();
    const heard: string[] = [];
    const ours = new Set(['theirs-1']);
    const waiting = (job?: { executionId: string }) => heard.push(job?.executionId ?? 'no longer');
    await startSync(service, WEBSITE, policy(), clock, ours, waiting);
    expect(heard).toEqual([]);
    expect(service.times('startJob', 'website')).toEqual([0, 120_000]);
  });

  it('a cancellation while it waits says no job was started and the other run’s was left running', async () => {
    const { service } = held();
    const progress = new SyncProgress([WEBSITE]);
    const run = sync(service, [WEBSITE], { waitForCompletion: false }, progress);
    await clock.sleep(45_000);
    expect(progress.now()[0].phase).toMatchObject({
      kind: 'waiting-for-theirs',
      job: { executionId: 'theirs-1' },
    });
    const rows = await cancelSyncs(service, progress, true, 'SIGINT');
    expect(rows[0].failure).toContain(
      'no sync job was started on it; sync job theirs-1 (not started by this step, but by another run or a schedule), which it waited for, was left running',
    );
    await run;
    expect(service.calls.filter((c) => c.op === 'stopJob')).toEqual([]);
  });

  it('wait: waits again when another run takes the container as the first job ends', async () => {
    const { service } = held();
    // Another workflow starts on the wiki at 110 s, between the end at 100 s and the poll at 120 s.
    const second = service.startedBySomeoneElse(WIKI, { startAt: 110_000, durationMs: MINUTE });
    const { results } = await sync(service, [WEBSITE], { waitForCompletion: false });
    expect(calls(service)).toEqual([
      'startJob website 0',
      'findRunningJob website 0',
      ...polls('pdfs', 30, 60, 90, 120),
      'startJob website 120',
      'findRunningJob website 120',
      ...polls('wiki', 150, 180),
      'startJob website 180',
    ]);
    expect(results[0]).toMatchObject({ outcome: 'started', startTime: new Date(T0 + 180_000) });
    expect(lines(`(data source wiki, execution ${second}, RUNNING since`)).toHaveLength(1);
  });

  it('skip: reports the running job of the other data source, starts nothing', async () => {
    const { service, theirs } = held();
    const { results, heard } = await sync(service, [WEBSITE], { ifRunning: 'skip' });
    expect(results[0]).toEqual({
      containerId: COLLECTION,
      dataSourceId: 'website',
      outcome: 'skipped',
      skipped: true,
      executionId: theirs,
      status: 'RUNNING',
      startTime: new Date(T0 - MINUTE),
    });
    // Its execution ID is the data source's output, but it is not ours to stop or wait on.
    expect(heard).toEqual(['0 started 0 theirs-1', '0 announce 0 theirs-1']);
    expect(calls(service)).toEqual(['startJob website 0', 'findRunningJob website 0']);
    expect(
      lines(
        `${where} is already syncing ${which}; if-running is skip, so no new sync was started.`,
      ),
    ).toHaveLength(1);
  });

  it('fail: fails naming the data source and the job that hold the container', async () => {
    const { service } = held();
    const { results } = await sync(service, [WEBSITE], { ifRunning: 'fail' });
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      failure:
        `A sync is already running on ${where} ${which}, so none was started. ` +
        'Set if-running: wait to wait for it and then start a new one, or if-running: skip to leave it be.',
    });
    expect(service.started()).toEqual([]);
  });

  it("a job on the same data source is named as that data source's", async () => {
    const service = fake({ oneJobPerContainer: true });
    service.startedBySomeoneElse(WEBSITE, { startAt: -MINUTE, durationMs: 160_000 });
    const { results } = await sync(service, [WEBSITE], { ifRunning: 'fail' });
    expect(results[0].failure).toBe(
      'A sync is already running on data source website (execution theirs-1, RUNNING since 2025-01-01T11:59:00.000Z; not started by this step, but by another run or a schedule), so none was started. ' +
        'Set if-running: wait to wait for it and then start a new one, or if-running: skip to leave it be.',
    );
  });

  it('where jobs are per data source, the other data source does not hold this one', async () => {
    const { service } = held({ oneJobPerContainer: false });
    const { results } = await sync(service, [WEBSITE], { ifRunning: 'fail' });
    expect(calls(service)[0]).toBe('startJob website 0');
    expect(results[0]).toMatchObject({ outcome: 'succeeded', executionId: 'ours-2' });
  });

  it('wait gives up at wait-timeout-minutes on the job it found, naming it as already running', async () => {
    const service = fake({ oneJobPerContainer: true });
    service.startedBySomeoneElse(PDFS, { startAt: -MINUTE, durationMs: 60 * MINUTE });
    const { results } = await sync(service, [WEBSITE], { waitTimeoutMinutes: 2 });
    expect(results[0]).toMatchObject({ outcome: 'timed-out', status: 'RUNNING' });
    expect(results[0].failure).toContain(
      'Timed out after 2 min (wait-timeout-minutes) waiting for the sync job that was already running (execution theirs-1) to end, so it started nothing on data source pdfs; it is still RUNNING and was left running.',
    );
    expect(service.times('getJob', 'pdfs')).toEqual([30_000, 60_000, 90_000, 120_000]);
    expect(service.started()).toEqual([]);
  });
});

describe('results', () => {
  it('keep the inputs’ order with each outcome; one data source failing does not stop the others', async () => {
    const denied = new ActionError(
      'Fakesearch denied the start of a sync job on data source pdfs.',
    );
    const service = fake({ oneJobPerContainer: false })
      .script('website', { durationMs: 5 * MINUTE, metrics: { added: 2, scanned: 2 } })
      .script('wiki', {
        durationMs: MINUTE,
        outcome: 'failed',
        errorMessage: 'The bucket is gone',
        reasons: ['The bucket is gone'],
      })
      .script('archive', {
        durationMs: 90_000,
        outcome: 'incomplete',
        metrics: { scanned: 4, added: 3, failed: 1 },
        failedDocuments: [{ uri: 's3://docs/a.pdf', message: 'too large' }],
      })
      .failNext('startJob', [denied], 'pdfs');
    const { results } = await sync(service, [WEBSITE, PDFS, WIKI, ELSEWHERE]);
    expect(results.map((r) => [r.dataSourceId, r.outcome, r.status, r.failure])).toEqual([
      ['website', 'succeeded', 'DONE', undefined],
      ['pdfs', 'failed', undefined, denied.message],
      [
        'wiki',
        'failed',
        'FAILED',
        'Sync job ours-2 on data source wiki ended FAILED: The bucket is gone.',
      ],
      [
        'archive',
        'incomplete',
        'PARTLY_DONE',
        'Sync job ours-3 on data source archive ended PARTLY_DONE. Set fail-on-incomplete: false to accept partly indexed syncs.',
      ],
    ]);
    expect(results[3].failedDocuments).toEqual({
      documents: [{ uri: 's3://docs/a.pdf', message: 'too large' }],
      more: 0,
    });
    // The others ran to their ends after pdfs failed at 0 s.
    expect(service.times('getJob', 'website').at(-1)).toBe(5 * MINUTE);
    expect(service.times('failedDocuments')).toEqual([60_000, 90_000]);
  });

  it('a data source that fails to start does not hold up the next one in its container’s queue', async () => {
    const service = fake({ oneJobPerContainer: true }).failNext(
      'startJob',
      [new Error('Fakesearch: no such data source pdfs')],
      'pdfs',
    );
    const { results } = await sync(service, [PDFS, WEBSITE], { waitForCompletion: false });
    expect(calls(service)).toEqual(['startJob pdfs 0', 'startJob website 0']);
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'started']);
    expect(results[0].failure).toBe('Fakesearch: no such data source pdfs');
  });
});

describe('cancellation while the step waits', () => {
  it('reports a job that ended while its failed documents are read as it ended, and stops nothing', async () => {
    const service = fake({ oneJobPerContainer: false }).script('website', {
      durationMs: 20_000,
      outcome: 'incomplete',
      metrics: { failed: 2, scanned: 5 },
    });
    const read = service.failedDocuments.bind(service);
    // Reading the failed documents takes a minute: the cancel comes in the middle of it.
    jest.spyOn(service, 'failedDocuments').mockImplementation(async (...args) => {
      await clock.sleep(MINUTE);
      return read(...args);
    });
    const progress = new SyncProgress([WEBSITE]);
    const run = sync(service, [WEBSITE], {}, progress);
    await clock.sleep(45_000);
    const rows = await cancelSyncs(service, progress, true, 'SIGINT');
    const { results } = await run;
    expect(service.calls.filter((c) => c.op === 'stopJob')).toEqual([]);
    expect(results[0].outcome).toBe('incomplete');
    expect(rows[0]).toMatchObject({
      executionId: results[0].executionId,
      status: results[0].status,
      outcome: 'incomplete',
      endTime: results[0].endTime,
    });
  });

  it("stops only the job this step started and waits on, by its ID, never another run's", async () => {
    const service = fake({ oneJobPerContainer: false }).script('website', {
      durationMs: 10 * MINUTE,
    });
    const theirs = service.startedBySomeoneElse(PDFS, {
      startAt: -MINUTE,
      durationMs: 60 * MINUTE,
    });
    const targets = [WEBSITE, PDFS];
    const progress = new SyncProgress(targets);
    const run = sync(service, targets, { ifRunning: 'skip' }, progress);
    // The workflow is cancelled 45 s in, while the step polls its job.
    await clock.sleep(45_000);
    const rows = await cancelSyncs(service, progress, true, 'SIGINT');
    const { results } = await run;
    expect(service.calls.filter((c) => c.op === 'stopJob')).toEqual([
      {
        op: 'stopJob',
        at: 45_000,
        dataSourceId: 'website',
        executionId: 'ours-2',
        answer: 'stopped',
      },
    ]);
    expect(service.job(theirs)?.stoppedAt).toBeUndefined();
    // Each row as syncAll knows it: pdfs was skipped (another run's job, left alone) before the cancel.
    expect(rows).toMatchObject([
      { dataSourceId: 'website', executionId: 'ours-2', outcome: 'stopped' },
      {
        dataSourceId: 'pdfs',
        executionId: theirs,
        outcome: 'skipped',
        skipped: true,
        status: 'RUNNING',
      },
    ]);
    expect(rows[1].failure).toBeUndefined();
    // The poll after the stop sees the job end STOPPED.
    expect(results[0]).toMatchObject({ outcome: 'stopped', status: 'STOPPED' });
    expect(service.times('getJob', 'website')).toEqual([0, 30_000, 60_000]);
  });
});

describe('the progress a cancellation reads', () => {
  const job: SyncJob = {
    executionId: 'theirs-1',
    dataSourceId: 'pdfs',
    status: 'RUNNING',
    metrics: { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0, skipped: 0 },
  };

  it('begins with every data source failed, not started, nothing skipped', () => {
    const progress = new SyncProgress([WEBSITE]);
    expect(progress.results()).toEqual([
      { containerId: COLLECTION, dataSourceId: 'website', outcome: 'failed', skipped: false },
    ]);
    expect(progress.now()[0].phase).toEqual({ kind: 'not-started' });
  });

  it('waiting for another run’s job, then no longer, then started', () => {
    const progress = new SyncProgress([WEBSITE]);
    progress.waiting(0, job);
    expect(progress.now()[0].phase).toEqual({ kind: 'waiting-for-theirs', job });
    progress.waiting(0, undefined);
    expect(progress.now()[0].phase).toEqual({ kind: 'not-started' });
    progress.started(0, { ...progress.results()[0], outcome: 'started', executionId: 'ours-1' });
    expect(progress.now()[0].phase).toEqual({ kind: 'started' });
  });
});

describe("a job's reasons, shown once", () => {
  const started: DataSourceResult = {
    containerId: COLLECTION,
    dataSourceId: 'website',
    outcome: 'started',
    skipped: false,
  };
  const incomplete: SyncJob = {
    executionId: 'ours-1',
    dataSourceId: 'website',
    status: 'PARTLY_DONE',
    outcome: 'incomplete',
    metrics: { added: 3, modified: 0, deleted: 0, failed: 2, scanned: 5, skipped: 0 },
    reasons: ['2 documents could not be parsed'],
  };
  const notesWith = (...documents: FailedDocument[]) =>
    endedResult(started, incomplete, undefined, { documents, more: 0 }).notes;

  it('as notes when the failed documents name their documents', () => {
    expect(notesWith({ uri: 's3://b/a.pdf', message: 'bad PDF' })).toEqual(incomplete.reasons);
    expect(notesWith({ documentId: 'doc-1', message: 'bad PDF' })).toEqual(incomplete.reasons);
  });

  it('not as notes when some failed documents are only those reasons, as messages', () => {
    const reason = { message: '2 documents could not be parsed' };
    expect(notesWith(reason)).toBeUndefined();
    expect(notesWith({ uri: 's3://b/a.pdf', message: 'bad PDF' }, reason)).toBeUndefined();
  });
});

describe('the line a job ends with', () => {
  it('counts its duration from when the service says it started, not from the request', async () => {
    const service = fake({ oneJobPerContainer: false });
    const get = service.getJob.bind(service);
    // The service started the job 10 s after the request (queued): its own start time says so.
    jest.spyOn(service, 'getJob').mockImplementation(async (...args) => {
      const job = await get(...args);
      return job && { ...job, startTime: new Date(T0 + 10_000) };
    });
    await sync(service, [WEBSITE]);
    expect(lines('ended DONE').map((p) => p.line)).toEqual([
      'Sync job ours-1 on data source website ended DONE after 1m 50s: documents scanned 0, added 0, modified 0, deleted 0, failed 0.',
    ]);
  });
});
