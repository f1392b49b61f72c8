/**
 * The fault matrix: the committed bundle against the simulator while OIDC, STS or Kendra
 * misbehave. Each case checks the outcome in the user's terms, how many requests each service
 * got (retries happen, but no retry storm), that the step ends in bounded time, and that no
 * secret reaches the log. The slow "endpoint never answers" case is in hang.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { workflowCommands, type RunResult } from '../../tools/runner.js';
import { expectNoSecrets, ROLE_ARN, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

/** Hang guard: the harness kills the step after this; each case asserts a much lower bound. */
const HANG_GUARD_MS = 40_000;
/** Generous upper bound for a step that should take a second or two, retries included. */
const BOUNDED_MS = 15_000;

/** A port nothing listens on: bound, noted, closed. Connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function count(service: string, action?: string): number {
  return world.sim.countOf(service, action);
}

function expectSuccess(result: RunResult): void {
  expectCleanSuccess(result);
  expect(result.timedOut).toBe(false);
  expect(result.durationMs).toBeLessThan(BOUNDED_MS);
  expectNoSecrets(world.sim, result);
}

/** Failed with exactly one `::error::`, in bounded time, without a stack trace or a leak. */
function expectFailure(result: RunResult): string {
  expect(result.timedOut).toBe(false);
  expect(result.code).toBe(1);
  expect(result.durationMs).toBeLessThan(BOUNDED_MS);
  expect(result.errors).toHaveLength(1);
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expectNoSecrets(world.sim, result);
  return result.errors[0];
}

const run = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  world.run(inputs, { env, timeoutMs: HANG_GUARD_MS });

describe('the OIDC token service misbehaves', () => {
  it('answers 500 once: the token request is retried and the step succeeds', async () => {
    world.sim.fault({ service: 'oidc', kind: 'error', status: 500, times: 1 });
    const result = await run();
    expectSuccess(result);
    expect(count('oidc', 'GetIdToken')).toBe(2);
    expect(count('sts', 'AssumeRoleWithWebIdentity')).toBe(1);
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(1);
    expect(result.outputs['execution-id']).toMatch(/\S/);
  });

  it('answers 503 every time: gives up after 3 token requests, saying so', async () => {
    world.sim.fault({ service: 'oidc', kind: 'error', status: 503 });
    const result = await run();
    const message = expectFailure(result);
    expect(message).toContain("Could not get the job's OIDC token");
    expect(message).toContain('HTTP 503 (3 attempts)');
    expect(count('oidc', 'GetIdToken')).toBe(3);
    expect(count('sts')).toBe(0);
    expect(count('kendra')).toBe(0);
  });

  it('is down (connection refused): fails after 3 attempts, saying why, with no AWS call', async () => {
    const port = await closedPort();
    const result = await run(
      {},
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/oidc/token?api-version=2.0`,
      },
    );
    const message = expectFailure(result);
    expect(message).toContain("Could not get the job's OIDC token");
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('connection refused');
    expect(message).toContain('3 attempts');
    expect(world.sim.requests).toEqual([]);
    expect(result.outputs).toEqual({});
  });
});

describe('STS misbehaves', () => {
  it('throttles once: the SDK retries and the step succeeds with 2 STS calls', async () => {
    world.sim.fault({ service: 'sts', kind: 'error', code: 'Throttling', times: 1 });
    const result = await run();
    expectSuccess(result);
    expect(count('sts', 'AssumeRoleWithWebIdentity')).toBe(2);
    expect(count('oidc')).toBe(1);
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(1);
  });

  it('answers 503 once: the SDK retries and the step succeeds with 2 STS calls', async () => {
    world.sim.fault({ service: 'sts', kind: 'error', status: 503, times: 1 });
    const result = await run();
    expectSuccess(result);
    expect(count('sts', 'AssumeRoleWithWebIdentity')).toBe(2);
    expect(count('oidc')).toBe(1);
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(1);
  });

  it('denies the role (trust policy): fails pointing at the trust policy, no retry storm', async () => {
    world.sim.setSubject('repo:someone-else/fork:ref:refs/heads/main');
    const result = await run();
    const message = expectFailure(result);
    expect(message).toContain(`Could not assume role ${ROLE_ARN}`);
    expect(message).toContain('AccessDenied');
    expect(message).toContain('trust policy');
    expect(message).toContain('repo:someone-else/fork:ref:refs/heads/main');
    expect(count('sts')).toBeLessThanOrEqual(2);
    expect(count('kendra')).toBe(0);
  });

  it('rejects the token (InvalidIdentityToken): fails naming the OIDC provider, no retry storm', async () => {
    world.sim.fault({
      service: 'sts',
      kind: 'error',
      status: 400,
      code: 'InvalidIdentityToken',
      message:
        'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
    });
    const result = await run();
    const message = expectFailure(result);
    expect(message).toContain('STS rejected the token');
    expect(message).toContain('No OpenIDConnect provider found');
    expect(message).toContain(
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    );
    expect(count('sts')).toBeLessThanOrEqual(2);
    expect(count('kendra')).toBe(0);
  });

  it('sends a reply cut off mid-document: fails saying it could not be read', async () => {
    world.sim.fault({ service: 'sts', kind: 'malformed' });
    const result = await run();
    const message = expectFailure(result);
    expect(message).toContain(`Could not assume role ${ROLE_ARN}`);
    expect(message).toContain('could not be read');
    expect(message).toContain('missing closing tag');
    // The SDK's hint for developers ("inspect the hidden field {error}.$response") is left out.
    expect(message).not.toContain('$response');
    expect(count('sts')).toBe(1);
    expect(count('kendra')).toBe(0);
  });
});

describe('Kendra misbehaves', () => {
  it('throttles every other call: each is retried and a waited sync succeeds', async () => {
    world.sim.fault({ service: 'kendra', kind: 'error', code: 'ThrottlingException', every: 2 });
    const result = await run({ 'wait-for-completion': 'true', 'poll-interval-seconds': '1' });
    expectSuccess(result);
    expect(result.outputs.status).toBe('SUCCEEDED');
    // The first Start was throttled, the retry started the one job.
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(2);
    expect(world.sim.jobs(world.indexId, world.dataSourceId)).toHaveLength(1);
    const throttled = world.sim.requests.filter((r) => r.errorCode === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(throttled.some((r) => r.action === 'ListDataSourceSyncJobs')).toBe(true);
  });

  it('has an internal error twice, then starts: 3 Start calls and success', async () => {
    world.sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'error',
      code: 'InternalServerException',
      times: 2,
    });
    const result = await run();
    expectSuccess(result);
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(3);
    const [job] = world.sim.jobs(world.indexId, world.dataSourceId);
    expect(result.outputs['execution-id']).toBe(job.executionId);
  });

  it('resets the connection once: the start is retried and succeeds', async () => {
    world.sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'reset',
      times: 1,
    });
    const result = await run();
    expectSuccess(result);
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(2);
    expect(world.sim.jobs(world.indexId, world.dataSourceId)).toHaveLength(1);
  });

  it.each(['wait', 'skip', 'fail'])(
    'loses the answer after starting the job (if-running: %s): the retry adopts that job, no second sync',
    async (ifRunning) => {
      world.sim.fault({
        service: 'kendra',
        action: 'StartDataSourceSyncJob',
        kind: 'lost-answer',
        times: 1,
      });
      const result = await run({
        'if-running': ifRunning,
        'wait-for-completion': 'true',
        'poll-interval-seconds': '1',
      });
      expectSuccess(result);
      // The first attempt started the job; the SDK's retry met ResourceInUseException.
      expect(count('kendra', 'StartDataSourceSyncJob')).toBe(2);
      const jobs = world.sim.jobs(world.indexId, world.dataSourceId);
      expect(jobs).toHaveLength(1);
      expect(result.outputs['execution-id']).toBe(jobs[0].executionId);
      expect(result.outputs.skipped).toBe('false');
      expect(result.outputs.status).toBe('SUCCEEDED');
      expect(result.stdout).toContain(
        'was lost; the retry found the job that first attempt started',
      );
    },
  );

  it('denies StartDataSourceSyncJob: fails naming the action and resource after 1 call', async () => {
    const limited = 'arn:aws:iam::123456789012:role/kendra-sync-readonly';
    world.sim.addRole(limited, {
      subject: 'repo:octo-org/docs:*',
      allow: ['kendra:ListDataSourceSyncJobs'],
    });
    const result = await run({ 'role-to-assume': limited });
    const message = expectFailure(result);
    expect(message).toContain('Access denied');
    expect(message).toContain('kendra:StartDataSourceSyncJob');
    expect(message).toContain(
      `arn:aws:kendra:us-east-1:123456789012:index/${world.indexId}/data-source/${world.dataSourceId}`,
    );
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(1);
    expect(count('kendra')).toBe(1);
    expect(world.sim.jobs(world.indexId, world.dataSourceId)).toEqual([]);
  });

  it('refuses connections: fails quickly saying connection refused', async () => {
    const port = await closedPort();
    const result = await run({}, { AWS_ENDPOINT_URL_KENDRA: `http://127.0.0.1:${port}` });
    const message = expectFailure(result);
    expect(message).toContain('StartDataSourceSyncJob failed');
    expect(message).toContain(`Kendra at http://127.0.0.1:${port}`);
    expect(message).toContain('connection refused');
    expect(count('sts')).toBe(1);
    expect(count('kendra')).toBe(0);
  });

  it('sends a reply cut off mid-document: fails saying it could not be read', async () => {
    world.sim.fault({ service: 'kendra', action: 'StartDataSourceSyncJob', kind: 'malformed' });
    const result = await run();
    const message = expectFailure(result);
    expect(message).toContain('Kendra StartDataSourceSyncJob failed');
    expect(message).toContain('could not be read');
    expect(message).not.toContain('$response');
    // Not retried: the job may have started; the reply was lost, not the request.
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(1);
  });

  it('sends an error message carrying workflow commands: printed, but inert', async () => {
    const injected =
      'bad\n::error::INJECTED-ERROR\n  ::add-mask::INJECTED-MASK\nsee ##[add-mask]INJECTED-LEGACY';
    world.sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'error',
      code: 'ValidationException',
      message: injected,
    });
    const result = await run();
    const message = expectFailure(result);
    // The user still sees what Kendra said ...
    expect(message).toContain('Kendra rejected the request');
    for (const text of ['INJECTED-ERROR', 'INJECTED-MASK', 'INJECTED-LEGACY']) {
      expect(message).toContain(text);
    }
    // ... but the runner acts on no command carrying the injected text: only the step's own
    // `::error::` line holds it, as data.
    const carrying = workflowCommands(result.stdout).filter(({ line }) =>
      line.includes('INJECTED'),
    );
    expect(carrying.map(({ command }) => command)).toEqual(['error']);
    expect(carrying[0].line.startsWith('::error::Kendra StartDataSourceSyncJob failed')).toBe(true);
    expect(count('kendra', 'StartDataSourceSyncJob')).toBe(1);
  });
});
