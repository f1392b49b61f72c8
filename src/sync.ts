import { ActionError } from './errors.js';
import { explain } from './explain.js';
import type { Inputs } from './inputs.js';
import * as log from './log.js';
import {
  describeTarget,
  type FailedDocument,
  type FailedDocuments,
  type SyncJob,
  type SyncService,
  type Target,
} from './model.js';
import type { Unresolved } from './names.js';
import type { DataSourceResult } from './report.js';
import { formatDuration, type Clock } from './time.js';
import { countsLine, waitForJob, WaitTimeout } from './wait.js';
import { clause } from './text.js';

export type SyncOptions = Pick<
  Inputs,
  | 'ifRunning'
  | 'waitForCompletion'
  | 'waitTimeoutMinutes'
  | 'pollIntervalSeconds'
  | 'failOnIncomplete'
  | 'failedDocuments'
>;

/** What the start phase ended with for one data source. */
export type Started =
  | {
      skipped: false;
      executionId: string;
      /** The status the service gives a job it just started. */
      status: string;
      /** The service's time just before the start request, to narrow later look-ups. */
      requestedAt: Date;
    }
  /** if-running: skip left a running job alone (`job`), or the account was at its limit (none). */
  | { skipped: true; job?: SyncJob };

/** Jobs started later than this before our request are still ours: allows for clock skew. */
const START_TIME_MARGIN_MS = 5 * 60_000;
/** Pause before asking again when the service says busy but shows no running job. */
const BUSY_RETRY_MS = 5_000;

/**
 * Starts a sync job, dealing with one that is already running as `if-running` says. Under `wait`
 * a start that loses a race to another run (busy again) waits again, within the same
 * wait-timeout-minutes.
 */
export async function startSync(
  service: SyncService,
  target: Target,
  options: SyncOptions,
  clock: Clock,
  /** Jobs this step started: one of them holding the container is waited for, whatever if-running says. */
  ours: ReadonlySet<string> = new Set(),
): Promise<Started> {
  const { terms } = service;
  const deadline = clock.now() + options.waitTimeoutMinutes * 60_000;
  for (;;) {
    const requestedAt = service.now();
    const answer = await service.startJob(target, { deadline, clock });
    if (answer.started) {
      return {
        skipped: false,
        executionId: answer.executionId,
        status: answer.status,
        requestedAt,
      };
    }
    if (answer.busy === 'account') {
      // Nothing of this data source's to look up: the account's limit of concurrent jobs.
      const busy = `the account has as many ${terms.service} sync jobs running as it may (${answer.reason}); the cause is the account's limit, not ${describeTarget(target)}`;
      if (options.ifRunning === 'skip') {
        log.info(`Started nothing on ${describeTarget(target)}: ${busy}; if-running is skip.`);
        return { skipped: true };
      }
      if (options.ifRunning === 'fail' || clock.now() >= deadline) {
        throw new ActionError(
          `No sync was started on ${describeTarget(target)}: ${busy}. ` +
            (options.ifRunning === 'fail'
              ? 'Set if-running: wait to wait for a free slot.'
              : `Waited ${options.waitTimeoutMinutes} min (wait-timeout-minutes).`),
        );
      }
      log.info(`${busy}; trying again in ${options.pollIntervalSeconds} s.`);
      await clock.sleep(options.pollIntervalSeconds * 1000);
      continue;
    }
    const running = await service.findRunningJob(target);
    if (!running) {
      // Busy, but nothing is listed running: it ended between our two calls, or the listing
      // lags. Try again shortly, within the same deadline.
      if (clock.now() >= deadline) {
        throw new ActionError(
          `${terms.service} kept answering that ${describeTarget(target)} is busy (${answer.reason}) for ${options.waitTimeoutMinutes} min (wait-timeout-minutes), but listed no running sync job.`,
        );
      }
      await clock.sleep(Math.min(options.pollIntervalSeconds * 1000, BUSY_RETRY_MS));
      continue;
    }
    const { where, which } = describeRunning(service, target, running);
    const own = ours.has(running.executionId);
    if (own) {
      log.info(
        `${where} is still busy with a sync job this step started ${which}; waiting for it to end.`,
      );
    } else if (options.ifRunning === 'skip') {
      log.info(
        `${where} is already syncing ${which}; if-running is skip, so no new sync was started.`,
      );
      return { skipped: true, job: running };
    } else if (options.ifRunning === 'fail') {
      throw new ActionError(
        `A sync is already running on ${where} ${which}, so none was started. ` +
          'Set if-running: wait to wait for it and then start a new one, or if-running: skip to leave it be.',
      );
    } else {
      log.info(
        `${where} is already syncing ${which}; waiting for it to end before starting a new sync.`,
      );
    }
    await waitForJob(
      service,
      { ...target, dataSourceId: running.dataSourceId },
      running.executionId,
      {
        pollIntervalSeconds: options.pollIntervalSeconds,
        deadline,
        timeoutMinutes: options.waitTimeoutMinutes,
        clock,
        owner: 'running',
        known: running,
        startedAfter: running.startTime && new Date(running.startTime.getTime() - 1000),
      },
    );
  }
}

/** Where the running job is, and which it is: "(execution …, <status> since …)". */
function describeRunning(
  service: SyncService,
  target: Target,
  running: SyncJob,
): { where: string; which: string } {
  const since = running.startTime ? ` since ${running.startTime.toISOString()}` : '';
  const job = `execution ${running.executionId}, ${running.status}${since}`;
  if (running.dataSourceId === target.dataSourceId) {
    return { where: describeTarget(target), which: `(${job})` };
  }
  // One job at a time per container: another of its data sources holds it.
  return {
    where: `${service.terms.container} ${target.containerId} (wanted for ${describeTarget(target)})`,
    which: `(data source ${running.dataSourceId}, ${job})`,
  };
}

/** Whether a finished job fails the step or only warns: failed and stopped jobs always fail. */
export function judgeJob(
  service: Pick<SyncService, 'terms'>,
  job: SyncJob,
  failOnIncomplete: boolean,
  target: Target,
): { failure?: string; warnings: string[] } {
  const warnings: string[] = [];
  const serviceSaid = job.errorMessage
    ? `: ${clause(job.errorMessage)}${job.errorCode ? ` (${job.errorCode})` : ''}`
    : '';
  // A status word that does not say documents failed (one that means 'complete') gets the count.
  const failedSaid =
    !job.errorMessage && job.outcome === 'incomplete'
      ? ` with ${job.metrics.failed} failed document(s)`
      : '';
  const ended = `Sync job ${job.executionId} on ${describeTarget(target)} ended ${job.status}${failedSaid}${serviceSaid}`;
  if (job.metrics.failed > 0) {
    warnings.push(
      `${job.metrics.failed} document(s) failed to index in ${describeTarget(target)} (sync job ${job.executionId}); see the data source's sync history in the ${service.terms.service} console.`,
    );
  }
  for (const note of job.notes ?? []) {
    warnings.push(
      `${service.terms.service} on sync job ${job.executionId} (${describeTarget(target)}): ${note}`,
    );
  }
  if (job.outcome === 'failed' || job.outcome === 'stopped') {
    return { failure: `${ended}.`, warnings };
  }
  if (job.outcome === 'incomplete') {
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
  onExecutionId(position: number, executionId: string): void;
  /** A job this step started is being waited on (and may be stopped on cancel), or no longer. */
  track(executionId: string, target: Target, startedAfter: Date): void;
  untrack(executionId: string): void;
}

/**
 * Syncs every data source: at once where the service allows, else one after another per
 * container (a job this step started then never counts as another run's). Results keep the
 * inputs' order; one data source failing does not stop the others.
 */
export async function syncAll(
  service: SyncService,
  targets: Array<Target | Unresolved>,
  options: SyncOptions,
  clock: Clock,
  hooks: SyncHooks,
): Promise<DataSourceResult[]> {
  const results: DataSourceResult[] = new Array(targets.length);
  // A job this step started never counts as another run's, even after its wait gave up.
  const ours = new Set<string>();
  const queues = new Map<string, Array<{ target: Target; position: number }>>();
  targets.forEach((target, position) => {
    if ('failure' in target) {
      results[position] = {
        containerId: target.containerId,
        dataSourceName: target.dataSourceName,
        outcome: 'failed',
        skipped: false,
        failure: target.failure,
        errorMessage: target.failure,
      };
      return;
    }
    const key = service.oneJobPerContainer ? target.containerId : `${position}`;
    queues.set(key, [...(queues.get(key) ?? []), { target, position }]);
  });
  await Promise.all(
    [...queues.values()].map(async (queue) => {
      for (const [index, { target, position }] of queue.entries()) {
        const next = queue[index + 1]?.target;
        if (next && !options.waitForCompletion) {
          log.info(
            `${service.terms.service} runs one sync job at a time per ${service.terms.container}: waiting for ${describeTarget(target)} to end before starting ${describeTarget(next)}.`,
          );
        }
        results[position] = await syncDataSource(service, target, options, clock, {
          onExecutionId: (executionId) => hooks.onExecutionId(position, executionId),
          track: hooks.track,
          untrack: hooks.untrack,
          follow: options.waitForCompletion || next !== undefined,
          ours,
        });
      }
    }),
  );
  return results;
}

/**
 * The whole life of one data source's sync: start (per if-running), then optionally follow it to
 * the end. Failures end up in the result, so other data sources carry on.
 */
export async function syncDataSource(
  service: SyncService,
  target: Target,
  options: SyncOptions,
  clock: Clock,
  hooks: Omit<SyncHooks, 'onExecutionId'> & {
    onExecutionId(executionId: string): void;
    /** Follow the job to its end (wait-for-completion, or a queue that needs it to end). */
    follow: boolean;
    /** Jobs this step started: this one's is added once started. */
    ours?: Set<string>;
  },
): Promise<DataSourceResult> {
  const result: DataSourceResult = {
    containerId: target.containerId,
    dataSourceId: target.dataSourceId,
    dataSourceName: target.dataSourceName,
    outcome: 'failed',
    skipped: false,
  };
  try {
    const started = await startSync(service, target, options, clock, hooks.ours);
    if (started.skipped) {
      if (started.job) hooks.onExecutionId(started.job.executionId);
      return {
        ...result,
        outcome: 'skipped',
        skipped: true,
        executionId: started.job?.executionId,
        status: started.job?.status,
        startTime: started.job?.startTime,
      };
    }
    Object.assign(result, {
      executionId: started.executionId,
      status: started.status,
      outcome: 'started',
      startTime: started.requestedAt,
    });
    hooks.ours?.add(started.executionId);
    hooks.onExecutionId(started.executionId);
    log.info(`Started sync job ${started.executionId} on ${describeTarget(target)}.`);
    if (!hooks.follow) return result;

    // Jobs that can be the one we started: those listed as started since just before our request.
    const startedAfter = new Date(started.requestedAt.getTime() - START_TIME_MARGIN_MS);
    hooks.track(started.executionId, target, startedAfter);
    let job: SyncJob;
    try {
      job = await waitForJob(service, target, started.executionId, {
        pollIntervalSeconds: options.pollIntervalSeconds,
        deadline: clock.now() + options.waitTimeoutMinutes * 60_000,
        timeoutMinutes: options.waitTimeoutMinutes,
        clock,
        owner: 'started',
        startedAfter,
      });
    } finally {
      hooks.untrack(started.executionId);
    }
    const { failure, warnings } = judgeJob(service, job, options.failOnIncomplete, target);
    warnings.forEach((warning) => log.warning(warning));
    const failedDocuments = await showFailedDocuments(
      service,
      target,
      job,
      options.failedDocuments,
    );
    const startTime = job.startTime ?? result.startTime;
    const took =
      startTime && job.endTime
        ? ` after ${formatDuration(job.endTime.getTime() - startTime.getTime())}`
        : '';
    log.info(
      `Sync job ${job.executionId} on ${describeTarget(target)} ended ${job.status}${took}: ${countsLine(job)}.`,
    );
    return {
      ...result,
      status: job.status,
      outcome: job.outcome ?? 'failed',
      startTime,
      endTime: job.endTime,
      metrics: job.metrics,
      errorMessage: job.errorMessage,
      failure,
      failedDocuments,
      // Shown once: as failed documents when they are that, else as notes.
      ...(job.notes?.length && !failedDocuments?.documents.length && { notes: job.notes }),
    };
  } catch (error) {
    // The `results` output carries why this data source failed (contract: errorMessage).
    const failure = explain(error);
    if (error instanceof WaitTimeout) {
      return {
        ...result,
        outcome: 'timed-out',
        status: error.job?.status ?? result.status,
        failure,
        errorMessage: failure,
      };
    }
    return { ...result, outcome: 'failed', failure, errorMessage: failure };
  }
}

/**
 * After a job that ended with failed documents: which ones, and why, in the log (returned for
 * the outputs and the summary). Never fails the data source on its own.
 */
async function showFailedDocuments(
  service: SyncService,
  target: Target,
  job: SyncJob,
  limit: number,
): Promise<FailedDocuments | undefined> {
  const failed = job.metrics.failed > 0 || job.outcome === 'failed' || job.outcome === 'incomplete';
  if (!failed || limit === 0) return undefined;
  const found = await service.failedDocuments(target, job, limit);
  if (found.note) log.info(found.note);
  if (found.documents.length === 0) return found.note ? found : undefined;
  const where = found.link ? `; all of them: ${found.link}` : '';
  log.info(
    `Failed documents in ${describeTarget(target)} (sync job ${job.executionId}), ${found.documents.length} shown${found.more > 0 ? `, ${found.more} more` : ''}${where}:`,
  );
  for (const document of found.documents) log.info(`  ${describeDocument(document)}`);
  return found;
}

/** "https://docs.example.com/a (InvalidDocumentMetadata): the attribute … is not defined". */
export function describeDocument(document: FailedDocument): string {
  const which = document.uri ?? document.documentId;
  const code = document.errorCode ? ` (${document.errorCode})` : '';
  return which ? `${which}${code}: ${document.message}` : `${document.message}${code}`;
}
