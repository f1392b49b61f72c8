/**
 * The one retry loop (src/base/retry.ts) on a virtual clock: how many tries, which pauses, when
 * it gives up, and what it throws then.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { fullJitter, retry } from '../../src/base/retry.js';
import { FakeClock, T0 } from '../helpers/fake-service.js';

/** A task that fails `failures` times with `error`, then answers 'done'; its tries' times. */
function flaky(clock: FakeClock, failures: number, error: unknown = new Error('busy')) {
  const at: number[] = [];
  const task = async () => {
    at.push(clock.now() - T0);
    if (at.length <= failures) throw error;
    return 'done';
  };
  return { task, at };
}

const always = () => true;

describe('retry', () => {
  it('tries again after each transient failure, pausing as told and saying so', async () => {
    const clock = new FakeClock();
    const { task, at } = flaky(clock, 2);
    const said: string[] = [];
    const result = await retry(task, {
      clock,
      transient: always,
      pause: (attempt) => attempt * 1_000,
      say: (error, pause, attempt) => said.push(`${(error as Error).message} ${pause} ${attempt}`),
    });
    expect(result).toBe('done');
    expect(at).toEqual([0, 1_000, 3_000]);
    expect(said).toEqual(['busy 1000 1', 'busy 2000 2']);
  });

  it('throws a failure that is not transient at once', async () => {
    const clock = new FakeClock();
    const denied = new Error('denied');
    const { task, at } = flaky(clock, 5, denied);
    const say = jest.fn();
    await expect(
      retry(task, { clock, transient: () => false, pause: () => 1_000, say }),
    ).rejects.toBe(denied);
    expect(at).toEqual([0]);
    expect(say).not.toHaveBeenCalled();
  });

  it('stops after `attempts` tries, the first included, and throws what giveUp makes of it', async () => {
    const clock = new FakeClock();
    const { task, at } = flaky(clock, 5);
    await expect(
      retry(task, {
        clock,
        attempts: 3,
        transient: always,
        pause: () => 1_000,
        say: () => undefined,
        giveUp: (error, attempts) => new Error(`${(error as Error).message} after ${attempts}`),
      }),
    ).rejects.toThrow('busy after 3');
    expect(at).toEqual([0, 1_000, 2_000]);
  });

  it('gives up rather than pause past the deadline', async () => {
    const clock = new FakeClock();
    const { task, at } = flaky(clock, 5);
    await expect(
      retry(task, {
        clock,
        deadline: T0 + 2_000,
        transient: always,
        pause: () => 1_000,
        say: () => undefined,
      }),
    ).rejects.toThrow('busy');
    // A pause that would end exactly at the deadline is still taken.
    expect(at).toEqual([0, 1_000, 2_000]);
  });

  it('with lastTryAtDeadline, cuts the last pause short for a try at the deadline itself', async () => {
    const clock = new FakeClock();
    const { task, at } = flaky(clock, 5);
    await expect(
      retry(task, {
        clock,
        deadline: T0 + 2_500,
        lastTryAtDeadline: true,
        transient: always,
        pause: () => 1_000,
        say: () => undefined,
      }),
    ).rejects.toThrow('busy');
    expect(at).toEqual([0, 1_000, 2_000, 2_500]);
  });

  it('sleeps through the given sleep, and not at all for a pause of 0', async () => {
    const clock = new FakeClock();
    const { task } = flaky(clock, 2);
    const slept: number[] = [];
    await retry(task, {
      clock,
      transient: always,
      pause: (attempt) => (attempt === 1 ? 0 : 500),
      say: () => undefined,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(slept).toEqual([500]);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('fullJitter', () => {
  it('is a random share of base * 2^attempt, capped', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(fullJitter(1, 1_000, 60_000)).toBe(1_000);
    expect(fullJitter(3, 1_000, 60_000)).toBe(4_000);
    expect(fullJitter(10, 1_000, 60_000)).toBe(30_000);
    jest.restoreAllMocks();
  });
});
