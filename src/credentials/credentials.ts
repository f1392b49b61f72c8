import * as core from '@actions/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import * as log from '../base/log.js';
import { chooseCredentialSource, type CredentialInputs, type CredentialSource } from './source.js';
import { ActionError } from '../errors.js';
import { requestIdToken, startIdTokenRequest, tokenClaims } from './oidc.js';
import type { AssumedRole, Sts } from './sts.js';
import type { Clock } from '../time.js';

/** The credentials every service call uses, refreshed before they expire. */
export interface Credentials {
  /** Undefined: the SDK's default chain (environment, profile, ...), as the workflow set it up. */
  provider?: AwsCredentialIdentityProvider & { memoized: true };
  /** Settles once the first credentials are there; rejects with why they could not be had. */
  ready: Promise<void>;
  /** Settles once the first STS request is on the wire, or credentials failed before it. */
  sent: Promise<void>;
  /** Drops the current credentials so the next request gets fresh ones (after ExpiredToken). */
  invalidate(): void;
  /** The assumed role's session ARN, once known: error messages name it. */
  principal(): string | undefined;
  close(): void;
}

/**
 * Starts getting credentials as the inputs say: the job's OIDC token and AssumeRoleWithWebIdentity,
 * AssumeRole chained from credentials in the environment, or those credentials as they are.
 * Returns as soon as the first STS request is under way, so the caller can load its service
 * meanwhile; `ready` tells how it went. Under OIDC each refresh uses a fresh token.
 */
export async function startCredentials(
  inputs: CredentialInputs,
  env: NodeJS.ProcessEnv,
  clock: Clock,
): Promise<Credentials> {
  const source = chooseCredentialSource(inputs, env);
  log.debug(`Credentials: ${describeSource(source, inputs.audience)}.`);
  if (source.kind === 'ambient') {
    return {
      ready: Promise.resolve(),
      sent: Promise.resolve(),
      invalidate: () => undefined,
      principal: () => undefined,
      close: () => undefined,
    };
  }
  // The token request leaves before the STS client loads, so loading overlaps its round trip.
  const nextToken = source.kind === 'web-identity' ? await oidcTokens(inputs.audience) : undefined;
  // The seam that loads the STS client: runs with ambient credentials never load it.
  const { Sts } = await import('./sts.js');
  let markSent = (): void => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const sts = await Sts.open(inputs.region, () => markSent());
  let assumedRoleArn: string | undefined;
  const fetchSession = async (): Promise<Session> => {
    const obtainedAt = clock.now();
    const assumed = await assumeRole(sts, source.roleArn, inputs, await nextToken?.());
    assumedRoleArn = assumed.assumedRoleArn;
    return { identity: toIdentity(assumed), obtainedAt };
  };
  const { provider, invalidate } = refreshing(fetchSession, clock);
  const ready = provider().then(() => undefined);
  // Reported once, by whoever awaits `ready`.
  ready.catch(() => undefined);
  ready.then(markSent, markSent);
  return {
    provider,
    ready,
    sent,
    invalidate,
    principal: () => assumedRoleArn,
    close: () => sts.close(),
  };
}

/** The job's OIDC tokens: the first requested at once (it goes first on the wire), each later one fresh. */
async function oidcTokens(audience: string): Promise<() => Promise<string>> {
  const first = startIdTokenRequest(audience);
  await first.sent;
  let firstToken: Promise<string> | undefined = first.token;
  return () => {
    const token = firstToken ?? requestIdToken(audience);
    firstToken = undefined;
    return token;
  };
}

/** One AssumeRole (with the OIDC token when there is one: AssumeRoleWithWebIdentity). */
async function assumeRole(
  sts: Sts,
  roleArn: string,
  inputs: CredentialInputs,
  token: string | undefined,
): Promise<AssumedRole> {
  // Of the token's claims only these two: what the role's trust policy compares.
  const subject = token ? tokenClaims(token).sub : undefined;
  if (token) log.debug(`OIDC token for audience ${inputs.audience}, subject ${subject}.`);
  return sts.assume({
    roleArn,
    roleSessionName: inputs.roleSessionName,
    durationSeconds: inputs.roleDurationSeconds,
    webIdentityToken: token,
    audience: inputs.audience,
    subject,
  });
}

/**
 * A credential provider over `fetchSession` that refreshes ahead of expiry: concurrent callers
 * share one refresh, and a failed refresh does not stick (the next request tries again).
 */
function refreshing(
  fetchSession: () => Promise<Session>,
  clock: Clock,
): { provider: NonNullable<Credentials['provider']>; invalidate: () => void } {
  let current: Promise<Session> | undefined;
  const refresh = (): Promise<Session> => {
    const next = fetchSession();
    current = next;
    next.catch(() => {
      if (current === next) current = undefined;
    });
    return next;
  };
  const provider = Object.assign(
    async (): Promise<AwsCredentialIdentity> => {
      const pending = current ?? refresh();
      const session = await pending;
      if (!needsRefresh(session, clock.now())) return session.identity;
      // Concurrent callers that saw the same old session share one refresh.
      if (current === pending) refresh();
      return (await (current ?? refresh())).identity;
    },
    { memoized: true as const },
  );
  return { provider, invalidate: () => (current = undefined) };
}

/** Which credentials the step uses, and why: for a maintainer reading a debug log. */
function describeSource(source: CredentialSource, audience: string): string {
  switch (source.kind) {
    case 'web-identity':
      return `AssumeRoleWithWebIdentity into ${source.roleArn} with the job's OIDC token (audience ${audience})`;
    case 'chain':
      return `AssumeRole into ${source.roleArn} with the AWS credentials in the environment (the job has no OIDC token)`;
    case 'ambient':
      return "the AWS SDK's default chain as the environment sets it up (role-to-assume is empty)";
  }
}

interface Session {
  identity: AwsCredentialIdentity;
  obtainedAt: number;
}

/** Refresh ahead of expiry: five minutes early, or halfway through a shorter lifetime. */
function needsRefresh({ identity, obtainedAt }: Session, now: number): boolean {
  if (!identity.expiration) return false;
  const expiresAt = identity.expiration.getTime();
  const margin = Math.min(5 * 60_000, (expiresAt - obtainedAt) / 2);
  return now >= expiresAt - margin;
}

function toIdentity({ credentials }: AssumedRole): AwsCredentialIdentity {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials ?? {};
  if (!AccessKeyId || !SecretAccessKey || !SessionToken) {
    throw new ActionError('STS answered without credentials.');
  }
  // Masked before anything else can print them.
  core.setSecret(AccessKeyId);
  core.setSecret(SecretAccessKey);
  core.setSecret(SessionToken);
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    expiration: Expiration,
  };
}
