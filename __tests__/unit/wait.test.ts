/**
 * waitForJob (src/wait.ts) and startSync (src/sync.ts) in virtual time: a fake Kendra whose jobs
 * run on a fake clock, so minutes of waiting, timeouts, heartbeats and backoff take no real time.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  ListDataSourceSyncJobsCommand,
  StartDataSourceSyncJobCommand,
  type KendraClient,
} from '@aws-sdk/client-kendra';
import { ActionError } from '../../src/errors.js';
import { KendraService } from '../../src/services/kendra/kendra.js';
import type { Metrics, SyncJob, SyncService, Target } from '../../src/model.js';
import { startSync, type StartPolicy as SyncOptions } from '../../src/lifecycle/start.js';
import { Deadline } from '../../src/time.js';
import { FakeClock, MINUTE, T0 } from '../helpers/fake-service.js';
import { countsLine, waitForJob, type WaitOptions } from '../../src/lifecycle/wait.js';

const TARGET: Target = {
  containerId: '0123456789abcdef0123456789abcdef0123',
  dataSourceId: 'website',
};

interface FakeJob {
  executionId: string;
  /** Listed from this instant (a job another run starts later). */
  startAt: number;
  endAt: number;
  final: string;
  /** Final counts; while running they grow with `growing`, else stay at zero. */
  metrics?: Partial<Metrics>;
  growing?: boolean;
}

/** An SDK error as the Kendra client throws it: KendraService wraps it with its context. */
const awsError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} from the fake`), { name, $metadata: { attempts: 1 }, ...extra });

/** A Kendra client whose jobs live in virtual time, behind the real KendraService. */
class FakeKendra {
  readonly region = 'us-east-1';
  readonly config = { systemClockOffset: 0 };
  jobs: FakeJob[] = [];
  calls: Array<{ op: 'start' | 'list'; at: number; startedAfter?: Date; endedBefore?: Date }> = [];
  /** Errors to throw from the next calls, per operation, in order. */
  listErrors: Error[] = [];
  startErrors: Error[] = [];
  /** How long jobs we start run. */
  ourJobMs = 2 * MINUTE;
  private started = 0;
  readonly api: SyncService;

  constructor(private readonly clock: FakeClock) {
    this.api = new KendraService(this as unknown as KendraClient, this.region, undefined, clock);
  }

  send = async (command: { input: Record<string, unknown> }): Promise<unknown> => {
    expect(command.input).toMatchObject({ IndexId: TARGET.containerId, Id: TARGET.dataSourceId });
    const now = this.clock.now();
    if (command instanceof StartDataSourceSyncJobCommand) {
      this.calls.push({ op: 'start', at: now });
      const error = this.startErrors.shift();
      if (error) throw error;
      const running = this.jobs.find((job) => job.startAt <= now && now < job.endAt);
      if (running) throw awsError('ResourceInUseException');
      const executionId = `ours-${++this.started}`;
      this.jobs.push({ executionId, startAt: now, endAt: now + this.ourJobMs, final: 'SUCCEEDED' });
      return { ExecutionId: executionId };
    }
    if (command instanceof ListDataSourceSyncJobsCommand) {
      const filter = command.input.StartTimeFilter as
        { StartTime?: Date; EndTime?: Date } | undefined;
      const startedAfter = filter?.StartTime;
      this.calls.push({ op: 'list', at: now, startedAfter, endedBefore: filter?.EndTime });
      const error = this.listErrors.shift();
      if (error) throw error;
      return {
        History: this.jobs
          .filter(
            (job) => job.startAt <= now && (!startedAfter || job.startAt >= startedAfter.getTime()),
          )
          .map((job) => wire(view(job, now))),
      };
    }
    throw new Error(`the fake does not answer ${command.constructor.name}`);
  };

  listTimes(): number[] {
    return this.calls.filter((call) => call.op === 'list').map((call) => call.at);
  }
}

/** A job as Kendra's ListDataSourceSyncJobs gives it: metrics as strings. */
function wire(job: SyncJob) {
  const m = job.metrics;
  return {
    ExecutionId: job.executionId,
    Status: job.status,
    StartTime: job.startTime,
    EndTime: job.endTime,
    Metrics: {
      DocumentsAdded: String(m.added),
      DocumentsModified: String(m.modified),
      DocumentsDeleted: String(m.deleted),
      DocumentsFailed: String(m.failed),
      DocumentsScanned: String(m.scanned),
    },
  };
}

function view(job: FakeJob, now: number): SyncJob {
  const done = now >= job.endAt;
  const f = done ? 1 : job.growing ? (now - job.startAt) / (job.endAt - job.startAt) : 0;
  const count = (n = 0) => Math.floor(n * f);
  const m = job.metrics ?? {};
  return {
    executionId: job.executionId,
    dataSourceId: TARGET.dataSourceId,
    status: done ? job.final : 'SYNCING',
    startTime: new Date(job.startAt),
    endTime: done ? new Date(job.endAt) : undefined,
    metrics: {
      added: count(m.added),
      modified: count(m.modified),
      deleted: count(m.deleted),
      failed: count(m.failed),
      scanned: count(m.scanned),
      skipped: 0,
    },
  };
}

/** What @actions/core printed (it writes to process.stdout), with the virtual time of each line. */
let printed: Array<{ at: number; line: string }>;
let clock: FakeClock;
let kendra: FakeKendra;

beforeEach(() => {
  clock = new FakeClock();
  kendra = new FakeKendra(clock);
  printed = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean))
      printed.push({ at: clock.now(), line });
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

function waitOptions(overrides: Partial<WaitOptions> = {}): WaitOptions {
  return {
    pollIntervalSeconds: 30,
    deadline: new Deadline(clock.now() + 60 * MINUTE, 60),
    clock,
    owner: 'started',
    ...overrides,
  };
}

/** A job the service under test started: Kendra then remembers the window to list it in. */
async function startedJob(): Promise<string> {
  const answer = await kendra.api.startJob(TARGET);
  if (!answer.started) throw new Error('the fake Kendra started no job');
  return answer.executionId;
}

const progressLines = (executionId: string) =>
  printed.filter((p) => p.line.endsWith(`elapsed, job ${executionId})`));
const warnings = () => printed.filter((p) => p.line.startsWith('::warning::'));

describe('waitForJob', () => {
  it("returns the job's final state, picked by execution ID among others, polling once per interval", async () => {
    kendra.ourJobMs = 5 * MINUTE;
    const mine = await startedJob();
    kendra.jobs.find((job) => job.executionId === mine)!.metrics = { added: 8, scanned: 9 };
    kendra.jobs.push(
      { executionId: 'other-1', startAt: T0 - 60_000, endAt: T0 + 30_000, final: 'FAILED' },
      { executionId: 'other-2', startAt: T0, endAt: T0 + 60_000, final: 'ABORTED' },
    );
    // Kendra lists jobs from just before the start request: its own memory of the job it started.
    const since = new Date(T0 - 5 * MINUTE);
    const job = await waitForJob(kendra.api, TARGET, mine, waitOptions());
    expect(job).toMatchObject({ executionId: mine, status: 'SUCCEEDED' });
    expect(job.metrics).toMatchObject({ added: 8, scanned: 9 });
    expect(clock.t - T0).toBe(5 * MINUTE);
    expect(clock.sleeps.every((ms) => ms === 30_000)).toBe(true);
    const lists = kendra.calls.filter((call) => call.op === 'list');
    expect(lists.every((call) => call.startedAfter?.getTime() === since.getTime())).toBe(true);
  });

  it('lists by a start-time window that ends near now, never in the far future', async () => {
    const mine = await startedJob();
    const since = new Date(T0 - 5 * MINUTE);
    await waitForJob(kendra.api, TARGET, mine, waitOptions());
    const lists = kendra.calls.filter((call) => call.op === 'list');
    expect(lists.length).toBeGreaterThan(1);
    for (const call of lists) {
      expect(call.startedAfter).toEqual(since);
      // Each request's window closes 15 minutes past that request's now: room for clock skew.
      expect(call.endedBefore!.getTime() - call.at).toBe(15 * MINUTE);
    }
  });

  it.each([
    ['started', 'the sync job it started (execution job-1)'],
    [
      'running',
      'the sync job that was already running (execution job-1) to end, so it started nothing',
    ],
  ] as const)(
    'times out after wait-timeout-minutes for a %s job, naming it and where to follow it',
    async (owner, what) => {
      kendra.jobs.push({
        executionId: 'job-1',
        startAt: T0,
        endAt: T0 + 600 * MINUTE,
        final: 'SUCCEEDED',
      });
      const error = await waitForJob(
        kendra.api,
        TARGET,
        'job-1',
        // 50 s polls do not divide 2 min: the last sleep is cut short at the deadline.
        waitOptions({
          pollIntervalSeconds: 50,
          deadline: new Deadline(T0 + 2 * MINUTE, 2),
          owner,
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionError);
      const message = (error as ActionError).message;
      expect(message).toContain(`Timed out after 2 min (wait-timeout-minutes) waiting for ${what}`);
      expect(message).toContain(
        `on data source ${TARGET.dataSourceId}; it is still SYNCING and was left running.`,
      );
      expect(message).toContain(
        `https://us-east-1.console.aws.amazon.com/kendra/home?region=us-east-1#/indexes/${TARGET.containerId}/datasources/${TARGET.dataSourceId}/details`,
      );
      expect(message).toContain(
        `aws kendra list-data-source-sync-jobs --region us-east-1 --index-id ${TARGET.containerId} --id ${TARGET.dataSourceId}`,
      );
      // Gave up exactly at the deadline, after a last look, not an interval later.
      expect(clock.t).toBe(T0 + 2 * MINUTE);
      expect(kendra.listTimes().map((at) => at - T0)).toEqual([0, 50_000, 100_000, 120_000]);
    },
  );

  it('says when Kendra never listed the job at all', async () => {
    const error = await waitForJob(
      kendra.api,
      TARGET,
      'ghost',
      waitOptions({ deadline: new Deadline(T0 + MINUTE, 1) }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain('Kendra has not listed it yet and was left running');
    expect(progressLines('ghost').map((p) => p.line)).toContain(
      `data source ${TARGET.dataSourceId}: not listed by Kendra yet (0s elapsed, job ghost)`,
    );
  });

  it('logs a line on every poll that changed something, with elapsed time and counts', async () => {
    kendra.jobs.push({
      executionId: 'busy',
      startAt: T0,
      endAt: T0 + 3 * MINUTE,
      final: 'SUCCEEDED',
      metrics: { added: 60, modified: 6, deleted: 3, scanned: 90, failed: 0 },
      growing: true,
    });
    await waitForJob(kendra.api, TARGET, 'busy', waitOptions({ pollIntervalSeconds: 30 }));
    const lines = progressLines('busy');
    // Polls at 0 s, 30 s, ... 150 s change the counts each time; the one at 180 s sees the end.
    expect(lines.map((p) => p.at - T0)).toEqual([0, 30_000, 60_000, 90_000, 120_000, 150_000]);
    expect(lines[2].line).toBe(
      `data source ${TARGET.dataSourceId}: SYNCING, documents scanned 30, added 20, modified 2, deleted 1, failed 0 (1m 0s elapsed, job busy)`,
    );
  });

  it.each([20, 30, 45, 90])(
    'logs at least once a minute when nothing changes (poll interval %i s), and not on every poll',
    async (seconds) => {
      kendra.jobs.push({
        executionId: 'quiet',
        startAt: T0,
        endAt: T0 + 10 * MINUTE,
        final: 'SUCCEEDED',
      });
      await waitForJob(kendra.api, TARGET, 'quiet', waitOptions({ pollIntervalSeconds: seconds }));
      const times = progressLines('quiet').map((p) => p.at);
      expect(times[0]).toBe(T0);
      const spacing = [...times.slice(1), clock.t].map((at, i) => at - times[i]);
      expect(Math.max(...spacing)).toBeLessThanOrEqual(MINUTE);
      // Unchanged polls in between stay quiet (the heartbeat is about once a minute).
      expect(times.length).toBeLessThanOrEqual(11);
      // The heartbeat is only a log line: polls keep to the interval.
      const listed = kendra.listTimes();
      expect(new Set(listed.slice(1).map((at, i) => at - listed[i]))).toEqual(
        new Set([seconds * 1000]),
      );
    },
  );

  it('backs off on transient errors, doubling up to 5 minutes, then polls at the interval again', async () => {
    kendra.jobs.push({
      executionId: 'slow',
      startAt: T0,
      endAt: T0 + 60 * MINUTE,
      final: 'SUCCEEDED',
    });
    for (let i = 0; i < 7; i++) kendra.listErrors.push(awsError('ThrottlingException'));
    await waitForJob(
      kendra.api,
      TARGET,
      'slow',
      waitOptions({ pollIntervalSeconds: 10, deadline: new Deadline(T0 + 120 * MINUTE, 120) }),
    );
    const listed = kendra.listTimes();
    const spacing = listed.slice(1).map((at, i) => at - listed[i]);
    expect(spacing.slice(0, 8)).toEqual([
      20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 10_000,
    ]);
    expect(spacing.slice(7).every((ms) => ms === 10_000)).toBe(true);
    expect(warnings().map((p) => p.line)).toEqual([
      expect.stringContaining(
        'could not read the sync status (ThrottlingException: ThrottlingException from the fake); trying again in 20s',
      ),
      expect.stringContaining('trying again in 40s'),
      expect.stringContaining('trying again in 1m 20s'),
      expect.stringContaining('trying again in 2m 40s'),
      expect.stringContaining('trying again in 5m 0s'),
      expect.stringContaining('trying again in 5m 0s'),
      expect.stringContaining('trying again in 5m 0s'),
    ]);
  });

  it.each([
    [
      'a 5xx',
      awsError('InternalServerException', {
        $metadata: { httpStatusCode: 500 },
      }),
    ],
    ['a dropped connection', awsError('Error', { code: 'ECONNRESET' })],
    ['a request timeout', awsError('TimeoutError')],
  ])('treats %s as transient', async (_what, error) => {
    kendra.jobs.push({ executionId: 'j', startAt: T0, endAt: T0 + MINUTE, final: 'SUCCEEDED' });
    kendra.listErrors.push(error);
    const job = await waitForJob(kendra.api, TARGET, 'j', waitOptions({ pollIntervalSeconds: 30 }));
    expect(job.status).toBe('SUCCEEDED');
    expect(kendra.listTimes().map((at) => at - T0)).toEqual([0, 60_000]);
  });

  it('lets the deadline cut a backoff short: throttled throughout, it times out on time', async () => {
    for (let i = 0; i < 100; i++) kendra.listErrors.push(awsError('ThrottlingException'));
    const error = await waitForJob(
      kendra.api,
      TARGET,
      'never',
      waitOptions({ pollIntervalSeconds: 30, deadline: new Deadline(T0 + 10 * MINUTE, 10) }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain('Timed out after 10 min');
    expect(clock.t).toBe(T0 + 10 * MINUTE);
  });

  it.each([
    ['AccessDeniedException', awsError('AccessDeniedException')],
    ['ResourceNotFoundException', awsError('ResourceNotFoundException')],
    ['ValidationException', awsError('ValidationException')],
    ['a bug (TypeError)', new TypeError('x is undefined')],
  ])('lets %s propagate at once, without retrying', async (_name, error) => {
    kendra.jobs.push({ executionId: 'j', startAt: T0, endAt: T0 + MINUTE, final: 'SUCCEEDED' });
    kendra.listErrors.push(error, error, error);
    // KendraService wraps it with what it was doing; it is the same error underneath.
    await expect(waitForJob(kendra.api, TARGET, 'j', waitOptions())).rejects.toMatchObject({
      cause: error,
    });
    expect(kendra.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not list a job it was handed right away: the first poll waits an interval', async () => {
    kendra.jobs.push({
      executionId: 'known',
      startAt: T0 - MINUTE,
      endAt: T0 + 90_000,
      final: 'SUCCEEDED',
    });
    const known = view(kendra.jobs[0], T0);
    await waitForJob(kendra.api, TARGET, 'known', waitOptions({ known }));
    expect(kendra.listTimes()).toEqual([T0 + 30_000, T0 + 60_000, T0 + 90_000]);
    expect(progressLines('known')[0]).toMatchObject({ at: T0 });
  });
});

function syncOptions(overrides: Partial<SyncOptions> = {}): SyncOptions {
  return {
    ifRunning: 'wait',
    waitTimeoutMinutes: 60,
    pollIntervalSeconds: 30,
    ...overrides,
  };
}

const logged = (text: string) => printed.some((p) => p.line.includes(text));

describe('startSync', () => {
  it('starts a job when none is running', async () => {
    const started = await startSync(kendra.api, TARGET, syncOptions(), clock);
    expect(started).toEqual({
      executionId: 'ours-1',
      status: 'SYNCING',
      skipped: false,
      requestedAt: new Date(T0),
    });
    expect(kendra.calls).toEqual([{ op: 'start', at: T0 }]);
  });

  it('if-running: skip reports the running job and starts nothing', async () => {
    kendra.jobs.push({
      executionId: 'theirs',
      startAt: T0 - MINUTE,
      endAt: T0 + 60 * MINUTE,
      final: 'SUCCEEDED',
    });
    const started = await startSync(kendra.api, TARGET, syncOptions({ ifRunning: 'skip' }), clock);
    expect(started).toMatchObject({
      skipped: true,
      job: { executionId: 'theirs', status: 'SYNCING' },
    });
    expect(kendra.jobs).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(logged('if-running is skip')).toBe(true);
  });

  it("waits for a job this step started, even under if-running: skip: it is never another run's", async () => {
    kendra.jobs.push({
      executionId: 'ours-earlier',
      startAt: T0 - MINUTE,
      endAt: T0 + 60_000,
      final: 'SUCCEEDED',
    });
    const started = await startSync(
      kendra.api,
      TARGET,
      syncOptions({ ifRunning: 'skip' }),
      clock,
      new Set(['ours-earlier']),
    );
    expect(started).toMatchObject({ skipped: false, executionId: 'ours-1' });
    expect(logged('busy with a sync job this step started')).toBe(true);
  });

  it('if-running: fail names the running execution', async () => {
    kendra.jobs.push({
      executionId: 'theirs',
      startAt: T0 - MINUTE,
      endAt: T0 + 60 * MINUTE,
      final: 'SUCCEEDED',
    });
    const error = await startSync(
      kendra.api,
      TARGET,
      syncOptions({ ifRunning: 'fail' }),
      clock,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toContain(
      'A sync is already running on data source website (execution theirs, SYNCING',
    );
    expect((error as Error).message).toContain('if-running: wait');
    expect(kendra.jobs).toHaveLength(1);
  });

  it('if-running: wait waits for the running job to end, then starts', async () => {
    kendra.jobs.push({
      executionId: 'theirs',
      startAt: T0 - MINUTE,
      endAt: T0 + 100_000,
      final: 'FAILED',
    });
    const started = await startSync(kendra.api, TARGET, syncOptions(), clock);
    expect(started).toMatchObject({
      executionId: 'ours-1',
      skipped: false,
      requestedAt: new Date(T0 + 120_000),
    });
    // The listing that found the job running, then one poll per interval until it ended.
    expect(kendra.calls.map((c) => [c.op, c.at - T0])).toEqual([
      ['start', 0],
      ['list', 0],
      ['list', 30_000],
      ['list', 60_000],
      ['list', 90_000],
      ['list', 120_000],
      ['start', 120_000],
    ]);
    expect(logged('already syncing (execution theirs, SYNCING')).toBe(true);
    expect(logged('waiting for it to end before starting a new sync')).toBe(true);
  });

  it('waits again when another run starts a job just as the first one ends', async () => {
    kendra.jobs.push(
      { executionId: 'first', startAt: T0 - MINUTE, endAt: T0 + 90_000, final: 'SUCCEEDED' },
      // Another workflow wins the race at the instant the first job ends.
      { executionId: 'second', startAt: T0 + 90_000, endAt: T0 + 200_000, final: 'SUCCEEDED' },
    );
    const started = await startSync(kendra.api, TARGET, syncOptions(), clock);
    if (started.skipped) throw new Error('expected a start');
    expect(started.executionId).toBe('ours-1');
    expect(started.requestedAt.getTime()).toBeGreaterThanOrEqual(T0 + 200_000);
    expect(kendra.calls.filter((c) => c.op === 'start')).toHaveLength(3);
    expect(logged('already syncing (execution first')).toBe(true);
    expect(logged('already syncing (execution second')).toBe(true);
  });

  it('keeps the whole if-running wait, races included, within one wait-timeout-minutes', async () => {
    kendra.jobs.push(
      { executionId: 'first', startAt: T0 - MINUTE, endAt: T0 + 90_000, final: 'SUCCEEDED' },
      { executionId: 'second', startAt: T0 + 90_000, endAt: T0 + 20 * MINUTE, final: 'SUCCEEDED' },
    );
    const error = await startSync(
      kendra.api,
      TARGET,
      syncOptions({ waitTimeoutMinutes: 3 }),
      clock,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toContain(
      'Timed out after 3 min (wait-timeout-minutes) waiting for the sync job that was already running (execution second) to end, so it started nothing',
    );
    // Three minutes from the start, not three more after the race.
    expect(clock.t).toBe(T0 + 3 * MINUTE);
    expect(kendra.jobs.map((j) => j.executionId)).toEqual(['first', 'second']);
  });

  it('tries the start again, briefly, when Kendra says busy but lists nothing running', async () => {
    kendra.startErrors.push(awsError('ResourceInUseException'), awsError('ResourceInUseException'));
    const started = await startSync(kendra.api, TARGET, syncOptions(), clock);
    expect(started).toMatchObject({ executionId: 'ours-1' });
    expect(clock.sleeps).toEqual([5000, 5000]);
  });

  it('gives up on a data source that stays busy with nothing listed, at the deadline', async () => {
    for (let i = 0; i < 1000; i++) kendra.startErrors.push(awsError('ResourceInUseException'));
    const error = await startSync(
      kendra.api,
      TARGET,
      syncOptions({ waitTimeoutMinutes: 2 }),
      clock,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toContain(
      'kept answering that data source website is busy (ResourceInUseException) for 2 min',
    );
    expect(clock.t - T0).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(clock.t - T0).toBeLessThanOrEqual(2 * MINUTE + 5000);
  });

  it('lets a permanent start error propagate without retrying', async () => {
    const denied = awsError('AccessDeniedException');
    kendra.startErrors.push(denied);
    await expect(startSync(kendra.api, TARGET, syncOptions(), clock)).rejects.toMatchObject({
      cause: denied,
    });
    expect(kendra.calls).toHaveLength(1);
  });
});

describe('countsLine', () => {
  const job = (skipped: number): SyncJob => ({
    executionId: 'e-1',
    dataSourceId: 'web',
    status: 'SUCCEEDED',
    metrics: { scanned: 9, added: 1, modified: 2, deleted: 3, failed: 0, skipped },
  });

  it('names skipped documents only when there are some', () => {
    expect(countsLine(job(0))).toBe(
      'documents scanned 9, added 1, modified 2, deleted 3, failed 0',
    );
    expect(countsLine(job(4))).toBe(
      'documents scanned 9, added 1, modified 2, deleted 3, failed 0, skipped 4',
    );
  });
});
