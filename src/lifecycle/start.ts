// Starting a sync under the if-running policy: a job already running is waited for, skipped or
// failed on; a busy account is waited out; a throttled start is tried again after a pause.
import { ActionError } from '../errors.js';
import * as log from '../base/log.js';
import { describeTarget, type SyncJob, type SyncService, type Target } from '../model.js';
import type { Inputs } from '../inputs.js';
import { backoffDelay, formatDuration, type Clock } from '../time.js';
import { waitUntilReady } from './ready.js';
import { waitForJob } from './wait.js';

export type StartPolicy = Pick<Inputs, 'ifRunning' | 'waitTimeoutMinutes' | 'pollIntervalSeconds'>;

/** What the start phase ended with for one data source. */
export type Started =
  | {
      skipped: false;
      executionId: string;
      /** The status the service gives a job it just started. */
      status: string;
      /** The service's time just before the start request. */
      requestedAt: Date;
    }
  /** if-running: skip left a running job alone (`job`), or the account was at its limit (none). */
  | { skipped: true; job?: SyncJob };

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
  policy: StartPolicy,
  clock: Clock,
  /** Jobs this step started: one of them holding the container is waited for, whatever if-running says. */
  ours: ReadonlySet<string> = new Set(),
  /** A job of ours that failed because the data source was not ready: this start replaces it. */
  replacing?: string,
): Promise<Started> {
  const { terms } = service;
  const deadline = clock.now() + policy.waitTimeoutMinutes * 60_000;
  let throttled = 0;
  for (;;) {
    const requestedAt = service.now();
    const answer = await service.startJob(target, { replacing });
    if (answer.started) {
      const { executionId, status } = answer;
      return { skipped: false, executionId, status, requestedAt };
    }
    if ('notReady' in answer) {
      const { pollIntervalSeconds, waitTimeoutMinutes: timeoutMinutes } = policy;
      const options = { pollIntervalSeconds, deadline, timeoutMinutes, clock };
      await waitUntilReady(service, target, answer.notReady, options);
      continue;
    }
    if ('throttled' in answer) {
      const { min, max } = answer.pauseMs;
      const pause = Math.max(min, backoffDelay(++throttled, min, max));
      if (clock.now() + pause > deadline) {
        throw new ActionError(
          `${terms.service} kept throttling the start of a ${terms.job} on ${describeTarget(target)} (${answer.throttled}) for ${policy.waitTimeoutMinutes} min (wait-timeout-minutes).`,
        );
      }
      log.info(
        `${terms.service} throttled the start of a ${terms.job} on ${describeTarget(target)} (${answer.throttled}); trying again in ${formatDuration(pause)}.`,
      );
      await clock.sleep(pause);
      continue;
    }
    if (answer.busy === 'account') {
      // Nothing of this data source's to look up: the account's limit of concurrent jobs.
      const busy = `the account has as many ${terms.service} ${terms.job}s running as it may (${answer.reason}); the cause is the account's limit, not ${describeTarget(target)}`;
      if (policy.ifRunning === 'skip') {
        log.info(`Started nothing on ${describeTarget(target)}: ${busy}; if-running is skip.`);
        return { skipped: true };
      }
      if (policy.ifRunning === 'fail' || clock.now() >= deadline) {
        throw new ActionError(
          `No sync was started on ${describeTarget(target)}: ${busy}. ` +
            (policy.ifRunning === 'fail'
              ? 'Set if-running: wait to wait for a free slot.'
              : `Waited ${policy.waitTimeoutMinutes} min (wait-timeout-minutes).`),
        );
      }
      log.info(`${busy}; trying again in ${policy.pollIntervalSeconds} s.`);
      // Never past the deadline: a last try at it, as the waits for a job make.
      await clock.sleep(Math.min(policy.pollIntervalSeconds * 1000, deadline - clock.now()));
      continue;
    }
    const running = await service.findRunningJob(target);
    if (!running) {
      // Busy, but nothing is listed running: it ended between our two calls, or the listing
      // lags. Try again shortly, within the same deadline.
      if (clock.now() >= deadline) {
        throw new ActionError(
          `${terms.service} kept answering that ${describeTarget(target)} is busy (${answer.reason}) for ${policy.waitTimeoutMinutes} min (wait-timeout-minutes), but listed no running ${terms.job}.`,
        );
      }
      await clock.sleep(
        Math.min(policy.pollIntervalSeconds * 1000, BUSY_RETRY_MS, deadline - clock.now()),
      );
      continue;
    }
    const skipped = decide(service, target, running, policy, ours.has(running.executionId));
    if (skipped) return skipped;
    await waitForJob(
      service,
      { ...target, dataSourceId: running.dataSourceId },
      running.executionId,
      {
        pollIntervalSeconds: policy.pollIntervalSeconds,
        deadline,
        timeoutMinutes: policy.waitTimeoutMinutes,
        clock,
        owner: 'running',
        known: running,
      },
    );
  }
}

/** What if-running says about a running job: skip it, fail, or (undefined) wait for it. */
function decide(
  service: SyncService,
  target: Target,
  running: SyncJob,
  policy: StartPolicy,
  own: boolean,
): Started | undefined {
  const { where, which } = describeRunning(service, target, running);
  const job = service.terms.job;
  if (own) {
    log.info(
      `${where} is still busy with a ${job} this step started ${which}; waiting for it to end.`,
    );
    return undefined;
  }
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
