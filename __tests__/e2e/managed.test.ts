/**
 * Managed knowledge bases (Bedrock, since 2026-06-17) through the committed bundle, against the
 * simulator: connectors created or updated asynchronously (waited for, or failed with their
 * reasons).
 */
import { describe, expect, it } from '@jest/globals';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { useBedrockWorld } from '../helpers/world.js';

const world = useBedrockWorld({
  knowledgeBase: { name: 'managed-kb', type: 'MANAGED' },
  dataSources: [{ name: 'docs-site', connector: 'WEB' }],
  startIntervalMs: 0,
});

const WAIT = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' };

const bedrockCalls = () =>
  world.sim.requests
    .filter((r) => r.service === 'bedrock')
    .map((r) => `${r.action} ${r.errorCode ?? r.status}`);

describe('a data source that is not ready yet', () => {
  it.each(['ValidationException', 'ConflictException', 'FAILED_JOB'] as const)(
    'created a moment before the step (a start answered %s): waited for, then synced',
    async (answer) => {
      world.sim.setNotReadyStart(answer);
      const wiki = world.sim.addBedrockDataSource(world.knowledgeBaseId, {
        name: 'wiki',
        connector: 'CONFLUENCE',
        status: 'CREATING',
        // Longer than a job that fails at once takes to be seen failed (2 s + a poll).
        readyInMs: 5000,
      });
      const result = await world.run({ ...WAIT, 'data-source-id': wiki });
      expectCleanSuccess(result);
      expect(result.outputs.outcome).toBe('succeeded');
      expect(result.stdout).toContain(`Data source ${wiki} is CREATING, not ready to sync`);
      expect(result.stdout).toMatch(new RegExp(`Data source ${wiki} is ready after \\d+s`));
      const calls = bedrockCalls();
      const refused = answer === 'FAILED_JOB' ? 202 : answer;
      expect(calls[0]).toBe(`StartIngestionJob ${refused}`);
      expect(calls).toContain('GetDataSource 200');
      expect(calls.filter((c) => c === 'StartIngestionJob 202')).toHaveLength(
        answer === 'FAILED_JOB' ? 2 : 1,
      );
      const jobs = world.sim.ingestionJobs(world.knowledgeBaseId, wiki);
      expect(jobs.at(-1)?.status).toBe('COMPLETE');
      expect(result.outputs['execution-id']).toBe(jobs.at(-1)?.ingestionJobId);
      if (answer === 'FAILED_JOB') {
        // The second start is a new request, not a retry of the first.
        expect(jobs[0].clientToken).not.toBe(jobs[1].clientToken);
        expect(result.stdout).toMatch(/ended FAILED at once: the data source is CREATING/);
      }
    },
  );

  it('one whose creation failed: the step fails with its reasons, and starts nothing', async () => {
    const reasons = 'The Confluence credentials in the secret were rejected.';
    const wiki = world.sim.addBedrockDataSource(world.knowledgeBaseId, {
      name: 'wiki',
      connector: 'CONFLUENCE',
      status: 'CREATING',
      readyInMs: 1500,
      failureReasons: [reasons],
    });
    const result = await world.run({ ...WAIT, 'data-source-id': wiki });
    expect(result.code).toBe(1);
    expect(result.errors.join('\n')).toContain(
      `Data source ${wiki} cannot sync: Bedrock says it is FAILED: The Confluence credentials in the secret were rejected. Fix the data source`,
    );
    expect(result.outputs.outcome).toBe('failed');
    expect(result.summary).toContain(reasons);
    expect(world.sim.ingestionJobs(world.knowledgeBaseId, wiki)).toEqual([]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an AVAILABLE data source: exactly the three requests of the happy path', async () => {
    const result = await world.run();
    expectCleanSuccess(result);
    expect(world.sim.requests.map((r) => `${r.service}:${r.action}`)).toEqual([
      'oidc:GetIdToken',
      'sts:AssumeRoleWithWebIdentity',
      'bedrock:StartIngestionJob',
    ]);
  });
});
