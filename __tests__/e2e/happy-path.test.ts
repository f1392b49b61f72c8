import { describe, expect, it } from '@jest/globals';
import { expectNoSecrets, HAPPY_PATH, ROLE_ARN, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

describe('the bundle, started the way the runner starts it', () => {
  it('assumes the role with the OIDC token and starts one sync: three requests in all', async () => {
    const result = await world.run();
    expectCleanSuccess(result);

    const { sim } = world;
    expect(sim.requests.map((request) => `${request.service}:${request.action}`)).toEqual(
      HAPPY_PATH,
    );
    // The Kendra call is signed with the credentials STS issued for the role.
    const sts = sim.requests[1];
    const kendra = sim.requests[2];
    expect(sts.status).toBe(200);
    expect(kendra.status).toBe(200);
    expect(kendra.accessKeyId).toMatch(/^ASIA/);
    expect((sts.body as Record<string, string>).RoleArn).toBe(ROLE_ARN);
    expect((sts.body as Record<string, string>).RoleSessionName).toBe('kendra-sync-4242-1');
    expect((sts.body as Record<string, string>).DurationSeconds).toBe('900');

    const [job] = sim.jobs(world.indexId, world.dataSourceId);
    expect(result.outputs['execution-id']).toBe(job.executionId);
    expect(JSON.parse(result.outputs['execution-ids'])).toEqual({
      [world.dataSourceId]: job.executionId,
    });
    expect(result.outputs.status).toBe('SYNCING');
    expect(result.outputs.skipped).toBe('false');
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry).toMatchObject({
      dataSourceId: world.dataSourceId,
      executionId: job.executionId,
      status: 'SYNCING',
      skipped: false,
    });
    expect(result.summary).toContain(job.executionId);
    expect(result.summary).toContain('console.aws.amazon.com/kendra');
    expectNoSecrets(sim, result);
    expect(result.githubEnv).toBe('');
  });
});
