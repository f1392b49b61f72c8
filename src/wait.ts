import { ActionError, AwsCallError, isTransient } from './errors.js';
import { isFinal, type KendraApi, type SyncJob, type Target } from './kendra.js';
import * as log from './log.js';
import { consoleLink, describeTarget } from './links.js';
import { formatDuration, type Clock } from './time.js';

export interface WaitOptions {
  pollIntervalSeconds: number;
  /** Epoch ms after which the wait gives up. */
  deadline: number;
  timeoutMinutes: number;
  clock: Clock;
  /** Whose job this is, for the timeout message: one we started, or one we found running. */
  owner: 'started' | 'running';
  /** The job as just listed by the caller: the first poll then waits an interval, not re-lists it. */
  known?: SyncJob;
}

/** A log line at least this often while waiting, even when nothing changed. */
const HEARTBEAT_MS = 60_000;
/** Longest pause between polls when Kendra keeps throttling or failing. */
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Polls the data source's sync history until the job with `executionId` reaches a final status.
 * `startedAfter` narrows each listing to recent jobs, so the common case is one page per poll.
 */
export async function waitForJob(
  api: KendraApi,
  target: Target,
  executionId: string,
  startedAfter: Date | undefined,
  options: WaitOptions,
): Promise<SyncJob> {
  const { clock } = options;
  const interval = options.pollIntervalSeconds * 1000;
  const began = clock.now();
  let lastLine = '';
  let lastLogAt = began;
  let pause = interval;
  let job: SyncJob | undefined;
  let listed = options.known;
  const say = (line: string, at: number): void => {
    log.info(
      `${describeTarget(target)}: ${line} (${formatDuration(at - began)} elapsed, job ${executionId})`,
    );
    lastLine = line;
    lastLogAt = at;
  };
  for (;;) {
    try {
      job =
        listed ??
        (await api.findSyncJob(
          target,
          (candidate) => candidate.executionId === executionId,
          startedAfter,
        ));
      listed = undefined;
      pause = interval;
    } catch (error) {
      if (!(error instanceof AwsCallError && isTransient(error.cause))) throw error;
      // Throttling or a server fault outlasted the SDK's own retries: back off, keep waiting.
      pause = Math.min(pause * 2, MAX_BACKOFF_MS);
      log.warning(
        `${describeTarget(target)}: could not read the sync status (${error.name}: ${error.message}); trying again in ${formatDuration(pause)}.`,
      );
    }
    const now = clock.now();
    if (job && isFinal(job.status)) return job;
    const line = job ? progressLine(job) : 'not listed by Kendra yet';
    if (line !== lastLine || now - lastLogAt >= HEARTBEAT_MS) say(line, now);
    if (now >= options.deadline) throw timeoutError(api, target, executionId, job, options);
    // Until the next poll; polls further apart than a minute still get a line each minute.
    const wakeAt = now + Math.min(pause, Math.max(options.deadline - now, 0));
    while (lastLogAt + HEARTBEAT_MS < wakeAt) {
      await clock.sleep(Math.max(lastLogAt + HEARTBEAT_MS - clock.now(), 0));
      say(line, clock.now());
    }
    await clock.sleep(Math.max(wakeAt - clock.now(), 0));
  }
}

function progressLine(job: SyncJob): string {
  const { scanned, added, modified, deleted, failed } = job.metrics;
  return `${job.status}, documents scanned ${scanned}, added ${added}, modified ${modified}, deleted ${deleted}, failed ${failed}`;
}

function timeoutError(
  api: KendraApi,
  target: Target,
  executionId: string,
  job: SyncJob | undefined,
  options: WaitOptions,
): ActionError {
  const state = job ? `it is still ${job.status}` : 'Kendra has not listed it yet';
  const what =
    options.owner === 'started'
      ? `the sync job it started (execution ${executionId})`
      : `the sync job that was already running (execution ${executionId}) to end, so it started nothing`;
  return new ActionError(
    `Timed out after ${options.timeoutMinutes} min (wait-timeout-minutes) waiting for ${what} on ${describeTarget(target)}; ${state} and was left running. ` +
      `Follow it in the Kendra console: ${consoleLink(api.region, target)} or with ` +
      `\`aws kendra list-data-source-sync-jobs --region ${api.region} --index-id ${target.indexId} --id ${target.dataSourceId}\`.`,
  );
}
