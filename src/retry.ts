// One retry loop for every call worth another try, on the injected clock: a bound on the tries
// or a deadline, a pause that grows (with jitter where many runners might retry together), the
// caller's notion of transient, and one log line per retry. After actions/checkout's RetryHelper
// and configure-aws-credentials' retryAndBackoff.
import type { Clock } from './time.js';

interface RetryPolicy {
  clock: Clock;
  /** Tries in all, the first included; unbounded by default (then a deadline bounds them). */
  attempts?: number;
  /** Epoch ms no pause may end past: the failure is given up on instead. */
  deadline?: number;
  /** Whether a failure is worth another try. */
  transient: (error: unknown) => boolean;
  /** The pause after failed try number `attempt` (1-based). */
  pause: (attempt: number, error: unknown) => number;
  /** The one line a retry logs before its pause (debug or warning, as the caller judges). */
  say: (error: unknown, pauseMs: number, attempt: number) => void;
  /** What is thrown when a failure is not retried (default: the failure itself). */
  giveUp?: (error: unknown, attempts: number) => unknown;
}

/** Runs `task` until it succeeds, or a failure is not transient, or the tries or time run out. */
export async function retry<T>(task: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const { clock, attempts = Infinity, deadline = Infinity } = policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const pause =
        attempt < attempts && policy.transient(error) ? policy.pause(attempt, error) : undefined;
      if (pause === undefined || clock.now() + pause > deadline) {
        throw policy.giveUp ? policy.giveUp(error, attempt) : error;
      }
      policy.say(error, pause, attempt);
      if (pause > 0) await clock.sleep(pause);
    }
  }
}

/** Exponential backoff with full jitter: a random pause up to base * 2^attempt, capped. */
export function fullJitter(attempt: number, baseMs: number, capMs: number): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}
