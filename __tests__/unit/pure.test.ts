import { describe, expect, it } from '@jest/globals';
import { chooseCredentialSource } from '../../src/credentials/source.js';
import { InputError, isTransient } from '../../src/errors.js';
import { createLimiter } from '../../src/services/limiter.js';
import { inert } from '../../src/base/log.js';
import { proxyFor } from '../../src/aws/proxy.js';
import { worstOutcome } from '../../src/report/outputs.js';
import { judgeJob } from '../../src/lifecycle/judge.js';
import { KENDRA } from '../../src/services/kendra/describe.js';

import { workflowCommands } from '../../tools/runner.js';

const KENDRA_TERMS = KENDRA.terms;

const ROLE = 'arn:aws:iam::123456789012:role/kendra-sync';

describe('chooseCredentialSource', () => {
  const oidc = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };
  const keys = { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' };

  it('uses the ambient credentials when no role is given', () => {
    expect(chooseCredentialSource({}, { ...oidc, ...keys })).toEqual({ kind: 'ambient' });
  });
  it('prefers the OIDC token over credentials in the environment', () => {
    expect(chooseCredentialSource({ roleToAssume: ROLE }, { ...oidc, ...keys })).toEqual({
      kind: 'web-identity',
      roleArn: ROLE,
    });
  });
  it('chains from credentials in the environment without a token', () => {
    expect(chooseCredentialSource({ roleToAssume: ROLE }, keys)).toEqual({
      kind: 'chain',
      roleArn: ROLE,
    });
  });
  it('asks for id-token: write when there is neither', () => {
    expect(() => chooseCredentialSource({ roleToAssume: ROLE }, {})).toThrow(InputError);
    expect(() => chooseCredentialSource({ roleToAssume: ROLE }, {})).toThrow(
      /permissions: id-token: write/,
    );
  });
});

describe('inert', () => {
  it('neutralises workflow commands the runner would read', () => {
    const hostile =
      'ok\n::error::boom\n  ::add-mask::x\nsee ##[add-mask]y and ##[group]z\n::set-output name=a::b';
    expect(workflowCommands(hostile).length).toBe(5);
    expect(workflowCommands(inert(hostile))).toEqual([]);
  });
  it('leaves ordinary text readable', () => {
    expect(inert('Started sync job 1 on data source a::b')).toBe(
      'Started sync job 1 on data source a::b',
    );
  });
});

describe('worstOutcome', () => {
  it('ranks failures above partial results above success, in the contract order', () => {
    expect(worstOutcome(['succeeded', 'incomplete', 'succeeded'])).toBe('incomplete');
    expect(worstOutcome(['succeeded', 'stopped', 'failed'])).toBe('failed');
    expect(worstOutcome(['succeeded', 'started'])).toBe('started');
    expect(worstOutcome(['skipped', 'started', 'timed-out', 'stopped'])).toBe('timed-out');
    expect(worstOutcome(['succeeded', 'skipped'])).toBe('skipped');
    expect(worstOutcome([])).toBeUndefined();
  });
});

describe('judgeJob', () => {
  const target = { containerId: 'i', dataSourceId: 'd', dataSourceName: 'web' };
  const kendra = { terms: KENDRA_TERMS };
  const outcomes = {
    SUCCEEDED: 'succeeded',
    INCOMPLETE: 'incomplete',
    FAILED: 'failed',
    ABORTED: 'stopped',
  } as const;
  const job = (status: keyof typeof outcomes, failed = 0) => ({
    executionId: 'e',
    dataSourceId: 'd',
    status,
    outcome: outcomes[status],
    metrics: { added: 1, modified: 0, deleted: 0, failed, scanned: 1, skipped: 0 },
    errorMessage: status === 'SUCCEEDED' ? undefined : 'Kendra said no',
  });
  it("fails FAILED and ABORTED always, with Kendra's message", () => {
    expect(judgeJob(kendra, job('FAILED'), false, target).failure).toMatch(
      /ended FAILED: Kendra said no/,
    );
    expect(judgeJob(kendra, job('ABORTED'), false, target).failure).toMatch(/ended ABORTED/);
  });
  it('fails INCOMPLETE only with fail-on-incomplete', () => {
    expect(judgeJob(kendra, job('INCOMPLETE', 2), true, target).failure).toMatch(
      /fail-on-incomplete: false/,
    );
    const lenient = judgeJob(kendra, job('INCOMPLETE', 2), false, target);
    expect(lenient.failure).toBeUndefined();
    expect(lenient.warnings.join()).toMatch(/2 document\(s\) failed/);
  });
  it('passes SUCCEEDED without warnings', () => {
    expect(judgeJob(kendra, job('SUCCEEDED'), true, target)).toEqual({ warnings: [] });
  });
});

describe('createLimiter', () => {
  it('never runs more than the limit at once, and runs everything', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const task = async (i: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5 + (i % 3)));
      running--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limit(() => task(i))));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });
});

describe('proxyFor', () => {
  const env = {
    HTTPS_PROXY: 'http://proxy:3128',
    NO_PROXY: 'localhost,.internal.example,10.0.0.1:8443',
  };
  it('uses the proxy unless NO_PROXY matches host, domain or host:port', () => {
    expect(proxyFor(new URL('https://kendra.us-east-1.amazonaws.com'), env)).toBe(
      'http://proxy:3128',
    );
    expect(proxyFor(new URL('https://localhost:9000'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://a.internal.example'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://10.0.0.1:8443'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://10.0.0.1'), env)).toBe('http://proxy:3128');
    expect(proxyFor(new URL('http://plain.example'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://any'), { ...env, NO_PROXY: '*' })).toBeUndefined();
  });
});

describe('isTransient', () => {
  const named = (name: string, extra: object = {}) =>
    Object.assign(new Error('x'), { name, ...extra });
  it('counts throttling, server faults, dropped connections and STS failing to reach the IdP', () => {
    expect(isTransient(named('ThrottlingException'))).toBe(true);
    expect(isTransient(named('IDPCommunicationErrorException'))).toBe(true);
    expect(isTransient(named('Whatever', { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isTransient(named('Error', { code: 'ECONNRESET' }))).toBe(true);
  });
  it('does not count errors that will not go away by themselves', () => {
    expect(
      isTransient(named('AccessDeniedException', { $metadata: { httpStatusCode: 400 } })),
    ).toBe(false);
    expect(isTransient(named('ResourceNotFoundException'))).toBe(false);
  });
});
