/**
 * Where the Kendra calls' credentials come from (OIDC web identity, role chaining, ambient), what
 * reaches STS, and that the credentials stay inside the step.
 */
import { describe, expect, it } from '@jest/globals';
import { expectCleanFailure, maskedValues } from '../helpers/clean-failure.js';
import { expectNoSecrets, HAPPY_PATH, REGION, ROLE_ARN, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

/** Environment of a job without `permissions: id-token: write`. */
const NO_OIDC = {
  ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
};

const calls = () => world.sim.requests.map((request) => `${request.service}:${request.action}`);
const stsBody = (action: string) => {
  const request = world.sim.requests.find((r) => r.service === 'sts' && r.action === action);
  if (!request) throw new Error(`no sts:${action} request`);
  return { request, params: request.body as Record<string, string> };
};
const kendraStart = () => {
  const starts = world.sim.requests.filter((r) => r.action === 'StartDataSourceSyncJob');
  expect(starts).toHaveLength(1);
  return starts[0];
};

describe('OIDC web identity', () => {
  it('requests the token for the audience input, and STS accepts it from a role trusting that audience', async () => {
    world.sim.addRole(ROLE_ARN, {
      subject: 'repo:octo-org/docs:*',
      audience: 'kendra-sync.example',
    });
    const result = await world.run({ audience: 'kendra-sync.example' });
    expectCleanSuccess(result);
    expect(calls()).toEqual(HAPPY_PATH);
    const [oidc] = world.sim.requests;
    expect((oidc.body as Record<string, string>).audience).toBe('kendra-sync.example');
    expect(stsBody('AssumeRoleWithWebIdentity').request.status).toBe(200);
    expect(kendraStart().status).toBe(200);
  });

  it('passes role-session-name and role-duration-seconds to STS', async () => {
    const result = await world.run({
      'role-session-name': 'docs@ci.build-7',
      'role-duration-seconds': '3600',
    });
    expectCleanSuccess(result);
    const { params } = stsBody('AssumeRoleWithWebIdentity');
    expect(params.RoleArn).toBe(ROLE_ARN);
    expect(params.RoleSessionName).toBe('docs@ci.build-7');
    expect(params.DurationSeconds).toBe('3600');
  });

  it('prefers the OIDC token when AWS credentials are in the environment too', async () => {
    const user = world.sim.addUser('ci-user');
    const result = await world.run(
      {},
      { env: { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey } },
    );
    expectCleanSuccess(result);
    expect(calls()).toEqual(HAPPY_PATH);
    const kendra = kendraStart();
    expect(kendra.accessKeyId).toMatch(/^ASIA/);
    expect(world.sim.requests.some((r) => r.accessKeyId === user.accessKeyId)).toBe(false);
    expectNoSecrets(world.sim, result);
  });
});

describe('role chaining: role-to-assume without an OIDC token', () => {
  it('assumes the role once with the environment credentials and signs Kendra with the session', async () => {
    const user = world.sim.addUser('ci-user');
    const result = await world.run(
      {},
      {
        env: {
          ...NO_OIDC,
          AWS_ACCESS_KEY_ID: user.accessKeyId,
          AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
        },
      },
    );
    expectCleanSuccess(result);
    expect(calls()).toEqual(['sts:AssumeRole', 'kendra:StartDataSourceSyncJob']);
    const { request, params } = stsBody('AssumeRole');
    expect(request.status).toBe(200);
    expect(request.accessKeyId).toBe(user.accessKeyId);
    expect(request.region).toBe(REGION);
    expect(params.RoleArn).toBe(ROLE_ARN);
    expect(params.RoleSessionName).toBe('kendra-sync-4242-1');
    expect(params.DurationSeconds).toBe('900');

    const kendra = kendraStart();
    expect(kendra.status).toBe(200);
    // Signed with the session STS issued (the action masks its key ID), not the user's key.
    expect(kendra.accessKeyId).toMatch(/^ASIA/);
    expect(maskedValues(result.stdout)).toContain(kendra.accessKeyId);
    expect(world.sim.jobs(world.indexId, world.dataSourceId)).toHaveLength(1);
    expectNoSecrets(world.sim, result);
    expect(result.githubEnv).toBe('');
  });
});

describe('ambient credentials: no role-to-assume', () => {
  it('calls no STS and signs Kendra with the credentials in the environment', async () => {
    const user = world.sim.addUser('ci-user');
    const result = await world.run(
      { 'role-to-assume': '' },
      { env: { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey } },
    );
    expectCleanSuccess(result);
    // The OIDC variables are present, but without a role there is nothing to use a token for.
    expect(calls()).toEqual(['kendra:StartDataSourceSyncJob']);
    const kendra = kendraStart();
    expect(kendra.status).toBe(200);
    expect(kendra.accessKeyId).toBe(user.accessKeyId);
    expect(kendra.accessKeyId).toMatch(/^AKIA/);
    expect(result.outputs['execution-id']).toBe(
      world.sim.jobs(world.indexId, world.dataSourceId)[0].executionId,
    );
    expectNoSecrets(world.sim, result);
  });
});

describe('no OIDC token and nothing to chain from', () => {
  it('fails before any request, telling the user to grant id-token: write', async () => {
    const result = await world.run(
      {},
      { env: { ...NO_OIDC, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } },
    );
    expectCleanFailure(result);
    expect(result.errors).toHaveLength(1);
    const [message] = result.errors;
    expect(message).toContain('id-token: write');
    expect(message).toMatch(/fork/i);
    expect(message).toContain(ROLE_ARN);
    expect(world.sim.requests).toEqual([]);
  });
});

describe('credentials stay inside the step', () => {
  it('masks the token and every part of the session the moment they exist, and exports nothing', async () => {
    const before = world.sim.issuedSecrets().length;
    const result = await world.run({ 'wait-for-completion': 'true', 'poll-interval-seconds': '1' });
    expectCleanSuccess(result);
    expect(result.outputs.status).toBe('SUCCEEDED');

    // Issued during this run, in order: the OIDC token, then the session's secret key and token.
    const issued = world.sim.issuedSecrets().slice(before);
    expect(issued).toHaveLength(3);
    const [idToken, secretAccessKey, sessionToken] = issued;
    expect(idToken.split('.')).toHaveLength(3);
    const masked = maskedValues(result.stdout);
    expect(masked).toContain(idToken);
    expect(masked).toContain(secretAccessKey);
    expect(masked).toContain(sessionToken);
    expect(masked).toContain(kendraStart().accessKeyId);

    expectNoSecrets(world.sim, result);
    expect(result.githubEnv).toBe('');
    expect(Object.keys(result.outputs)).not.toContain('AWS_ACCESS_KEY_ID');
    const published = JSON.stringify(result.outputs) + result.summary + result.githubEnv;
    expect(published).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)/);
    expect(published).not.toMatch(/ASIA[A-Z2-7]{16}/);
  });
});
