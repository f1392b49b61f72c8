/**
 * Waits that outlive the assumed-role credentials, end to end with the committed bundle. The
 * simulator makes credentials really expire after 2 s (Kendra then answers
 * ExpiredTokenException), so a ~6 s job stands for a wait longer than role-duration-seconds.
 */
import { describe, expect, it } from '@jest/globals';
import { kendraCalls, LIST, WAIT } from '../helpers/lifecycle.js';
import { expectNoSecrets, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

const METRICS = { added: 9, modified: 2, deleted: 1, failed: 0, scanned: 12 };

/** The OIDC tokens the STS calls were made with (secrets: compared, never printed). */
function webIdentityTokens(): string[] {
  return world.sim.requests
    .filter((r) => r.service === 'sts' && r.action === 'AssumeRoleWithWebIdentity')
    .map((r) => (r.body as Record<string, string>).WebIdentityToken);
}

describe('credentials that expire during the wait', () => {
  it('are refreshed before they expire, each time with a fresh OIDC token', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.setCredentialLifetime(2);
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 3000,
      indexingMs: 3000,
      metrics: METRICS,
    });
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    const [job] = sim.jobs(indexId, dataSourceId);
    expect(result.outputs['execution-id']).toBe(job.executionId);
    expect(result.outputs.status).toBe('SUCCEEDED');
    expect(result.outputs['documents-added']).toBe('9');

    const sts = sim.countOf('sts', 'AssumeRoleWithWebIdentity');
    expect(sts).toBeGreaterThan(1);
    expect(sim.countOf('oidc', 'GetIdToken')).toBe(sts);
    const tokens = webIdentityTokens();
    expect(new Set(tokens).size).toBe(tokens.length);
    // Refreshed ahead of expiry: Kendra never saw expired credentials, and the polls were
    // signed with more than one set of them.
    const calls = sim.requests.filter((r) => r.service === 'kendra');
    expect(calls.filter((r) => r.errorCode === 'ExpiredTokenException')).toEqual([]);
    expect(calls.every((r) => r.status === 200)).toBe(true);
    expect(new Set(calls.map((r) => r.accessKeyId)).size).toBeGreaterThan(1);
    expectNoSecrets(sim, result);
  });

  it('recovers when credentials expire long before their stated Expiration (ExpiredTokenException)', async () => {
    const { sim, indexId, dataSourceId } = world;
    // STS says the credentials last an hour; they really last 2 s.
    sim.setCredentialLifetime(2, 3600);
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 3000,
      indexingMs: 3000,
      metrics: METRICS,
    });
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(result.outputs.status).toBe('SUCCEEDED');
    expect(result.outputs['documents-scanned']).toBe('12');

    const lists = kendraCalls(sim, LIST);
    const expired = lists.filter((r) => r.errorCode === 'ExpiredTokenException');
    expect(expired.length).toBeGreaterThanOrEqual(1);
    // Each expired answer is followed by a successful poll with different credentials.
    for (const request of expired) {
      const next = lists[lists.indexOf(request) + 1];
      expect(next.status).toBe(200);
      expect(next.accessKeyId).not.toBe(request.accessKeyId);
    }
    expect(lists.at(-1)!.status).toBe(200);
    expect(sim.countOf('sts', 'AssumeRoleWithWebIdentity')).toBe(expired.length + 1);
    const tokens = webIdentityTokens();
    expect(new Set(tokens).size).toBe(tokens.length);
    expectNoSecrets(sim, result);
  });
});
