/**
 * Jest's order, with the files known to be slow first. Jest runs slow files first only once it
 * has timed them (its cache); on a fresh clone it goes by file size, and a one-minute file that
 * starts last leaves a worker idle while it runs. Seconds are wall time on a 2-core machine
 * (2026-12-04); keep the list short and in that order.
 */
import path from 'node:path';
import Sequencer from '@jest/test-sequencer';

export const SLOW_FIRST = [
  'e2e/search-check.test.ts', // 73 s: a search check that finds nothing searches for a minute
  'e2e/real-time.test.ts', // 61 s: wait-timeout-minutes, a hung Kendra, a throttled Bedrock start
  'e2e/managed.test.ts', // 55 s: connectors created and synced, five jobs queued one by one
  'sim-bedrock.test.ts', // 30 s
  'e2e/bedrock-documents.test.ts', // 27 s: a Logs endpoint that hangs is given 10 s
  'e2e/lifecycle.test.ts', // 22 s
  'e2e/polling.test.ts', // 17 s
  'sim.test.ts', // 17 s
  'e2e/failed-documents.test.ts', // 16 s
  'e2e/diagnostics.test.ts', // 15 s
  'e2e/long-waits.test.ts', // 13 s
];

export default class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const rank = (test) => {
      const relative = path.relative(
        path.join(test.context.config.rootDir, '__tests__'),
        test.path,
      );
      const slow = SLOW_FIRST.indexOf(relative.split(path.sep).join('/'));
      return slow === -1 ? SLOW_FIRST.length : slow;
    };
    // Array.prototype.sort is stable: the rest keep jest's own order (failed first, then slowest
    // by its timings, else largest).
    return (await super.sort(tests)).sort((a, b) => rank(a) - rank(b));
  }
}
