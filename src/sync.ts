import { ActionError, AwsCallError, asAwsError } from './errors.js';
import type { Inputs } from './inputs.js';
import { RUNNING_STATUSES, type KendraApi, type SyncJob, type Target } from './kendra.js';
import { describeTarget } from './links.js';
import * as log from './log.js';
import type { DataSourceResult } from './report.js';
import type { Clock } from './time.js';

export type SyncOptions = Pick<
  Inputs,
  | 'ifRunning'
  | 'waitForCompletion'
  | 'waitTimeoutMinutes'
  | 'pollIntervalSeconds'
  | 'failOnIncomplete'
>;

/** What the start phase ended with for one data source. */
export interface Started {
  executionId: string;
  /** true when if-running: skip left a running job alone; `job` is that job. */
  skipped: boolean;
  job?: SyncJob;
  /** Kendra's time just before the start request, to narrow later listings. */
  requestedAt: Date;
}

/** Jobs started later than this before our request are still ours: allows for clock skew. */
const START_TIME_MARGIN_MS = 5 * 60_000;

/**
 * Starts a sync job, dealing with one that is already running as `if-running` says. Under `wait`
 * a start that loses a race to another run (ResourceInUse again) waits again, within the same
 * wait-timeout-minutes.
 */
export async function startSync(
  api: KendraApi,
  target: Target,
  options: SyncOptions,
  clock: Clock,
): Promise<Started> {
  const deadline = clock.now() + options.waitTimeoutMinutes * 60_000;
  for (;;) {
    const requestedAt = api.now();
    let retried: boolean;
    try {
      const executionId = await api.startSyncJob(target);
      return { executionId, skipped: false, requestedAt };
    } catch (error) {
      if (!(error instanceof AwsCallError && error.name === 'ResourceInUseException')) throw error;
      retried = (asAwsError(error.cause).$metadata?.attempts ?? 1) > 1;
    }
    const running = await api.findSyncJob(target, (job) => RUNNING_STATUSES.includes(job.status));
    if (running && retried && startedSince(running, requestedAt)) {
      // The SDK retried the start (its first answer was lost) and the retry found a job started
      // since our first attempt: that first attempt started it. It is ours, not another run's.
      log.info(
        `The answer to StartDataSourceSyncJob on ${describeTarget(target)} was lost; the retry found the job that first attempt started (execution ${running.executionId}).`,
      );
      return { executionId: running.executionId, skipped: false, requestedAt };
    }
    if (!running) {
      // Kendra says busy but lists nothing running: it ended between our two calls, or the
      // listing lags. Try again shortly, within the same deadline.
      if (clock.now() >= deadline) {
        throw new ActionError(
          `Kendra kept answering that ${describeTarget(target)} is busy (ResourceInUseException) for ${options.waitTimeoutMinutes} min (wait-timeout-minutes), but listed no running sync job.`,
        );
      }
      await clock.sleep(Math.min(options.pollIntervalSeconds * 1000, 5000));
      continue;
    }
    const since = running.startTime ? ` since ${running.startTime.toISOString()}` : '';
    const which = `(execution ${running.executionId}, ${running.status}${since})`;
    if (options.ifRunning === 'skip') {
      log.info(
        `${describeTarget(target)} is already syncing ${which}; if-running is skip, so no new sync was started.`,
      );
      return { executionId: running.executionId, skipped: true, job: running, requestedAt };
    }
    if (options.ifRunning === 'fail') {
      throw new ActionError(
        `A sync is already running on ${describeTarget(target)} ${which}, so none was started. ` +
          'Set if-running: wait to wait for it and then start a new one, or if-running: skip to leave it be.',
      );
    }
    log.info(
      `${describeTarget(target)} is already syncing ${which}; waiting for it to end before starting a new sync.`,
    );
    const { waitForJob } = await import('./wait.js');
    await waitForJob(api, target, running.executionId, startedAfter(running.startTime), {
      pollIntervalSeconds: options.pollIntervalSeconds,
      deadline,
      timeoutMinutes: options.waitTimeoutMinutes,
      clock,
      owner: 'running',
      known: running,
    });
  }
}

/** Follows a job this step started until it ends, or wait-timeout-minutes pass. */
export async function followSync(
  api: KendraApi,
  target: Target,
  started: Started,
  options: SyncOptions,
  clock: Clock,
): Promise<SyncJob> {
  const { waitForJob } = await import('./wait.js');
  return waitForJob(api, target, started.executionId, sinceRequest(started), {
    pollIntervalSeconds: options.pollIntervalSeconds,
    deadline: clock.now() + options.waitTimeoutMinutes * 60_000,
    timeoutMinutes: options.waitTimeoutMinutes,
    clock,
    owner: 'started',
  });
}

/** Jobs that can be the one we started: those listed as started since just before our request. */
function sinceRequest(started: Started): Date {
  return new Date(started.requestedAt.getTime() - START_TIME_MARGIN_MS);
}

/** Allowance for the difference between our clock and Kendra's. */
const CLOCK_SKEW_MS = 5_000;

function startedSince(job: SyncJob, time: Date): boolean {
  return job.startTime !== undefined && job.startTime.getTime() >= time.getTime() - CLOCK_SKEW_MS;
}

function startedAfter(startTime: Date | undefined): Date | undefined {
  return startTime && new Date(startTime.getTime() - 1000);
}

/** Whether a finished job fails the step or only warns: FAILED and ABORTED always fail. */
export function judgeJob(
  job: SyncJob,
  failOnIncomplete: boolean,
  target: Target,
): { failure?: string; warnings: string[] } {
  const warnings: string[] = [];
  const kendraSaid = job.errorMessage
    ? `: ${job.errorMessage}${job.errorCode ? ` (${job.errorCode})` : ''}`
    : '';
  const ended = `Sync job ${job.executionId} on ${describeTarget(target)} ended ${job.status}${kendraSaid}`;
  if (job.metrics.failed > 0) {
    warnings.push(
      `${job.metrics.failed} document(s) failed to index in ${describeTarget(target)} (sync job ${job.executionId}); see the data source's sync history in the Kendra console or its CloudWatch logs.`,
    );
  }
  if (job.status === 'FAILED' || job.status === 'ABORTED')
    return { failure: `${ended}.`, warnings };
  if (job.status === 'INCOMPLETE') {
    if (failOnIncomplete) {
      return {
        failure: `${ended}. Set fail-on-incomplete: false to accept partly indexed syncs.`,
        warnings,
      };
    }
    warnings.push(`${ended}; fail-on-incomplete is false, so the step goes on.`);
  }
  return { warnings };
}

export interface SyncHooks {
  /** Called once the data source has an execution ID, before any waiting. */
  onStarted(executionId: string): void;
  /** A job this step started is being waited on (and may be stopped on cancel), or no longer. */
  track(executionId: string, target: Target, startedAfter: Date): void;
  untrack(executionId: string): void;
}

/**
 * The whole life of one data source's sync: start (per if-running), then optionally follow it to
 * the end. Failures end up in the result, so other data sources carry on.
 */
export async function syncDataSource(
  api: KendraApi,
  target: Target,
  options: SyncOptions,
  clock: Clock,
  hooks: SyncHooks,
): Promise<DataSourceResult> {
  const result: DataSourceResult = {
    indexId: target.indexId,
    dataSourceId: target.dataSourceId,
    dataSourceName: target.dataSourceName,
    skipped: false,
  };
  try {
    const started = await startSync(api, target, options, clock);
    result.executionId = started.executionId;
    hooks.onStarted(started.executionId);
    if (started.skipped) {
      return {
        ...result,
        skipped: true,
        status: started.job?.status,
        startTime: started.job?.startTime,
      };
    }
    log.info(`Started sync job ${started.executionId} on ${describeTarget(target)}.`);
    Object.assign(result, { status: 'SYNCING', startTime: started.requestedAt });
    if (!options.waitForCompletion) return result;

    hooks.track(started.executionId, target, sinceRequest(started));
    let job: SyncJob;
    try {
      job = await followSync(api, target, started, options, clock);
    } finally {
      hooks.untrack(started.executionId);
    }
    const { failure, warnings } = judgeJob(job, options.failOnIncomplete, target);
    warnings.forEach((warning) => log.warning(warning));
    log.info(`Sync job ${job.executionId} on ${describeTarget(target)} ended ${job.status}.`);
    return {
      ...result,
      status: job.status,
      startTime: job.startTime ?? result.startTime,
      endTime: job.endTime,
      metrics: job.metrics,
      errorMessage: job.errorMessage,
      failure,
    };
  } catch (error) {
    const { explain } = await import('./explain.js');
    // The `results` output carries why this data source failed (contract: errorMessage).
    const failure = explain(error);
    return { ...result, failure, errorMessage: failure };
  }
}
