/** The clock and sleep, passed in so waiting logic can be tested without real minutes. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** When a wait gives up: wait-timeout-minutes from the wait's start, on the injected clock. */
export class Deadline {
  constructor(
    /** Epoch ms. */
    readonly at: number,
    /** wait-timeout-minutes, for the messages that name it. */
    readonly minutes: number,
  ) {}

  static after(minutes: number, clock: Clock): Deadline {
    return new Deadline(clock.now() + minutes * 60_000, minutes);
  }

  passed(now: number): boolean {
    return now >= this.at;
  }

  /** `ms`, cut short so as not to end past the deadline. */
  cut(ms: number, now: number): number {
    return Math.min(ms, Math.max(this.at - now, 0));
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${m}m ${s}s`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
