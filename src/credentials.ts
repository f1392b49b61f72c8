import * as core from '@actions/core';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  STSClient,
  type Credentials as StsCredentials,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialSource } from './credential-source.js';
import { endpointOf, USER_AGENT } from './endpoints.js';
import { ActionError, AwsCallError } from './errors.js';
import { requestHandler } from './http.js';
import type { Inputs } from './inputs.js';
import { tokenClaims } from './oidc.js';
import { systemClock, type Clock } from './time.js';

export async function createStsClient(region: string): Promise<STSClient> {
  return new STSClient({
    region,
    customUserAgent: USER_AGENT,
    requestHandler: await requestHandler(endpointOf('sts', region)),
  });
}

/** A credential provider the Kendra client calls before every request. */
export interface RefreshingCredentials {
  provider: AwsCredentialIdentityProvider & { memoized: true };
  /** Drops the current credentials so the next request gets fresh ones (after ExpiredToken). */
  invalidate(): void;
  /** The assumed role's session ARN, once known. */
  assumedRoleArn?: string;
}

export interface AssumeRoleDeps {
  sts: STSClient;
  /** Fetches a fresh OIDC token; the first call may return the token requested at start-up. */
  idToken: () => Promise<string>;
  region: string;
  audience: string;
  clock?: Clock;
}

/**
 * Assumes the role, and again before the credentials expire, so waits longer than
 * role-duration-seconds keep working. Each refresh under OIDC uses a fresh token.
 */
export function assumeRole(
  source: Extract<CredentialSource, { roleArn: string }>,
  inputs: Pick<Inputs, 'roleSessionName' | 'roleDurationSeconds'>,
  deps: AssumeRoleDeps,
): RefreshingCredentials {
  const clock = deps.clock ?? systemClock;
  const fetchCredentials = async (): Promise<Session> => {
    const obtainedAt = clock.now();
    const params = {
      RoleArn: source.roleArn,
      RoleSessionName: inputs.roleSessionName,
      DurationSeconds: inputs.roleDurationSeconds,
    };
    const token = source.kind === 'web-identity' ? await deps.idToken() : undefined;
    const output = await (
      token
        ? deps.sts.send(
            new AssumeRoleWithWebIdentityCommand({ ...params, WebIdentityToken: token }),
          )
        : deps.sts.send(new AssumeRoleCommand(params))
    ).catch((error: unknown) => {
      throw new AwsCallError(
        {
          service: 'sts',
          operation: token ? 'AssumeRoleWithWebIdentity' : 'AssumeRole',
          region: deps.region,
          roleArn: source.roleArn,
          audience: deps.audience,
          subject: token ? tokenClaims(token).sub : undefined,
        },
        error,
      );
    });
    result.assumedRoleArn = output.AssumedRoleUser?.Arn;
    return { identity: toIdentity(output.Credentials), obtainedAt };
  };

  let current: Promise<Session> | undefined;
  const refresh = (): Promise<Session> => {
    const next = fetchCredentials();
    current = next;
    // A failed refresh must not stick: the next request tries again.
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
  const result: RefreshingCredentials = {
    provider,
    invalidate: () => {
      current = undefined;
    },
  };
  return result;
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

function toIdentity(credentials: StsCredentials | undefined): AwsCredentialIdentity {
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
