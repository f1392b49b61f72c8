/**
 * A cancelled workflow (src/lifecycle/cancel.ts): which jobs are stopped (only the ones this step
 * waits on, and none with stop-on-cancel: false), what the log says, and each data source's row.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { cancelSyncs } from '../../src/lifecycle/cancel.js';
import { SyncProgress } from '../../src/lifecycle/progress.js';
import type { DataSourceResult, Target } from '../../src/model.js';
import { captureLog, FakeClock, FakeService, MINUTE, T0 } from '../helpers/fake-service.js';

const WEBSITE: Target = { containerId: 'c-1', dataSourceId: 'website' };
const PDFS: Target = { containerId: 'c-1', dataSourceId: 'pdfs' };

let clock: FakeClock;
let service: FakeService;
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  clock = new FakeClock();
  service = new FakeService(clock, { oneJobPerContainer: false });
  printed = captureLog(clock);
});

afterEach(() => {
  jest.restoreAllMocks();
});

const lines = () => printed.map((p) => p.line);
const stops = () => service.calls.filter((call) => call.op === 'stopJob');

/** Starts a job of this step's on `target` in the fake, and writes it to `progress` as syncAll does. */
async function startedJob(
  progress: SyncProgress,
  position: number,
  target: Target,
): Promise<string> {
  const answer = await service.startJob(target);
  if (!answer.started) throw new Error('the fake started no job');
  const { executionId, status } = answer;
  const result: DataSourceResult = {
    ...target,
    executionId,
    status,
    outcome: 'started',
    skipped: false,
    // Asked for a second before the service recorded its start.
    startTime: new Date(T0 - 1_000),
  };
  progress.started(position, result);
  return executionId;
}

describe('cancelSyncs', () => {
  it('stops every job the step waits on, and says so', async () => {
    service.script('website', { durationMs: 10 * MINUTE }).script('pdfs', { durationMs: MINUTE });
    const progress = new SyncProgress([WEBSITE, PDFS]);
    const first = await startedJob(progress, 0, WEBSITE);
    const second = await startedJob(progress, 1, PDFS);
    progress.track(0, WEBSITE, first);
    progress.track(1, PDFS, second);
    const rows = await cancelSyncs(service, progress, true, 'SIGTERM');
    expect(stops().map((call) => call.executionId)).toEqual([first, second]);
    expect(lines()).toEqual([
      'Cancelled (SIGTERM): stopping the 2 sync job(s) this step started.',
      `Stopped sync job ${first} on data source website.`,
      `Stopped sync job ${second} on data source pdfs.`,
      '::error::Cancelled (SIGTERM).',
    ]);
    expect(rows[0]).toMatchObject({
      executionId: first,
      status: 'stop requested',
      outcome: 'stopped',
      failure: `Cancelled (SIGTERM): this step's sync job ${first} was stopped.`,
      errorMessage: `Cancelled (SIGTERM): this step's sync job ${first} was stopped.`,
    });
  });

  it('never stops a job whose wait is over: a stop by data source could hit another run’s', async () => {
    const progress = new SyncProgress([WEBSITE]);
    const executionId = await startedJob(progress, 0, WEBSITE);
    progress.track(0, WEBSITE, executionId);
    progress.untrack(0);
    const rows = await cancelSyncs(service, progress, true, 'SIGINT');
    expect(stops()).toEqual([]);
    expect(lines()).toEqual(['::error::Cancelled (SIGINT).']);
    expect(rows[0]).toMatchObject({ executionId, outcome: 'started' });
    expect(rows[0].failure).toBeUndefined();
  });

  it('stop-on-cancel: false stops nothing and says the jobs were left running', async () => {
    service.script('website', { durationMs: 10 * MINUTE });
    const progress = new SyncProgress([WEBSITE]);
    const executionId = await startedJob(progress, 0, WEBSITE);
    progress.track(0, WEBSITE, executionId);
    const rows = await cancelSyncs(service, progress, false, 'SIGINT');
    expect(stops()).toEqual([]);
    expect(lines()).toEqual([
      '::error::Cancelled (SIGINT); stop-on-cancel is false, so the sync jobs were left running.',
    ]);
    expect(rows[0]).toMatchObject({
      executionId,
      outcome: 'started',
      failure: `Cancelled (SIGINT): this step's sync job ${executionId} was left running (stop-on-cancel is false).`,
    });
  });

  it('a stop that fails leaves the job running, with a warning naming it', async () => {
    service.script('website', { durationMs: 10 * MINUTE });
    const progress = new SyncProgress([WEBSITE]);
    const executionId = await startedJob(progress, 0, WEBSITE);
    progress.track(0, WEBSITE, executionId);
    service.failNext('stopJob', [new Error('Fakesearch is down')]);
    const rows = await cancelSyncs(service, progress, true, 'SIGINT');
    expect(lines()).toContain(
      `::warning::Could not stop sync job ${executionId} on data source website: Fakesearch is down`,
    );
    expect(rows[0]).toMatchObject({
      outcome: 'started',
      failure: `Cancelled (SIGINT): this step's sync job ${executionId} was left running (it could not be stopped).`,
    });
  });

  it('a job that ended before its stop keeps how it ended, its start and its error', async () => {
    service.script('website', {
      durationMs: 0,
      outcome: 'failed',
      errorMessage: 'The bucket is gone',
      metrics: { scanned: 1, failed: 1 },
    });
    const progress = new SyncProgress([WEBSITE]);
    const executionId = await startedJob(progress, 0, WEBSITE);
    progress.track(0, WEBSITE, executionId);
    await clock.sleep(30_000);
    const [row] = await cancelSyncs(service, progress, true, 'SIGINT');
    expect(row).toMatchObject({
      executionId,
      status: 'FAILED',
      outcome: 'failed',
      startTime: new Date(T0),
      endTime: new Date(T0),
      errorMessage: 'The bucket is gone',
      metrics: { scanned: 1, failed: 1 },
    });
    expect(row.failure).toBeUndefined();
  });

  it('a data source that never started, or waited for another run’s job, says so', async () => {
    const theirs = service.startedBySomeoneElse(PDFS, { startAt: -MINUTE, durationMs: 9 * MINUTE });
    const progress = new SyncProgress([WEBSITE, PDFS]);
    const running = await service.getJob(PDFS, theirs);
    progress.waiting(1, running);
    const rows = await cancelSyncs(service, progress, true, 'SIGINT');
    expect(stops()).toEqual([]);
    expect(rows).toMatchObject([
      {
        dataSourceId: 'website',
        outcome: 'failed',
        failure: 'Cancelled (SIGINT): no sync job was started on it.',
      },
      {
        dataSourceId: 'pdfs',
        outcome: 'failed',
        failure: `Cancelled (SIGINT): no sync job was started on it; sync job ${theirs} (not started by this step, but by another run or a schedule), which it waited for, was left running.`,
      },
    ]);
  });
});
