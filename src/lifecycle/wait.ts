import { withRequestId } from '../aws/diagnostics.js';
import { ActionError, isTransient } from '../errors.js';
import { AwsCallError } from '../aws/call-error.js';
import * as log from '../base/log.js';
import {
  describeTarget,
  isRunning,
  type SyncJob,
  type SyncService,
  type Target,
} from '../model.js';
import { formatDuration, type Clock } from '../time.js';

export interface WaitOptions {
  pollIntervalSeconds: number;
  /** Epoch ms after which the wait gives up. */
  deadline: number;
  timeoutMinutes: number;
  clock: Clock;
  /** Whose job this is, for the timeout message: one we started, or one we found running. */
  owner: 'started' | 'running';
  /** The job as just read by the caller: the first poll then waits an interval, not re-reads it. */
  known?: SyncJob;
}

/** The wait ran out: the job was left running. */
export class WaitTimeout extends ActionError {
  constructor(
    message: string,
    /** The job as last seen, if the service ever showed it. */
    readonly job: SyncJob | undefined,
  ) {
    super(message);
    this.name = 'WaitTimeout';
  }
}

/** A log line at least this often while waiting, even when nothing changed. */
const HEARTBEAT_MS = 60_000;
/** Longest pause between polls when the service keeps throttling or failing. */
const MAX_BACKOFF_MS = 5 * 60_000;
/** Polls without the job in the answer before the log says so plainly. */
const UNLISTED_POLLS_BEFORE_WARNING = 3;

/** Polls the job with `executionId` until it ends, or the deadline passes. */
export async function waitForJob(
  service: SyncService,
  target: Target,
  executionId: string,
  options: WaitOptions,
): Promise<SyncJob> {
  const { clock } = options;
  const interval = options.pollIntervalSeconds * 1000;
  const began = clock.now();
  let lastLine = '';
  let lastLogAt = began;
  let pause = interval;
  let job: SyncJob | undefined;
  let known = options.known;
  let unlisted = 0;
  const say = (line: string, at: number): void => {
    log.info(
      `${describeTarget(target)}: ${line} (${formatDuration(at - began)} elapsed, job ${executionId})`,
    );
    lastLine = line;
    lastLogAt = at;
  };
  for (;;) {
    try {
      job = known ?? (await service.getJob(target, executionId));
      known = undefined;
      pause = interval;
      unlisted = job ? 0 : unlisted + 1;
      if (unlisted === UNLISTED_POLLS_BEFORE_WARNING) {
        log.warning(
          `${service.terms.service} has not listed ${service.terms.job} ${executionId} on ${describeTarget(target)} in ${unlisted} polls; still waiting for it, until wait-timeout-minutes.`,
        );
      }
    } catch (error) {
      if (!(error instanceof AwsCallError && isTransient(error.cause))) throw error;
      // Throttling or a server fault outlasted the SDK's own retries: back off, keep waiting.
      pause = Math.min(pause * 2, MAX_BACKOFF_MS);
      log.warning(
        withRequestId(
          `${describeTarget(target)}: could not read the sync status (${error.name}: ${error.message}); trying again in ${formatDuration(pause)}.`,
          error,
        ),
      );
    }
    const now = clock.now();
    if (job && !isRunning(job)) return job;
    const line = job ? progressLine(job) : `not listed by ${service.terms.service} yet`;
    log.debug(`Poll of ${service.terms.job} ${executionId}: ${line}.`);
    if (line !== lastLine || now - lastLogAt >= HEARTBEAT_MS) say(line, now);
    if (now >= options.deadline) throw timeout(service, target, executionId, job, options);
    // Until the next poll; polls further apart than a minute still get a line each minute.
    const wakeAt = now + Math.min(pause, Math.max(options.deadline - now, 0));
    while (lastLogAt + HEARTBEAT_MS < wakeAt) {
      await clock.sleep(Math.max(lastLogAt + HEARTBEAT_MS - clock.now(), 0));
      say(line, clock.now());
    }
    await clock.sleep(Math.max(wakeAt - clock.now(), 0));
  }
}

/** "documents scanned 412, added 12, …": a job's counts in one line. */
export function countsLine(job: SyncJob): string {
  const { scanned, added, modified, deleted, failed, skipped } = job.metrics;
  const left = skipped > 0 ? `, skipped ${skipped}` : '';
  return `documents scanned ${scanned}, added ${added}, modified ${modified}, deleted ${deleted}, failed ${failed}${left}`;
}

const progressLine = (job: SyncJob): string => `${job.status}, ${countsLine(job)}`;

function timeout(
  service: SyncService,
  target: Target,
  executionId: string,
  job: SyncJob | undefined,
  options: WaitOptions,
): WaitTimeout {
  const state = job
    ? `it is still ${job.status}`
    : `${service.terms.service} has not listed it yet`;
  const what =
    options.owner === 'started'
      ? `the ${service.terms.job} it started (execution ${executionId})`
      : `the ${service.terms.job} that was already running (execution ${executionId}) to end, so it started nothing`;
  return new WaitTimeout(
    `Timed out after ${options.timeoutMinutes} min (wait-timeout-minutes) waiting for ${what} on ${describeTarget(target)}; ${state} and was left running. ` +
      `Follow it in the ${service.terms.service} console: ${service.consoleLink(target)} or with ` +
      `\`${service.followCommand(target, executionId)}\`.`,
    job,
  );
}
