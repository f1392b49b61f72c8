import type { AwsCallError } from '../aws/call-error.js';
import { ActionError } from '../errors.js';
import { retry } from '../base/retry.js';
import { isTransientCall, retryLine } from './transient.js';
import * as log from '../base/log.js';
import {
  describeTarget,
  isRunning,
  type SyncJob,
  type SyncService,
  type Target,
} from '../model.js';
import { formatDuration, type Clock, type Deadline } from '../time.js';

export interface WaitOptions {
  pollIntervalSeconds: number;
  /** After which the wait gives up. */
  deadline: Deadline;
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
  const { clock, deadline } = options;
  const interval = options.pollIntervalSeconds * 1000;
  const progress = new ProgressLog(target, executionId, clock);
  let job: SyncJob | undefined;
  let known = options.known;
  let unlisted = 0;
  for (;;) {
    try {
      job =
        known ??
        (await readJob(service, target, executionId, { interval, deadline, clock, progress }));
    } catch (error) {
      // Only a transient failure that lasted to the deadline is a timeout: the job was left running.
      if (!isTransientCall(error)) throw error;
      throw timeout(service, target, executionId, job, options);
    }
    known = undefined;
    unlisted = job ? 0 : unlisted + 1;
    if (unlisted === UNLISTED_POLLS_BEFORE_WARNING) {
      log.warning(
        `${service.terms.service} has not listed ${service.terms.job} ${executionId} on ${describeTarget(target)} in ${unlisted} polls; still waiting for it, until wait-timeout-minutes.`,
      );
    }
    const now = clock.now();
    if (job && !isRunning(job)) return job;
    const line = job ? progressLine(job) : `not listed by ${service.terms.service} yet`;
    // Stryker disable next-line StringLiteral,CallExpression: a debug line only
    log.debug(`Poll of ${service.terms.job} ${executionId}: ${line}.`);
    progress.say(line, now);
    if (deadline.passed(now)) throw timeout(service, target, executionId, job, options);
    await progress.sleepUntil(now + deadline.cut(interval, now));
  }
}

/**
 * One read of the job. A transient failure (throttling, a server fault that outlasted the SDK's
 * own retries) is read again after a pause that doubles from one poll interval up to
 * MAX_BACKOFF_MS, cut short for a last read at the deadline; the wait's heartbeat goes on.
 */
function readJob(
  service: SyncService,
  target: Target,
  executionId: string,
  {
    interval,
    deadline,
    clock,
    progress,
  }: { interval: number; deadline: Deadline; clock: Clock; progress: ProgressLog },
): Promise<SyncJob | undefined> {
  return retry(() => service.getJob(target, executionId), {
    clock,
    deadline: deadline.at,
    lastTryAtDeadline: true,
    transient: isTransientCall,
    pause: (attempt) => Math.min(interval * 2 ** attempt, MAX_BACKOFF_MS),
    say: (error, pause) =>
      log.warning(
        retryLine(
          `${describeTarget(target)}: could not read the sync status`,
          error as AwsCallError,
          `trying again in ${formatDuration(pause)}`,
        ),
      ),
    sleep: (ms) => progress.sleepUntil(clock.now() + ms),
  });
}

/** The wait's log lines: one per change, and one a minute (HEARTBEAT_MS) when nothing changes. */
class ProgressLog {
  private lastLine = '';
  private lastLogAt: number;
  private readonly began: number;

  constructor(
    private readonly target: Target,
    private readonly executionId: string,
    private readonly clock: Clock,
  ) {
    this.began = clock.now();
    this.lastLogAt = this.began;
  }

  /** Logs `line` if it is new, or a minute has passed since the last line. */
  say(line: string, at: number): void {
    if (line !== this.lastLine || at - this.lastLogAt >= HEARTBEAT_MS) this.print(line, at);
  }

  /** Sleeps until `wakeAt`; a pause longer than a minute still gets a line each minute. */
  async sleepUntil(wakeAt: number): Promise<void> {
    const { clock } = this;
    while (this.lastLogAt + HEARTBEAT_MS < wakeAt) {
      await clock.sleep(Math.max(this.lastLogAt + HEARTBEAT_MS - clock.now(), 0));
      // Nothing to repeat before the first answer: the minute passes quietly.
      if (this.lastLine) this.print(this.lastLine, clock.now());
      else this.lastLogAt = clock.now();
    }
    await clock.sleep(Math.max(wakeAt - clock.now(), 0));
  }

  private print(line: string, at: number): void {
    log.info(
      `${describeTarget(this.target)}: ${line} (${formatDuration(at - this.began)} elapsed, job ${this.executionId})`,
    );
    this.lastLine = line;
    this.lastLogAt = at;
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
    `Timed out after ${options.deadline.minutes} min (wait-timeout-minutes) waiting for ${what} on ${describeTarget(target)}; ${state} and was left running. ` +
      `Follow it in the ${service.terms.service} console: ${service.consoleLink(target)} or with ` +
      `\`${service.followCommand(target, executionId)}\`.`,
    job,
  );
}
