/**
 * AWS errors, as the real STS/Kendra simulator produces them, translated into what to change:
 * one `::error::`, exit 1, no stack trace, and permanent errors are not retried.
 */
import { describe, expect, it } from '@jest/globals';
import { expectCleanFailure } from '../helpers/clean-failure.js';
import type { RunResult } from '../helpers/action.js';
import { REGION, ROLE_ARN, useWorld } from '../helpers/world.js';

const world = useWorld();

/** The `sub` of this job's token (the simulator's default subject). */
const JOB_SUBJECT = 'repo:octo-org/docs:ref:refs/heads/main';
const ACCOUNT = '123456789012';

/** The one `::error::` of a cleanly failed run. */
function failure(result: RunResult): string {
  expectCleanFailure(result);
  expect(result.errors).toHaveLength(1);
  return result.errors[0];
}

/** How many requests of each kind the simulator answered, e.g. {'sts:AssumeRole': 1}. */
function calls(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { service, action } of world.sim.requests) {
    counts[`${service}:${action}`] = (counts[`${service}:${action}`] ?? 0) + 1;
  }
  return counts;
}

describe('STS refuses the role', () => {
  it("AccessDenied from the trust policy's sub condition names the role, the trust policy, the job's sub and the audience", async () => {
    world.sim.addRole(ROLE_ARN, { subject: 'repo:other/*' });
    const message = failure(await world.run());
    expect(message).toContain(ROLE_ARN);
    expect(message).toMatch(/trust policy/);
    expect(message).toContain(JOB_SUBJECT);
    expect(message).toContain('sts.amazonaws.com');
    expect(message).toContain('AccessDenied');
    expect(calls()).toEqual({ 'oidc:GetIdToken': 1, 'sts:AssumeRoleWithWebIdentity': 1 });
  });

  it('InvalidIdentityToken for an audience the OIDC provider does not list shows the audience input', async () => {
    // The provider and role expect the default audience; the workflow asked for another one.
    // Real STS answers InvalidIdentityToken "Incorrect token audience", not AccessDenied.
    const result = await world.run({ audience: 'https://github.com/octo-org' });
    const message = failure(result);
    expect(world.sim.requests[0]).toMatchObject({
      service: 'oidc',
      body: { audience: 'https://github.com/octo-org' },
    });
    expect(message).toContain(ROLE_ARN);
    expect(message).toContain('Incorrect token audience');
    expect(message).toMatch(/OIDC identity provider/);
    expect(message).toContain('"https://github.com/octo-org"');
    expect(message).toMatch(/audience/);
    expect(calls()).toEqual({ 'oidc:GetIdToken': 1, 'sts:AssumeRoleWithWebIdentity': 1 });
  });

  it('InvalidIdentityToken points at the OIDC identity provider', async () => {
    world.sim.fault({
      service: 'sts',
      action: 'AssumeRoleWithWebIdentity',
      kind: 'error',
      status: 400,
      code: 'InvalidIdentityToken',
      message:
        'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
    });
    const message = failure(await world.run());
    expect(message).toContain(ROLE_ARN);
    expect(message).toMatch(/OIDC identity provider/);
    expect(message).toContain(
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    );
    expect(message).toContain('No OpenIDConnect provider found');
    expect(calls()).toEqual({ 'oidc:GetIdToken': 1, 'sts:AssumeRoleWithWebIdentity': 1 });
  });

  it("role-duration-seconds above the role's MaxSessionDuration names role-duration-seconds", async () => {
    world.sim.addRole(ROLE_ARN, {
      subject: 'repo:octo-org/docs:*',
      maxSessionDurationSeconds: 3600,
    });
    const message = failure(await world.run({ 'role-duration-seconds': '7200' }));
    expect(message).toContain(ROLE_ARN);
    expect(message).toContain('role-duration-seconds');
    expect(message).toMatch(/MaxSessionDuration/);
    const sts = world.sim.requests.filter((r) => r.service === 'sts');
    expect(sts.map((r) => (r.body as Record<string, string>).DurationSeconds)).toEqual(['7200']);
    expect(calls()).toEqual({ 'oidc:GetIdToken': 1, 'sts:AssumeRoleWithWebIdentity': 1 });
  });
});

describe('STS refuses role chaining', () => {
  it('AccessDenied on sts:AssumeRole names the role and the principal, and is not retried', async () => {
    const user = world.sim.addUser('ci-user', { allowAssumeRole: false });
    const message = failure(
      await world.run(
        {},
        {
          env: {
            ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
            AWS_ACCESS_KEY_ID: user.accessKeyId,
            AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
          },
        },
      ),
    );
    expect(message).toContain(ROLE_ARN);
    expect(message).toContain(user.arn);
    expect(message).toContain('sts:AssumeRole');
    expect(message).toMatch(/trust policy/);
    expect(calls()).toEqual({ 'sts:AssumeRole': 1 });
    expect(world.sim.requests[0].accessKeyId).toBe(user.accessKeyId);
  });
});

describe('Kendra refuses the sync', () => {
  it('AccessDeniedException names the missing action and the data source ARN', async () => {
    world.sim.addRole(ROLE_ARN, {
      subject: 'repo:octo-org/docs:*',
      allow: ['kendra:ListDataSourceSyncJobs', 'kendra:StopDataSourceSyncJob'],
    });
    const message = failure(await world.run());
    expect(message).toContain('kendra:StartDataSourceSyncJob');
    expect(message).toContain(
      `arn:aws:kendra:${REGION}:${ACCOUNT}:index/${world.indexId}/data-source/${world.dataSourceId}`,
    );
    expect(calls()).toEqual({
      'oidc:GetIdToken': 1,
      'sts:AssumeRoleWithWebIdentity': 1,
      'kendra:StartDataSourceSyncJob': 1,
    });
    expect(world.sim.requests[2]).toMatchObject({ errorCode: 'AccessDeniedException' });
    expect(world.sim.jobs(world.indexId, world.dataSourceId)).toEqual([]);
  });

  it('ResourceNotFoundException for an unknown data source names it and the region', async () => {
    const message = failure(await world.run({ 'data-source-id': 'no-such-source' }));
    expect(message).toContain('no-such-source');
    expect(message).toContain(world.indexId);
    expect(message).toContain(REGION);
    expect(message).toContain('ResourceNotFoundException');
    expect(calls()).toEqual({
      'oidc:GetIdToken': 1,
      'sts:AssumeRoleWithWebIdentity': 1,
      'kendra:StartDataSourceSyncJob': 1,
    });
  });

  it('ResourceNotFoundException for an unknown index names it and the region', async () => {
    const unknownIndex = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const message = failure(await world.run({ 'index-id': unknownIndex }));
    expect(message).toContain(unknownIndex);
    expect(message).toContain(REGION);
    expect(message).toContain('ResourceNotFoundException');
    expect(calls()).toEqual({
      'oidc:GetIdToken': 1,
      'sts:AssumeRoleWithWebIdentity': 1,
      'kendra:StartDataSourceSyncJob': 1,
    });
  });

  it('a sync already running under if-running: fail names the data source and the running execution', async () => {
    const running = world.sim.addJob(world.indexId, world.dataSourceId, {
      status: 'SYNCING',
      startTime: new Date(Date.now() - 60_000),
      script: { syncingMs: 60_000 },
    });
    const result = await world.run({ 'if-running': 'fail' });
    const message = failure(result);
    expect(message).toContain(world.dataSourceId);
    expect(message).toContain(running);
    expect(message).toContain('if-running');
    expect(calls()).toEqual({
      'oidc:GetIdToken': 1,
      'sts:AssumeRoleWithWebIdentity': 1,
      'kendra:StartDataSourceSyncJob': 1,
      'kendra:ListDataSourceSyncJobs': 1,
    });
    // Nothing new was started and the running job was left alone.
    const jobs = world.sim.jobs(world.indexId, world.dataSourceId);
    expect(jobs.map((job) => job.executionId)).toEqual([running]);
    expect(jobs[0].stopRequested).toBe(false);
  });
});

describe('the runner refuses the OIDC token', () => {
  it('a 403 from the token endpoint mentions id-token: write', async () => {
    // The runner's token service refuses a request token that does not grant id-token: write.
    const message = failure(
      await world.run({}, { env: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-request-token' } }),
    );
    expect(message).toContain('id-token: write');
    expect(message).toContain('403');
    expect(calls()).toEqual({ 'oidc:GetIdToken': 1 });
    expect(world.sim.requests[0].status).toBe(403);
  });
});
