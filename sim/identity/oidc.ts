// GitHub Actions OIDC token endpoint (what @actions/core getIDToken calls) and the JWTs it mints.
// Tokens are HS256-signed with a per-simulator key: STS in the same process verifies them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Call, type Reply, header } from '../core/protocol.js';
import type { SimState } from '../core/identities.js';
import { uuid } from '../core/util.js';

/** Where the runner's ACTIONS_ID_TOKEN_REQUEST_URL points. */
export const OIDC_PATH = '/oidc/token';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const REPOSITORY = 'octo-org/docs';

export interface IdTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  [claim: string]: unknown;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export class OidcIssuer {
  private readonly key = randomBytes(32);
  private runId = 9_000_000_000 + Math.floor(Math.random() * 1_000_000);

  constructor(private readonly state: SimState) {}

  /**
   * Claims follow GitHub's documented token: nbf 10 minutes before iat, exp 5 minutes after.
   * Without an explicit audience GitHub uses the URL of the repository owner.
   */
  mint(opts: { audience?: string; subject?: string; lifetimeSeconds?: number } = {}): string {
    const iat = Math.floor(Date.now() / 1000);
    const owner = REPOSITORY.split('/')[0];
    const claims: IdTokenClaims = {
      jti: uuid(),
      sub: opts.subject ?? this.state.subject,
      aud: opts.audience ?? `https://github.com/${owner}`,
      ref: 'refs/heads/main',
      sha: 'd6b5c2a1e0f94b7c8a3d2e1f0a9b8c7d6e5f4a3b',
      repository: REPOSITORY,
      repository_owner: owner,
      repository_visibility: 'private',
      run_id: String(this.runId++),
      run_number: '42',
      run_attempt: '1',
      actor: 'octocat',
      workflow: 'Sync docs',
      event_name: 'push',
      ref_type: 'branch',
      job_workflow_ref: `${REPOSITORY}/.github/workflows/sync.yml@refs/heads/main`,
      iss: GITHUB_ISSUER,
      nbf: iat - 600,
      exp: iat + (opts.lifetimeSeconds ?? 300),
      iat,
    };
    const unsigned = `${b64({ typ: 'JWT', alg: 'HS256', kid: 'kendra-sync-sim' })}.${b64(claims)}`;
    const token = `${unsigned}.${this.sign(unsigned)}`;
    this.state.remember(token);
    return token;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }

  /** 'malformed' when not a JWT at all, 'signature' when not minted by this simulator. */
  verify(token: string): IdTokenClaims | 'malformed' | 'signature' {
    const parts = token.split('.');
    if (parts.length !== 3) return 'malformed';
    let claims: IdTokenClaims;
    try {
      const head = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (typeof head !== 'object' || typeof claims !== 'object' || claims === null)
        return 'malformed';
    } catch {
      return 'malformed';
    }
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'signature';
    return claims;
  }

  handle(call: Call): Reply {
    const json = (status: number, body: unknown, errorCode?: string): Reply => ({
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      errorCode,
      action: 'GetIdToken',
      parsedBody: Object.fromEntries(call.query),
    });
    if (call.method !== 'GET')
      return json(405, { message: 'Method Not Allowed' }, 'MethodNotAllowed');
    const auth = header(call, 'authorization') ?? '';
    const m = /^bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) return json(401, { message: 'Unauthorized: missing bearer token' }, 'Unauthorized');
    const given = Buffer.from(m[1]);
    const want = Buffer.from(this.state.requestToken);
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      return json(403, { message: 'Forbidden: invalid request token' }, 'Forbidden');
    }
    const audience = call.query.get('audience') || undefined;
    const value = this.mint({ audience });
    return json(200, { count: value.length, value });
  }
}
