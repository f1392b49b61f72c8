/**
 * The AWS SDK's standard environment, as a user's runner may set it: a named profile in a shared
 * credentials file (the source for role chaining, or the credentials themselves), and the
 * service-independent AWS_ENDPOINT_URL.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoSecrets, HAPPY_PATH, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

const NO_OIDC = {
  ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
};

/** A shared credentials file with the user's keys under [docs-ci]. */
function profileEnv(): { env: Record<string, string>; accessKeyId: string } {
  const user = world.sim.addUser('docs-ci');
  const dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-profile-'));
  const file = path.join(dir, 'credentials');
  writeFileSync(
    file,
    `[docs-ci]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
  );
  return {
    env: { AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'docs-ci' },
    accessKeyId: user.accessKeyId,
  };
}

const calls = () => world.sim.requests.map((request) => `${request.service}:${request.action}`);

describe('AWS_PROFILE', () => {
  it('is the source for role chaining when the job has no OIDC token', async () => {
    const { env, accessKeyId } = profileEnv();
    const result = await world.run({}, { env: { ...NO_OIDC, ...env } });
    expectCleanSuccess(result);
    expect(calls()).toEqual(['sts:AssumeRole', 'kendra:StartDataSourceSyncJob']);
    expect(world.sim.requests[0].accessKeyId).toBe(accessKeyId);
    expect(world.sim.requests[1].accessKeyId).toMatch(/^ASIA/);
    expectNoSecrets(world.sim, result);
  });

  it('gives the credentials themselves when no role is to be assumed', async () => {
    const { env, accessKeyId } = profileEnv();
    const result = await world.run({ 'role-to-assume': '' }, { env: { ...NO_OIDC, ...env } });
    expectCleanSuccess(result);
    expect(calls()).toEqual(['kendra:StartDataSourceSyncJob']);
    expect(world.sim.requests[0].accessKeyId).toBe(accessKeyId);
  });
});

describe('AWS_ENDPOINT_URL', () => {
  it('points STS and Kendra at one endpoint when no service-specific one is set', async () => {
    const result = await world.run(
      {},
      {
        env: {
          AWS_ENDPOINT_URL_STS: undefined,
          AWS_ENDPOINT_URL_KENDRA: undefined,
          AWS_ENDPOINT_URL: world.sim.url,
        },
      },
    );
    expectCleanSuccess(result);
    expect(calls()).toEqual(HAPPY_PATH);
  });
});
