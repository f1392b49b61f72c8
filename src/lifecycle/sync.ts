// One sync per data source, fanned out: at once where the service allows, one after another per
// container where it runs one job at a time. One data source's whole life is here: start, follow
// to the end, judge, failed documents.
import { explain } from '../aws/explain.js';
import type { Inputs } from '../inputs.js';
import * as log from '../base/log.js';
import {
  describeTarget,
  type DataSourceResult,
  type FailedDocuments,
  type NotReady,
  type SyncJob,
  type SyncService,
  type Target,
} from '../model.js';
import type { Unresolved } from './names.js';
import { Deadline, formatDuration, type Clock } from '../time.js';
import { showFailedDocuments } from './failed-documents.js';
import { judgeJob } from './judge.js';
import { capitalize } from '../base/text.js';
import type { SyncProgress } from './progress.js';
import { waitUntilReady } from './ready.js';
import { startSync, type StartResult } from './start.js';
import { countsLine, waitForJob, WaitTimeout } from './wait.js';

export type SyncOptions = Pick<
  Inputs,
  | 'ifRunning'
  | 'waitForCompletion'
  | 'waitTimeoutMinutes'
  | 'pollIntervalSeconds'
  | 'failOnIncomplete'
  | 'failedDocuments'
>;

/** A job that ends FAILED this soon after its start may have met a data source not ready yet. */
const FAILED_AT_ONCE_MS = 60_000;

/**
 * Syncs every data source: at once where the service allows, else one after another per
 * container (a job this step started then never counts as another run's). Results keep the
 * inputs' order, and are written to `progress` as they come (a cancellation reads them there);
 * one data source failing does not stop the others.
 */
export async function syncAll(
  service: SyncService,
  progress: SyncProgress,
  options: SyncOptions,
  clock: Clock,
  /** Hears each data source's execution ID as soon as it has one, before any waiting. */
  announce: (position: number, executionId: string) => void,
): Promise<DataSourceResult[]> {
  // A job this step started never counts as another run's, even after its wait gave up.
  const ours = new Set<string>();
  const queues = new Map<string, Array<{ target: Target; position: number }>>();
  progress.targets.forEach((target, position) => {
    if ('failure' in target) {
      progress.ended(position, unresolvedResult(target));
      return;
    }
    const key = service.oneJobPerContainer ? target.containerId : `${position}`;
    queues.set(key, [...(queues.get(key) ?? []), { target, position }]);
  });
  const { terms } = service;
  await Promise.all(
    (await sideBySide(service, [...queues.values()])).map(async (queue) => {
      for (const [index, { target, position }] of queue.entries()) {
        const next = queue[index + 1]?.target;
        if (next && !options.waitForCompletion) {
          log.info(
            `${terms.service} runs one ${terms.job} at a time per ${terms.container}: waiting for ${describeTarget(target)} to end before starting ${describeTarget(next)}.`,
          );
        }
        const follow = options.waitForCompletion || next !== undefined;
        const run = new DataSourceRun(service, target, options, clock, ours, {
          progress,
          position,
          announce,
        });
        progress.ended(position, await run.sync(follow));
      }
    }),
  );
  return progress.results();
}

/** The queues, each split into its data sources where its container runs a job per data source. */
async function sideBySide<T extends { target: Target }>(
  service: SyncService,
  queues: T[][],
): Promise<T[][]> {
  const split = await Promise.all(
    queues.map(async (queue) => {
      if (queue.length < 2 || !service.oneJobIn) return [queue];
      const one = await service.oneJobIn(queue[0].target.containerId);
      return one ? [queue] : queue.map((entry) => [entry]);
    }),
  );
  return split.flat();
}

/** A data source given by a name that did not resolve: failed before anything started. */
export function unresolvedResult(target: Unresolved): DataSourceResult {
  const { containerId, dataSourceName, failure } = target;
  return {
    containerId,
    dataSourceName,
    outcome: 'failed',
    skipped: false,
    failure,
    errorMessage: failure,
  };
}

/** The whole life of one data source's sync. Failures end up in its result: others carry on. */
class DataSourceRun {
  private result: DataSourceResult;

  constructor(
    private readonly service: SyncService,
    private readonly target: Target,
    private readonly options: SyncOptions,
    private readonly clock: Clock,
    /** Jobs this step started: this one's is added once started. */
    private readonly ours: Set<string>,
    private readonly where: {
      progress: SyncProgress;
      position: number;
      announce: (position: number, executionId: string) => void;
    },
  ) {
    const { containerId, dataSourceId, dataSourceName } = target;
    // Stryker disable next-line StringLiteral: every path out of sync() sets its own outcome
    this.result = { containerId, dataSourceId, dataSourceName, outcome: 'failed', skipped: false };
  }

  /**
   * Start (per if-running), then, when `follow`, wait for the job to end and judge it. `replacing`:
   * our job that failed at once because the data source was not ready.
   */
  async sync(follow: boolean, replacing?: string): Promise<DataSourceResult> {
    try {
      const started = await startSync(
        this.service,
        this.target,
        this.options,
        this.clock,
        this.ours,
        (job) => this.where.progress.waiting(this.where.position, job),
        replacing,
      );
      if (started.skipped) return this.skipped(started);
      const { executionId, status, requestedAt } = started;
      this.result = {
        ...this.result,
        executionId,
        status,
        outcome: 'started',
        startTime: requestedAt,
      };
      this.ours.add(executionId);
      this.heard(this.result);
      log.info(
        `Started ${this.service.terms.job} ${executionId} on ${describeTarget(this.target)}.`,
      );
      if (!follow) return this.result;
      const job = await this.follow(executionId);
      // Once: a job that failed at once on a data source not ready yet is started again when it is.
      const notReady = replacing ? undefined : await this.failedForNotReady(job);
      if (!notReady) return await this.ended(job);
      await this.untilReady(notReady);
      return await this.sync(follow, executionId);
    } catch (error) {
      // The `results` output carries why this data source failed (contract: errorMessage).
      const failure = explain(error);
      const timedOut = error instanceof WaitTimeout;
      return {
        ...this.result,
        outcome: timedOut ? 'timed-out' : 'failed',
        ...(timedOut && { status: error.job?.status ?? this.result.status }),
        failure,
        errorMessage: failure,
      };
    }
  }

  /** if-running: skip: a running job left alone, or an account with no free slot. */
  private skipped(started: Extract<StartResult, { skipped: true }>): DataSourceResult {
    if ('accountBusy' in started) {
      // No running job was left alone (`skipped` says that): the account had no free slot.
      return { ...this.result, outcome: 'skipped', notes: [started.accountBusy] };
    }
    const { executionId, status, startTime } = started.job;
    const skipped: DataSourceResult = {
      ...this.result,
      outcome: 'skipped',
      skipped: true,
      executionId,
      status,
      startTime,
    };
    this.heard(skipped);
    return skipped;
  }

  /** The data source has an execution ID: written where a cancellation reads it, and announced. */
  private heard(result: DataSourceResult): void {
    const { progress, position, announce } = this.where;
    progress.started(position, result);
    // Stryker disable next-line ConditionalExpression: both callers pass a result with an execution ID
    if (result.executionId) announce(position, result.executionId);
  }

  /**
   * A job that failed within a minute of its start while the data source is being created or
   * changed: some starts on such a data source are accepted and fail at once.
   */
  private async failedForNotReady(job: SyncJob): Promise<NotReady | undefined> {
    const { service, target } = this;
    const { startTime, endTime } = job;
    if (job.outcome !== 'failed' || !service.readiness || !startTime || !endTime) return undefined;
    if (endTime.getTime() - startTime.getTime() > FAILED_AT_ONCE_MS) return undefined;
    const notReady = await service.readiness(target).catch((error: Error) => {
      log.debug(`Could not read ${describeTarget(target)} after its job failed: ${error.message}`);
      return undefined;
    });
    if (!notReady?.pending) return undefined;
    log.info(
      `${capitalize(service.terms.job)} ${job.executionId} on ${describeTarget(target)} ended ${job.status} at once: the data source is ${notReady.status}. Starting again once it is ready.`,
    );
    return notReady;
  }

  /** Waits for the data source to be ready, within wait-timeout-minutes from now. */
  private untilReady(notReady: NotReady): Promise<void> {
    const { clock } = this;
    const { pollIntervalSeconds, waitTimeoutMinutes } = this.options;
    const deadline = Deadline.after(waitTimeoutMinutes, clock);
    return waitUntilReady(this.service, this.target, notReady, {
      pollIntervalSeconds,
      deadline,
      clock,
    });
  }

  /** Waits for the started job to end (stopping it if the run is cancelled meanwhile). */
  private async follow(executionId: string): Promise<SyncJob> {
    const { service, target, options, clock } = this;
    const { progress, position } = this.where;
    progress.track(position, target, executionId);
    let job: SyncJob;
    try {
      job = await waitForJob(service, target, executionId, {
        pollIntervalSeconds: options.pollIntervalSeconds,
        deadline: Deadline.after(options.waitTimeoutMinutes, clock),
        clock,
        owner: 'started',
      });
    } finally {
      progress.untrack(position);
    }
    return job;
  }

  /** A job that ended: its end and counts logged, then judged, its failed documents shown. */
  private async ended(job: SyncJob): Promise<DataSourceResult> {
    const { service, target, options } = this;
    const startTime = job.startTime ?? this.result.startTime;
    const took =
      startTime && job.endTime
        ? ` after ${formatDuration(job.endTime.getTime() - startTime.getTime())}`
        : '';
    log.info(
      `${capitalize(service.terms.job)} ${job.executionId} on ${describeTarget(target)} ended ${job.status}${took}: ${countsLine(job)}.`,
    );
    const { failure, warnings } = judgeJob(service, job, options.failOnIncomplete, target);
    warnings.forEach((warning) => log.warning(warning));
    const started = { ...this.result, startTime };
    // A cancellation while its failed documents are read reports the job's real end.
    this.where.progress.ended(this.where.position, endedResult(started, job, failure, undefined));
    const failedDocuments = await showFailedDocuments(
      service,
      target,
      job,
      options.failedDocuments,
    );
    return endedResult(started, job, failure, failedDocuments);
  }
}

/** The result of a data source whose job ended, judged (`failure`) and its failed documents read. */
export function endedResult(
  started: DataSourceResult,
  job: SyncJob,
  failure: string | undefined,
  failedDocuments: FailedDocuments | undefined,
): DataSourceResult {
  // A job's reasons are shown once: as its failed documents when they are that, else as notes.
  const asDocuments = failedDocuments?.documents.some((d) => !d.uri && !d.documentId);
  const notes = job.outcome === 'failed' || asDocuments ? [] : job.reasons;
  return {
    ...started,
    executionId: job.executionId,
    status: job.status,
    // Stryker disable next-line StringLiteral: waitForJob returns only jobs that ended, with an outcome
    outcome: job.outcome ?? 'failed',
    startTime: job.startTime ?? started.startTime,
    endTime: job.endTime,
    metrics: job.metrics,
    errorMessage: job.errorMessage,
    failure,
    failedDocuments,
    ...(notes?.length && { notes }),
  };
}
