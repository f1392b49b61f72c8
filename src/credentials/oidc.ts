import * as core from '@actions/core';
import type { IncomingMessage } from 'node:http';
import { USER_AGENT } from '../aws/network.js';
import { ActionError, networkFailure, type NetworkFailure } from '../errors.js';
import { proxyAgent, proxyFor } from '../aws/proxy.js';
import * as log from '../base/log.js';
import { fullJitter, retry } from '../base/retry.js';
import { systemClock, type Clock } from '../time.js';

const TOKEN_ATTEMPTS = 3;
/** Per attempt, from connecting to the last byte of the answer. */
const TOKEN_TIMEOUT_MS = 10_000;

/**
 * Asks the runner's token service for the job's OIDC token (what core.getIDToken does), with a
 * bounded time per attempt and a retry on 5xx, 429 and dropped connections. The token is masked
 * the moment it arrives.
 */
export async function requestIdToken(
  audience: string,
  options: {
    /** Called once a request has been handed to the OS (or has failed): it is on the wire. */
    onSent?: () => void;
    env?: NodeJS.ProcessEnv;
    clock?: Clock;
  } = {},
): Promise<string> {
  const { onSent, env = process.env, clock = systemClock } = options;
  const url = URL.canParse(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '')
    ? new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '')
    : undefined;
  if (!url) {
    throw new ActionError(
      "Could not get the job's OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL. The runner sets it for jobs with `permissions: id-token: write`; a step must not overwrite it.",
    );
  }
  url.searchParams.set('audience', audience);
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '';
  const fetchOnce = async () => {
    const token = parseToken(await fetchToken(url, bearer, onSent));
    core.setSecret(token);
    return token;
  };
  return retry(fetchOnce, {
    clock,
    attempts: TOKEN_ATTEMPTS,
    transient: (error) => describe(error).retry,
    pause: (attempt) => fullJitter(attempt, 200, 2000),
    say: (error, pause, attempt) =>
      log.debug(
        `OIDC token request ${attempt} of ${TOKEN_ATTEMPTS} failed (${describe(error).reason}); trying again in ${Math.round(pause)} ms.`,
      ),
    giveUp: (error, attempts) =>
      new ActionError(
        `Could not get the job's OIDC token from the runner (${url.host}): ${describe(error).reason}` +
          (attempts > 1 ? ` (${attempts} attempts)` : '') +
          '.',
      ),
  });
}

/**
 * Starts the token request; `sent` settles once the request is on the wire (or has failed).
 * Node 24 loads an import()ed module graph without giving the event loop a turn, so whoever
 * loads code while the token is on its way waits for `sent` first, or nothing overlaps.
 */
export function startIdTokenRequest(audience: string): {
  token: Promise<string>;
  sent: Promise<void>;
} {
  let markSent = (): void => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const token = requestIdToken(audience, { onSent: () => markSent() });
  token.then(markSent, markSent);
  return { token, sent };
}

class TokenHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The token service's answer, as text: one request, bounded by TOKEN_TIMEOUT_MS in all. */
async function fetchToken(url: URL, bearer: string, onSent?: () => void): Promise<string> {
  // Synchronously, and only the module this URL needs: the request must leave before anything
  // heavy loads (see startIdTokenRequest).
  const { request } =
    url.protocol === 'http:'
      ? process.getBuiltinModule('node:http')
      : process.getBuiltinModule('node:https');
  const proxy = proxyFor(url);
  const agent = proxy ? await proxyAgent(proxy) : undefined;
  return new Promise<string>((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        headers: {
          Authorization: `Bearer ${bearer}`,
          Accept: 'application/json',
          'User-Agent': USER_AGENT,
        },
        timeout: TOKEN_TIMEOUT_MS,
      },
      (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(text)
            : reject(new TokenHttpError(res.statusCode ?? 0, text)),
        );
        res.on('error', reject);
      },
    );
    // Bounds the whole exchange, not just idle time: a server that trickles bytes can't hang us.
    const giveUp = () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' }));
    const deadline = setTimeout(giveUp, TOKEN_TIMEOUT_MS);
    req.on('timeout', giveUp);
    req.on('close', () => clearTimeout(deadline));
    if (onSent) {
      req.once('finish', onSent);
      req.once('close', onSent);
    }
    req.on('error', reject);
    req.end();
  });
}

/** The token in the service's answer; an answer without one is worth another try. */
function parseToken(body: string): string {
  let value: unknown;
  try {
    value = (JSON.parse(body) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value.split('.').length !== 3) {
    throw new TokenHttpError(200, 'the answer held no token');
  }
  return value;
}

function describe(error: unknown): { retry: boolean; reason: string } {
  if (error instanceof TokenHttpError) {
    if (error.status === 200) return { retry: true, reason: error.body };
    const retry = error.status >= 500 || error.status === 429;
    const hint =
      error.status === 401 || error.status === 403
        ? '; the request token was refused, which happens when the job lacks `permissions: id-token: write`'
        : '';
    return { retry, reason: `HTTP ${error.status}${hint}` };
  }
  const network = networkFailure(error);
  const reasons: Record<NetworkFailure, string> = {
    refused: 'connection refused',
    dropped: 'the connection was reset',
    'timed-out': `no answer within ${TOKEN_TIMEOUT_MS / 1000} s`,
    unresolved: 'the host name did not resolve',
  };
  return {
    retry: network?.transient ?? false,
    reason: network ? reasons[network.failure] : (error as Error).message,
  };
}

/** The claims of a JWT, for error messages that say which `sub` and `aud` the role must trust. */
export function tokenClaims(token: string): { sub?: string; aud?: string } {
  try {
    const payload = token.split('.')[1] ?? '';
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sub?: string;
      aud?: string;
    };
  } catch {
    return {};
  }
}
