/**
 * An in-memory SyncService on a virtual clock, for driving the real lifecycle (src/lifecycle)
 * through the paths only one service's rules reach: one job per container, an account's limit
 * of concurrent jobs, throttled starts, jobs someone else starts. Everything happens at exact
 * virtual times, counted in ms since the fake was made, and every call is logged with its time.
 *
 * Its words are a made-up service's ("Fakesearch", a "collection" of data sources, a "sync job");
 * pass another service's `terms` where a message's wording matters.
 */
import { jest } from '@jest/globals';
import type {
  EndedOutcome,
  FailedDocument,
  FailedDocuments,
  Metrics,
  Named,
  SearchResult,
  StartAnswer,
  StopAnswer,
  SyncJob,
  SyncService,
  Target,
  Terms,
} from '../../src/model.js';
import type { Clock } from '../../src/time.js';

export const MINUTE = 60_000;
/** When virtual time begins: any instant would do, a fixed one keeps messages exact. */
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/**
 * Virtual time shared by concurrent waits: a sleep resolves only once every task is blocked on
 * the clock (nothing left in the microtask queue), earliest wake-up first, so two data sources
 * waiting side by side each see the time they would see alone. A runaway loop fails, not hangs.
 */
export class FakeClock implements Clock {
  t = T0;
  /** Every sleep asked for, in order. */
  readonly sleeps: number[] = [];
  private timers: Array<{ at: number; wake: () => void; fail: (error: Error) => void }> = [];
  private ticking = false;

  now = (): number => this.t;

  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise<void>((wake, fail) => {
      this.timers.push({ at: this.t + Math.max(ms, 0), wake, fail });
      this.schedule();
    });
  };

  private schedule(): void {
    if (this.ticking) return;
    this.ticking = true;
    // setImmediate runs after every pending microtask: all tasks have reached a sleep or ended.
    setImmediate(() => {
      this.ticking = false;
      if (this.timers.length === 0) return;
      const next = this.timers.reduce((a, b) => (b.at < a.at ? b : a));
      this.timers = this.timers.filter((timer) => timer !== next);
      if (next.at - T0 > 7 * 24 * 60 * MINUTE) {
        next.fail(new Error('runaway wait: a week of virtual time'));
      } else {
        this.t = next.at;
        next.wake();
      }
      if (this.timers.length > 0) this.schedule();
    });
  }
}

/** How a job ends, and when: what a test scripts. */
export interface JobScript {
  /** How long it runs from its start, in ms. */
  durationMs: number;
  /** Default 'succeeded'. */
  outcome?: EndedOutcome;
  /** The service's word for the end; default FAKE_STATUS[outcome]. */
  status?: string;
  metrics?: Partial<Metrics>;
  errorMessage?: string;
  errorCode?: string;
  reasons?: string[];
  /** What failedDocuments shows for it; default its reasons, as messages. */
  failedDocuments?: FailedDocument[];
}

/** One job the fake knows: started by the step, or by someone else. */
export interface FakeJob extends JobScript {
  executionId: string;
  containerId: string;
  dataSourceId: string;
  /** Virtual ms (since the fake was made) it starts and ends at. */
  startAt: number;
  endAt: number;
  /** Started through startJob, not scripted as someone else's. */
  byStep: boolean;
  /** Set when stopJob stopped it. */
  stoppedAt?: number;
}

export type FakeOp =
  | 'startJob'
  | 'getJob'
  | 'findRunningJob'
  | 'stopJob'
  | 'listContainers'
  | 'listDataSources'
  | 'failedDocuments'
  | 'search'
  | 'oneJobIn';

export interface FakeCall {
  op: FakeOp;
  /** Virtual ms since the fake was made. */
  at: number;
  dataSourceId?: string;
  executionId?: string;
  /** What the call came to, in a word: 'started', 'busy container', 'throttled', 'ended', ... */
  answer?: string;
}

/** Status words of the made-up service. */
const FAKE_STATUS = {
  started: 'QUEUED',
  running: 'RUNNING',
  succeeded: 'DONE',
  incomplete: 'PARTLY_DONE',
  failed: 'FAILED',
  stopped: 'STOPPED',
} as const;

const FAKE_TERMS: Terms = {
  service: 'Fakesearch',
  container: 'collection',
  containers: 'collections',
  job: 'sync job',
  containerIdInput: 'collection-id',
  containerNameInput: 'collection-name',
  incompleteStatus: FAKE_STATUS.incomplete,
};

export interface FakeServiceOptions {
  /** true: one job at a time per container, across its data sources (Bedrock); false: per data source (Kendra). */
  oneJobPerContainer?: boolean;
  /** Jobs that may run at once in the whole account; a start beyond it answers busy 'account'. */
  accountLimit?: number;
  /** Containers and their data sources, as listings show them. */
  containers?: Array<Named & { dataSources: Named[] }>;
  terms?: Terms;
  /** How long the step's jobs run when no script says (default 2 minutes). */
  defaultJob?: JobScript;
  /**
   * Containers that run a job per data source although the service runs one per container (a
   * managed knowledge base): the fake then answers oneJobIn, and logs it.
   */
  manyJobsIn?: string[];
}

const ZERO: Metrics = { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0, skipped: 0 };

export class FakeService implements SyncService {
  readonly id = 'fake';
  readonly region = 'xx-test-1';
  readonly terms: Terms;
  readonly oneJobPerContainer: boolean;
  /** Set with the manyJobsIn option only: a service whose containers all run alike has none. */
  readonly oneJobIn?: (containerId: string) => Promise<boolean>;
  accountLimit: number;
  readonly jobs: FakeJob[] = [];
  readonly calls: FakeCall[] = [];
  readonly containers: Array<Named & { dataSources: Named[] }>;
  /** What search answers. */
  searchResults: SearchResult[] = [];
  closed = false;
  /** When the fake was made: every `at` counts from here. */
  private readonly epoch: number;
  private readonly scripts = new Map<string, JobScript[]>();
  private readonly defaultJob: JobScript;
  private readonly manyJobsIn: Set<string>;
  private throttles: Array<{ reason: string; pauseMs: { min: number; max: number } }> = [];
  private readonly errors = new Map<string, Error[]>();
  private numbered = 0;

  constructor(
    private readonly clock: Clock,
    options: FakeServiceOptions = {},
  ) {
    this.epoch = clock.now();
    this.terms = options.terms ?? FAKE_TERMS;
    this.oneJobPerContainer = options.oneJobPerContainer ?? true;
    this.accountLimit = options.accountLimit ?? Infinity;
    this.containers = options.containers ?? [];
    this.defaultJob = options.defaultJob ?? { durationMs: 2 * MINUTE };
    const many = new Set(options.manyJobsIn ?? []);
    this.manyJobsIn = many;
    if (options.manyJobsIn) {
      this.oneJobIn = async (containerId) => {
        this.log('oneJobIn', { containerId, dataSourceId: '' });
        this.raise('oneJobIn');
        return !many.has(containerId);
      };
    }
  }

  // --- What a test scripts ---

  /** The next jobs the step starts on this data source run and end like these, in order. */
  script(dataSourceId: string, ...scripts: JobScript[]): this {
    this.scripts.set(dataSourceId, [...(this.scripts.get(dataSourceId) ?? []), ...scripts]);
    return this;
  }

  /** A job someone else starts at `startAt` (virtual ms, may be negative: already running). */
  startedBySomeoneElse(target: Target, job: JobScript & { startAt: number }): string {
    return this.add(target, job.startAt, job, false, `theirs-${++this.numbered}`);
  }

  /** The next `count` starts are throttled, each asking for a pause within `pauseMs`. */
  throttleStarts(
    count: number,
    pauseMs = { min: 10_000, max: 60_000 },
    reason = 'the account may start about one sync job per 10 s',
  ): this {
    for (let i = 0; i < count; i++) this.throttles.push({ reason, pauseMs });
    return this;
  }

  /** The next calls of `op` (on this data source, if given) throw these errors, in order. */
  failNext(op: FakeOp, errors: Error[], dataSourceId?: string): this {
    const key = `${op}:${dataSourceId ?? '*'}`;
    this.errors.set(key, [...(this.errors.get(key) ?? []), ...errors]);
    return this;
  }

  // --- What a test reads ---

  /** Virtual ms since the fake was made. */
  elapsed(): number {
    return this.clock.now() - this.epoch;
  }

  /** When each call of `op` (on this data source, if given) was made, in virtual ms. */
  times(op: FakeOp, dataSourceId?: string): number[] {
    return this.calls
      .filter((call) => call.op === op && (!dataSourceId || call.dataSourceId === dataSourceId))
      .map((call) => call.at);
  }

  job(executionId: string): FakeJob | undefined {
    return this.jobs.find((job) => job.executionId === executionId);
  }

  /** The jobs the step started, in order. */
  started(): FakeJob[] {
    return this.jobs.filter((job) => job.byStep);
  }

  // --- SyncService ---

  async startJob(target: Target): Promise<StartAnswer> {
    const log = this.log('startJob', target);
    this.raise('startJob', target);
    const throttle = this.throttles.shift();
    if (throttle) {
      log.answer = 'throttled';
      return { started: false, throttled: throttle.reason, pauseMs: throttle.pauseMs };
    }
    if (this.blocking(target)) {
      log.answer = 'busy container';
      return { started: false, busy: 'container', reason: 'ConflictingSyncJob' };
    }
    if (this.running().length >= this.accountLimit) {
      log.answer = 'busy account';
      return { started: false, busy: 'account', reason: 'ConcurrentSyncJobLimit' };
    }
    const script = this.scripts.get(target.dataSourceId)?.shift() ?? this.defaultJob;
    const executionId = this.add(target, this.elapsed(), script, true, `ours-${++this.numbered}`);
    log.answer = 'started';
    log.executionId = executionId;
    return { started: true, executionId, status: FAKE_STATUS.started };
  }

  async getJob(
    target: Target,
    executionId: string,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<SyncJob | undefined> {
    const log = this.log('getJob', target, executionId);
    options.abortSignal?.throwIfAborted();
    this.raise('getJob', target);
    const job = this.jobs.find(
      (job) =>
        job.executionId === executionId &&
        job.dataSourceId === target.dataSourceId &&
        job.startAt <= this.elapsed(),
    );
    const seen = job && this.view(job);
    log.answer = seen ? (seen.outcome ?? 'running') : 'not listed';
    return seen;
  }

  async findRunningJob(target: Target): Promise<SyncJob | undefined> {
    const log = this.log('findRunningJob', target);
    this.raise('findRunningJob', target);
    const found = this.blocking(target);
    log.answer = found ? `found ${found.executionId}` : 'none';
    return found && this.view(found);
  }

  async stopJob(
    target: Target,
    executionId: string,
    options: { abortSignal: AbortSignal },
  ): Promise<StopAnswer> {
    const log = this.log('stopJob', target, executionId);
    options.abortSignal.throwIfAborted();
    this.raise('stopJob', target);
    const job = this.job(executionId);
    if (!job || job.dataSourceId !== target.dataSourceId || job.startAt > this.elapsed()) {
      throw new Error(`Fakesearch knows no sync job ${executionId} on ${target.dataSourceId}`);
    }
    const ended = this.view(job);
    if (ended.outcome) {
      log.answer = `already ${ended.status}`;
      return { stopped: false, ended };
    }
    Object.assign(job, {
      endAt: this.elapsed(),
      stoppedAt: this.elapsed(),
      outcome: 'stopped',
      status: FAKE_STATUS.stopped,
    });
    log.answer = 'stopped';
    return { stopped: true };
  }

  async listContainers(): Promise<Named[]> {
    this.log('listContainers');
    this.raise('listContainers');
    return this.containers.map(({ id, name }) => ({ id, name }));
  }

  async listDataSources(containerId: string): Promise<Named[]> {
    this.log('listDataSources', { containerId, dataSourceId: '' });
    this.raise('listDataSources');
    return this.dataSourcesOf(containerId);
  }

  now(): Date {
    return new Date(this.clock.now());
  }

  consoleLink(target: Target): string {
    return `https://console.fakesearch.test/${this.region}/collections/${target.containerId}/data-sources/${target.dataSourceId}`;
  }

  async failedDocuments(target: Target, job: SyncJob, limit: number): Promise<FailedDocuments> {
    this.log('failedDocuments', target, job.executionId);
    const known = this.job(job.executionId);
    const all =
      known?.failedDocuments ?? (job.reasons ?? []).map((message): FailedDocument => ({ message }));
    return { documents: all.slice(0, limit), more: Math.max(all.length - limit, 0) };
  }

  followCommand(target: Target, executionId: string): string {
    return `fakesearch get-sync-job --collection ${target.containerId} --data-source ${target.dataSourceId} --execution-id ${executionId}`;
  }

  async search(containerId: string, _query: string, count: number): Promise<SearchResult[]> {
    this.log('search', { containerId, dataSourceId: '' });
    this.raise('search');
    return this.searchResults.slice(0, count);
  }

  close(): void {
    this.closed = true;
  }

  // --- Inside the fake ---

  private add(
    target: Target,
    startAt: number,
    script: JobScript,
    byStep: boolean,
    executionId: string,
  ): string {
    const { containerId, dataSourceId, dataSourceName } = target;
    const known = this.dataSourcesOf(containerId);
    if (!known.some((source) => source.id === dataSourceId)) {
      const container = this.containers.find((c) => c.id === containerId);
      const dataSource = { id: dataSourceId, name: dataSourceName ?? dataSourceId };
      if (container) container.dataSources.push(dataSource);
      else this.containers.push({ id: containerId, name: containerId, dataSources: [dataSource] });
    }
    this.jobs.push({
      ...script,
      executionId,
      containerId,
      dataSourceId,
      startAt,
      endAt: startAt + script.durationMs,
      byStep,
    });
    return executionId;
  }

  private dataSourcesOf(containerId: string): Named[] {
    return this.containers.find((c) => c.id === containerId)?.dataSources ?? [];
  }

  private running(): FakeJob[] {
    const now = this.elapsed();
    return this.jobs.filter((job) => job.startAt <= now && now < job.endAt);
  }

  /** The running job that keeps the target from starting: its own first, then its container's. */
  private blocking(target: Target): FakeJob | undefined {
    const here = this.running().filter((job) => job.containerId === target.containerId);
    return (
      here.find((job) => job.dataSourceId === target.dataSourceId) ??
      (this.oneJobPerContainer && !this.manyJobsIn.has(target.containerId) ? here[0] : undefined)
    );
  }

  private view(job: FakeJob): SyncJob {
    const ended = this.elapsed() >= job.endAt;
    const outcome = job.outcome ?? 'succeeded';
    return {
      executionId: job.executionId,
      dataSourceId: job.dataSourceId,
      status: ended ? (job.status ?? FAKE_STATUS[outcome]) : FAKE_STATUS.running,
      outcome: ended ? outcome : undefined,
      startTime: new Date(this.epoch + job.startAt),
      endTime: ended ? new Date(this.epoch + job.endAt) : undefined,
      metrics: ended ? { ...ZERO, ...job.metrics } : { ...ZERO },
      ...(ended && {
        errorMessage: job.errorMessage,
        errorCode: job.errorCode,
        reasons: job.reasons,
      }),
    };
  }

  private log(
    op: FakeOp,
    target?: Pick<Target, 'containerId' | 'dataSourceId'>,
    executionId?: string,
  ): FakeCall {
    const call: FakeCall = { op, at: this.elapsed() };
    if (target?.dataSourceId) call.dataSourceId = target.dataSourceId;
    if (executionId) call.executionId = executionId;
    this.calls.push(call);
    return call;
  }

  private raise(op: FakeOp, target?: Target): void {
    for (const key of [`${op}:${target?.dataSourceId}`, `${op}:*`]) {
      const error = this.errors.get(key)?.shift();
      if (error) throw error;
    }
  }
}

/**
 * What @actions/core printed (it writes to process.stdout), each line with its virtual time in ms
 * since the capture began (make it with the fake, and the two count alike).
 */
export function captureLog(clock: Clock): Array<{ at: number; line: string }> {
  const printed: Array<{ at: number; line: string }> = [];
  const began = clock.now();
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      printed.push({ at: clock.now() - began, line });
    }
    return true;
  });
  return printed;
}

/** A job as a service answers it: succeeded and counting nothing unless `overrides` say. */
export function job(
  overrides: Omit<Partial<SyncJob>, 'metrics'> & { metrics?: Partial<Metrics> },
): SyncJob {
  const zero: Metrics = { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0, skipped: 0 };
  return {
    executionId: 'run-7',
    dataSourceId: 'ds-1',
    status: 'DONE',
    outcome: 'succeeded',
    ...overrides,
    metrics: { ...zero, ...overrides.metrics },
  };
}
