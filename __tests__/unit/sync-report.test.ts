/**
 * What one data source's sync tells the user (src/lifecycle/sync.ts, start.ts, wait.ts), in
 * virtual time against the in-memory service: the judge's warnings reach the log, a job's
 * reasons reach its result once, the duration it took, and waits that end at the deadline.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SyncProgress } from '../../src/lifecycle/progress.js';
import { startSync } from '../../src/lifecycle/start.js';
import { syncAll, type SyncOptions } from '../../src/lifecycle/sync.js';
import type { Unresolved } from '../../src/lifecycle/names.js';
import type { Target } from '../../src/model.js';
import {
  captureLog,
  FakeClock,
  FakeService,
  MINUTE,
  T0,
  type JobScript,
} from '../helpers/fake-service.js';

const WEBSITE: Target = { containerId: 'c-1', dataSourceId: 'website' };

let clock: FakeClock;
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  clock = new FakeClock();
  printed = captureLog(clock);
});

afterEach(() => {
  jest.restoreAllMocks();
});

const OPTIONS: SyncOptions = {
  ifRunning: 'wait',
  waitForCompletion: true,
  waitTimeoutMinutes: 60,
  pollIntervalSeconds: 30,
  failOnIncomplete: true,
  failedDocuments: 10,
};

/** syncAll's results for `targets` (the one place that knows how syncAll is called). */
function run(
  service: FakeService,
  targets: Array<Target | Unresolved>,
  options: Partial<SyncOptions> = {},
) {
  return syncAll(
    service,
    new SyncProgress(targets),
    { ...OPTIONS, ...options },
    clock,
    () => undefined,
  );
}

/** Syncs WEBSITE through one job scripted as `script`; its result. */
async function syncOne(script: JobScript, options: Partial<SyncOptions> = {}) {
  const service = new FakeService(clock).script('website', script);
  const [result] = await run(service, [WEBSITE], options);
  return { service, result };
}

const lines = (prefix: string) =>
  printed.map((p) => p.line).filter((line) => line.startsWith(prefix));

describe('a job that ended, as the user sees it', () => {
  it("logs the judge's warnings as annotations and keeps the reasons in the result", async () => {
    const { result } = await syncOne({
      durationMs: 100_000,
      metrics: { scanned: 3, added: 0, skipped: 3 },
      reasons: ['a.pdf is encrypted', 'b.pdf is empty'],
      failedDocuments: [],
    });
    expect(lines('::warning::')).toEqual([
      '::warning::Fakesearch skipped 3 document(s) in data source website (sync job ours-1): a.pdf is encrypted; b.pdf is empty.',
    ]);
    expect(result).toMatchObject({
      outcome: 'succeeded',
      notes: ['a.pdf is encrypted', 'b.pdf is empty'],
    });
  });

  it('says how long the job took, from its start to its end', async () => {
    const { result } = await syncOne({ durationMs: 100_000, metrics: { scanned: 2, added: 2 } });
    expect(lines('Sync job ours-1')).toEqual([
      'Sync job ours-1 on data source website ended DONE after 1m 40s: documents scanned 2, added 2, modified 0, deleted 0, failed 0.',
    ]);
    expect(result).toMatchObject({ startTime: new Date(T0), endTime: new Date(T0 + 100_000) });
    expect(result.notes).toBeUndefined();
  });

  it('shows reasons once: as failed documents when they are that, not again as notes', async () => {
    const { result } = await syncOne({
      durationMs: MINUTE,
      outcome: 'incomplete',
      metrics: { scanned: 2, added: 1, failed: 1 },
      reasons: ['a.pdf: too large'],
    });
    expect(result.failedDocuments?.documents).toEqual([{ message: 'a.pdf: too large' }]);
    expect(result.notes).toBeUndefined();
  });

  it("a failed job's reasons are its error, not notes", async () => {
    const { result } = await syncOne(
      { durationMs: MINUTE, outcome: 'failed', errorMessage: 'Denied', reasons: ['Denied'] },
      { failedDocuments: 0 },
    );
    expect(result).toMatchObject({ outcome: 'failed', errorMessage: 'Denied' });
    expect(result.notes).toBeUndefined();
  });
});

describe('what a data source comes to', () => {
  it('a name that did not resolve fails on its own; the others still start, and say so', async () => {
    const service = new FakeService(clock);
    const unresolved = { containerId: 'c-1', dataSourceName: 'wiki', failure: 'No such name.' };
    const results = await run(service, [unresolved, WEBSITE], { waitForCompletion: false });
    expect(results).toEqual([
      {
        containerId: 'c-1',
        dataSourceName: 'wiki',
        outcome: 'failed',
        skipped: false,
        failure: 'No such name.',
        errorMessage: 'No such name.',
      },
      expect.objectContaining({
        dataSourceId: 'website',
        outcome: 'started',
        executionId: 'ours-1',
      }),
    ]);
    expect(lines('Started')).toEqual(['Started sync job ours-1 on data source website.']);
  });

  it("keeps the service's own start time of the job over the time it was asked to start", async () => {
    const service = new FakeService(clock).script('website', { durationMs: MINUTE });
    const getJob = service.getJob.bind(service);
    // The service records the start 2 s after the request, and gives no end time.
    service.getJob = async (target, executionId) => {
      const job = await getJob(target, executionId);
      return job && { ...job, startTime: new Date(T0 + 2_000), endTime: undefined };
    };
    const [result] = await run(service, [WEBSITE]);
    expect(result).toMatchObject({ outcome: 'succeeded', startTime: new Date(T0 + 2_000) });
    expect(result.endTime).toBeUndefined();
    // No end time, no duration.
    expect(lines('Sync job ours-1')).toEqual([
      'Sync job ours-1 on data source website ended DONE: documents scanned 0, added 0, modified 0, deleted 0, failed 0.',
    ]);
  });

  it('a job the service never listed times out with the status it started with', async () => {
    const service = new FakeService(clock).script('website', { durationMs: 10 * MINUTE });
    service.getJob = async () => undefined;
    const [result] = await run(service, [WEBSITE], { waitTimeoutMinutes: 2 });
    expect(result).toMatchObject({ outcome: 'timed-out', status: 'QUEUED', executionId: 'ours-1' });
    expect(result.failure).toMatch(
      /^Timed out after 2 min \(wait-timeout-minutes\) waiting for the sync job it started \(execution ours-1\) on data source website; Fakesearch has not listed it yet and was left running\./,
    );
  });
});

describe('waits that end at the deadline', () => {
  it('a data source busy with nothing listed is tried again up to the deadline, never past it', async () => {
    // Throttled once for 2.5 s, then busy: the 5 s retries fall off the deadline's beat.
    const service = new FakeService(clock);
    service.startJob = async () => {
      service.calls.push({ op: 'startJob', at: service.elapsed() });
      return service.calls.length === 1
        ? { started: false, throttled: 'slow down', pauseMs: { min: 2_500, max: 2_500 } }
        : { started: false, busy: 'container', reason: 'InUse' };
    };
    service.findRunningJob = async () => undefined;
    const error = await startSync(
      service,
      WEBSITE,
      { ifRunning: 'wait', waitTimeoutMinutes: 2, pollIntervalSeconds: 30 },
      clock,
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Fakesearch kept answering that data source website is busy (InUse) for 2 min (wait-timeout-minutes), but listed no running sync job.',
    );
    const starts = service.times('startJob');
    expect(starts.slice(0, 3)).toEqual([0, 2_500, 7_500]);
    // The last try is at the deadline itself, not a retry pause past it.
    expect(starts.slice(-2)).toEqual([117_500, 120_000]);
    expect(service.elapsed()).toBe(2 * MINUTE);
  });

  it('says once, at the third poll, that the service has not listed the job it started', async () => {
    const service = new FakeService(clock).script('website', { durationMs: 5 * MINUTE });
    const getJob = service.getJob.bind(service);
    let polls = 0;
    service.getJob = async (target, executionId) =>
      ++polls <= 4 ? undefined : getJob(target, executionId);
    const [result] = await run(service, [WEBSITE]);
    expect(result.outcome).toBe('succeeded');
    expect(printed.filter((p) => p.line.startsWith('::warning::'))).toEqual([
      {
        at: 60_000,
        line: '::warning::Fakesearch has not listed sync job ours-1 on data source website in 3 polls; still waiting for it, until wait-timeout-minutes.',
      },
    ]);
  });
});
