// One retry loop for every call worth another try, on the injected clock: a bound on the tries
// or a deadline, a pause that grows (with jitter where many runners might retry together), the
// caller's notion of transient, and one log line per retry. After actions/checkout's RetryHelper
// and configure-aws-credentials' retryAndBackoff.
import type { Clock } from '../time.js';

interface RetryPolicy {
  clock: Clock;
  /** Tries in all, the first included; unbounded by default (then a deadline bounds them). */
  attempts?: number;
  /** Epoch ms no pause may end past: the failure is given up on instead. */
  deadline?: number;
  /** Cut a pause short for a last try at the deadline, rather than give up before it. */
  lastTryAtDeadline?: boolean;
  /** Whether a failure is worth another try. */
  transient: (error: unknown) => boolean;
  /** The pause after failed try number `attempt` (1-based). */
  pause: (attempt: number, error: unknown) => number;
  /** The one line a retry logs before its pause (debug or warning, as the caller judges). */
  say: (error: unknown, pauseMs: number, attempt: number) => void;
  /** How a pause is slept (default: the clock's sleep), for a caller that logs while it waits. */
  sleep?: (ms: number) => Promise<void>;
  /** What is thrown when a failure is not retried (default: the failure itself). */
  giveUp?: (error: unknown, attempts: number) => unknown;
}

/** Runs `task` until it succeeds, or a failure is not transient, or the tries or time run out. */
export async function retry<T>(task: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const { clock, attempts = Infinity } = policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const pause = nextPause(
        policy,
        attempt < attempts && policy.transient(error),
        attempt,
        error,
      );
      if (pause === undefined) throw policy.giveUp ? policy.giveUp(error, attempt) : error;
      policy.say(error, pause, attempt);
      if (pause > 0) await (policy.sleep ?? clock.sleep)(pause);
    }
  }
}

/** The pause before the next try, or undefined when there is none (not transient, out of tries or time). */
function nextPause(
  policy: RetryPolicy,
  retryable: boolean,
  attempt: number,
  error: unknown,
): number | undefined {
  if (!retryable) return undefined;
  const { clock, deadline = Infinity } = policy;
  const pause = policy.pause(attempt, error);
  const left = deadline - clock.now();
  if (policy.lastTryAtDeadline) return left > 0 ? Math.min(pause, left) : undefined;
  return pause > left ? undefined : pause;
}

/** Exponential backoff with full jitter: a random pause up to base * 2^attempt, capped. */
export function fullJitter(attempt: number, baseMs: number, capMs: number): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}
