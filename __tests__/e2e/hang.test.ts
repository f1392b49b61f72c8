/**
 * Kendra accepts the connection and never answers. Real time is the point of this file: the step
 * must give up on its own (request timeout 20 s x 3 SDK attempts + backoff, about 60-65 s) rather
 * than hang until the job's 6-hour limit. It is a file of its own so jest runs it in parallel
 * with the rest of the suite.
 */
import { describe, expect, it } from '@jest/globals';
import { expectNoSecrets, useWorld } from '../helpers/world.js';

const world = useWorld();

/** The harness kills the step after this: a hang shows up as timedOut, not a stuck suite. */
const HANG_GUARD_MS = 150_000;

describe('Kendra never answers', () => {
  it(
    'fails the step within two minutes, saying no answer came within 20 s',
    async () => {
      world.sim.fault({ service: 'kendra', action: 'StartDataSourceSyncJob', kind: 'hang' });
      const result = await world.run({}, { timeoutMs: HANG_GUARD_MS });

      expect(result.timedOut).toBe(false);
      expect(result.code).toBe(1);
      expect(result.durationMs).toBeLessThan(120_000);
      expect(result.errors).toHaveLength(1);
      const [message] = result.errors;
      expect(message).toContain('StartDataSourceSyncJob failed');
      expect(message).toMatch(/no answer from Kendra at http:\/\/127\.0\.0\.1:\d+ within 20 s/);
      expect(message).toContain('after 3 attempts');
      // The SDK's 3 attempts, each abandoned after the request timeout; nothing after them.
      expect(world.sim.countOf('kendra', 'StartDataSourceSyncJob')).toBe(3);
      expect(world.sim.countOf('kendra')).toBe(3);
      expect(world.sim.countOf('sts')).toBe(1);
      expect(world.sim.jobs(world.indexId, world.dataSourceId)).toEqual([]);
      expect(result.outputs['execution-id']).toBeUndefined();
      expectNoSecrets(world.sim, result);
    },
    HANG_GUARD_MS + 10_000,
  );
});
