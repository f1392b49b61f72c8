// Starting a sync under the if-running policy: a job already running is waited for, skipped or
// failed on; a busy account is waited out; a throttled start is tried again after a pause.
import { ActionError } from '../errors.js';
import * as log from '../base/log.js';
import {
  describeTarget,
  type NotReady,
  type SyncJob,
  type SyncService,
  type Target,
} from '../model.js';
import type { Inputs } from '../inputs.js';
import { capitalize } from '../base/text.js';
import { fullJitter, retry } from '../base/retry.js';
import { Deadline, formatDuration, type Clock } from '../time.js';
import { waitUntilReady } from './ready.js';
import { waitForJob } from './wait.js';

export type StartPolicy = Pick<Inputs, 'ifRunning' | 'waitTimeoutMinutes' | 'pollIntervalSeconds'>;

/** What the start phase ended with for one data source. */
export type StartResult =
  | {
      skipped: false;
      executionId: string;
      /** The status the service gives a job it just started. */
      status: string;
      /** The service's time just before the start request. */
      requestedAt: Date;
    }
  /** if-running: skip left a running job alone. */
  | { skipped: true; job: SyncJob }
  /** if-running: skip, and the account was at its limit: no job was left alone, none started. */
  | { skipped: true; accountBusy: string };

/** A running job found, not this step's: who started it the service does not say. */
export const NOT_OURS = 'not started by this step, but by another run or a schedule';

/** Pause before asking again when the service says busy but shows no running job. */
const BUSY_RETRY_MS = 5_000;

/** A start to try again after `pauseMs`; `line` is what the log says about it. */
class TryAgain extends Error {
  constructor(
    readonly pauseMs: number,
    readonly line: (pause: string) => string,
    readonly level: 'info' | 'debug' = 'info',
    /** Said instead when the next pause would pass the deadline. */
    readonly outOfTime?: ActionError,
  ) {
    // Stryker disable next-line StringLiteral: never shown: retry says `line` or gives up with `outOfTime`
    super('try again');
  }
}

/** What one start needs besides the target: the service, policy, clock and the step's own jobs. */
interface StartContext {
  service: SyncService;
  policy: StartPolicy;
  clock: Clock;
  deadline: Deadline;
  /** Jobs this step started: one of them holding the container is waited for, whatever if-running says. */
  ours: ReadonlySet<string>;
  waiting: (job: SyncJob | undefined) => void;
  /** A job of ours that failed because the data source was not ready: this start replaces it. */
  replacing?: string;
}

/**
 * Starts a sync job, dealing with one that is already running as `if-running` says. Under `wait`
 * a start that loses a race to another run (busy again) waits again, within the same
 * wait-timeout-minutes.
 */
export async function startSync(
  service: SyncService,
  target: Target,
  policy: StartPolicy,
  clock: Clock,
  /** Jobs this step started: one of them holding the container is waited for, whatever if-running says. */
  ours: ReadonlySet<string> = new Set(),
  /** Hears of another run's job the start waits for (if-running: wait), and when it no longer does. */
  waiting: (job: SyncJob | undefined) => void = () => undefined,
  /** A job of ours that failed because the data source was not ready: this start replaces it. */
  replacing?: string,
): Promise<StartResult> {
  const deadline = Deadline.after(policy.waitTimeoutMinutes, clock);
  const context: StartContext = { service, policy, clock, deadline, ours, waiting, replacing };
  let throttled = 0;
  return retry(() => startOnce(context, target, () => ++throttled), {
    clock,
    deadline: deadline.at,
    transient: (error) => error instanceof TryAgain,
    pause: (_attempt, error) => (error as TryAgain).pauseMs,
    say: (error, pause) => {
      const { line, level } = error as TryAgain;
      log[level](line(formatDuration(pause)));
    },
    giveUp: (error) => (error instanceof TryAgain ? error.outOfTime : error),
  });
}

/** One start request, and what its answer calls for: a result, or a TryAgain. */
async function startOnce(
  context: StartContext,
  target: Target,
  nextThrottle: () => number,
): Promise<StartResult> {
  const { service, policy, deadline } = context;
  const { terms } = service;
  const requestedAt = service.now();
  const answer = await service.startJob(target, { replacing: context.replacing });
  if (answer.started) {
    const { executionId, status } = answer;
    return { skipped: false, executionId, status, requestedAt };
  }
  if ('notReady' in answer) return notReady(context, target, answer.notReady);
  if ('throttled' in answer) {
    const { min, max } = answer.pauseMs;
    const on = `the start of a ${terms.job} on ${describeTarget(target)} (${answer.throttled})`;
    throw new TryAgain(
      Math.max(min, fullJitter(nextThrottle(), min, max)),
      (pause) => `${terms.service} throttled ${on}; trying again in ${pause}.`,
      'info',
      new ActionError(
        `${terms.service} kept throttling ${on} for ${deadline.minutes} min (wait-timeout-minutes).`,
      ),
    );
  }
  if (answer.busy === 'account') return accountBusy(context, target, answer.reason);
  const running = await service.findRunningJob(target);
  if (!running) {
    // Busy, but nothing is listed running: it ended between our two calls, or the listing
    // lags. Try again shortly, within the same deadline.
    if (deadline.passed(context.clock.now())) {
      throw new ActionError(
        `${terms.service} kept answering that ${describeTarget(target)} is busy (${answer.reason}) for ${deadline.minutes} min (wait-timeout-minutes), but listed no running ${terms.job}.`,
      );
    }
    const pause = deadline.cut(
      Math.min(policy.pollIntervalSeconds * 1000, BUSY_RETRY_MS),
      context.clock.now(),
    );
    throw new TryAgain(
      pause,
      // Stryker disable ArrowFunction,StringLiteral: a debug line's wording only
      (after) =>
        `${describeTarget(target)} is busy (${answer.reason}) but no running ${terms.job} is listed; trying again in ${after}.`,
      // Stryker restore ArrowFunction,StringLiteral
      'debug',
    );
  }
  return runningJob(context, target, running);
}

/** The data source is not ready: wait until it is (or fail, if it never will be), then start again. */
async function notReady(context: StartContext, target: Target, state: NotReady): Promise<never> {
  const { service, policy, deadline, clock } = context;
  const { pollIntervalSeconds } = policy;
  await waitUntilReady(service, target, state, { pollIntervalSeconds, deadline, clock });
  throw new TryAgain(
    0,
    () => `Starting a ${service.terms.job} on ${describeTarget(target)} again.`,
    'debug',
  );
}

/** The account runs as many jobs as it may: skip, fail, or try again each poll interval. */
function accountBusy(context: StartContext, target: Target, reason: string): never | StartResult {
  const { service, policy, deadline, clock } = context;
  const { terms } = service;
  // Nothing of this data source's to look up: the account's limit of concurrent jobs.
  const busy = `the account has as many ${terms.service} ${terms.job}s running as it may (${reason}); the cause is the account's limit, not ${describeTarget(target)}`;
  if (policy.ifRunning === 'skip') {
    const said = `Started nothing on ${describeTarget(target)}: ${busy}; if-running is skip.`;
    log.info(said);
    return { skipped: true, accountBusy: said };
  }
  if (policy.ifRunning === 'fail' || deadline.passed(clock.now())) {
    throw new ActionError(
      `No sync was started on ${describeTarget(target)}: ${busy}. ` +
        (policy.ifRunning === 'fail'
          ? 'Set if-running: wait to wait for a free slot.'
          : `Waited ${deadline.minutes} min (wait-timeout-minutes).`),
    );
  }
  const interval = policy.pollIntervalSeconds * 1000;
  // Never past the deadline: a last try at it, as the waits for a job make.
  const pause = deadline.cut(interval, clock.now());
  throw new TryAgain(pause, (after) =>
    pause < interval
      ? `${busy}; trying a last time at the deadline (wait-timeout-minutes), in ${after}.`
      : `${busy}; trying again in ${policy.pollIntervalSeconds} s.`,
  );
}

/** A job holds the data source: skip, fail, or wait for it to end and then start again. */
async function runningJob(
  context: StartContext,
  target: Target,
  running: SyncJob,
): Promise<StartResult> {
  const { service, policy, clock, deadline, ours, waiting } = context;
  const own = ours.has(running.executionId);
  const skipped = decide(service, target, running, policy, own);
  if (skipped) return skipped;
  if (!own) waiting(running);
  let waited: SyncJob;
  try {
    waited = await waitForJob(
      service,
      { ...target, dataSourceId: running.dataSourceId },
      running.executionId,
      {
        pollIntervalSeconds: policy.pollIntervalSeconds,
        deadline,
        clock,
        // Stryker disable next-line StringLiteral: equivalent: any owner but 'started' reads as already running
        owner: 'running',
        known: running,
      },
    );
  } finally {
    if (!own) waiting(undefined);
  }
  // The story in order: the job waited for ended, and only then is a new one started.
  const next =
    running.dataSourceId === target.dataSourceId
      ? `${describeTarget(target)} ended ${waited.status}; starting a new sync`
      : `data source ${running.dataSourceId} ended ${waited.status}; starting a sync of ${describeTarget(target)}`;
  throw new TryAgain(0, () => `${capitalize(service.terms.job)} ${waited.executionId} on ${next}.`);
}

/** What if-running says about a running job: skip it, fail, or (undefined) wait for it. */
function decide(
  service: SyncService,
  target: Target,
  running: SyncJob,
  policy: StartPolicy,
  own: boolean,
): StartResult | undefined {
  const { where, which } = describeRunning(service, target, running, own);
  const job = service.terms.job;
  if (own) {
    log.info(
      `${where} is still busy with a ${job} this step started ${which}; waiting for it to end.`,
    );
    return undefined;
  }
  // Stryker disable next-line StringLiteral,CallExpression: a debug line only
  log.debug(`if-running is ${policy.ifRunning}: ${where} is busy ${which}.`);
  if (policy.ifRunning === 'skip') {
    log.info(
      `${where} is already syncing ${which}; if-running is skip, so no new sync was started.`,
    );
    return { skipped: true, job: running };
  }
  if (policy.ifRunning === 'fail') {
    throw new ActionError(
      `A sync is already running on ${where} ${which}, so none was started. ` +
        'Set if-running: wait to wait for it and then start a new one, or if-running: skip to leave it be.',
    );
  }
  log.info(
    `${where} is already syncing ${which}; waiting for it to end before starting a new sync.`,
  );
  return undefined;
}

/** Where the running job is, and which it is: "(execution …, <status> since …)". */
function describeRunning(
  service: SyncService,
  target: Target,
  running: SyncJob,
  own: boolean,
): { where: string; which: string } {
  const since = running.startTime ? ` since ${running.startTime.toISOString()}` : '';
  // Who started it is unknown; that this step did not is known, and worth saying.
  const whose = own ? '' : `; ${NOT_OURS}`;
  const job = `execution ${running.executionId}, ${running.status}${since}${whose}`;
  if (running.dataSourceId === target.dataSourceId) {
    return { where: describeTarget(target), which: `(${job})` };
  }
  // One job at a time per container: another of its data sources holds it.
  return {
    where: `${service.terms.container} ${target.containerId} (wanted for ${describeTarget(target)})`,
    which: `(data source ${running.dataSourceId}, ${job})`,
  };
}
