// Waiting for a data source that is not ready to sync: one being created or changed (a managed
// connector stays CREATING for minutes after the deploy that made it) becomes ready on its own;
// one whose creation or change failed never does, and the step says why.
import { ActionError } from '../errors.js';
import { capitalize, clause } from '../base/text.js';
import * as log from '../base/log.js';
import { describeTarget, type NotReady, type SyncService, type Target } from '../model.js';
import { formatDuration, type Clock, type Deadline } from '../time.js';
import { WaitTimeout } from './wait.js';

export interface ReadyOptions {
  pollIntervalSeconds: number;
  /** After which the wait gives up (the start's wait-timeout-minutes). */
  deadline: Deadline;
  clock: Clock;
}

/** A log line at least this often while waiting, even when nothing changed. */
const HEARTBEAT_MS = 60_000;

/** Polls the data source until it is ready; throws when it failed or the deadline passed. */
export async function waitUntilReady(
  service: SyncService,
  target: Target,
  first: NotReady,
  options: ReadyOptions,
): Promise<void> {
  const { clock } = options;
  const began = clock.now();
  let state: NotReady | undefined = first;
  // Stryker disable next-line StringLiteral: no status is empty or any other sentinel, so the first is always said
  let said = '';
  let saidAt = began;
  while (state) {
    if (!state.pending || !service.readiness) throw failed(service, target, state);
    const now = clock.now();
    if (state.status !== said || now - saidAt >= HEARTBEAT_MS) {
      log.info(
        `${capitalize(describeTarget(target))} is ${state.status}, not ready to sync: waiting for it before starting the ${service.terms.job} (${formatDuration(now - began)} elapsed).`,
      );
      [said, saidAt] = [state.status, now];
    }
    if (options.deadline.passed(now)) {
      throw new WaitTimeout(
        `Timed out after ${options.deadline.minutes} min (wait-timeout-minutes) waiting for ${describeTarget(target)} to be ready; it is still ${state.status}, and no ${service.terms.job} was started.`,
        undefined,
      );
    }
    await clock.sleep(options.deadline.cut(options.pollIntervalSeconds * 1000, now));
    state = await service.readiness(target);
  }
  log.info(
    `${capitalize(describeTarget(target))} is ready after ${formatDuration(clock.now() - began)}; starting the ${service.terms.job}.`,
  );
}

function failed(service: SyncService, target: Target, state: NotReady): ActionError {
  const why = state.reasons.length > 0 ? `: ${state.reasons.map(clause).join('; ')}` : '';
  return new ActionError(
    `${capitalize(describeTarget(target))} cannot sync: ${service.terms.service} says it is ${state.status}${why}. ` +
      `Fix the data source (see its page in the ${service.terms.service} console: ${service.consoleLink(target)}), then run the workflow again.`,
  );
}
