// AWS STS over the awsQuery protocol: AssumeRoleWithWebIdentity (unsigned), AssumeRole and
// GetCallerIdentity (SigV4, service "sts"). XML answers and errors as STS writes them.
import { isAllowed } from './iam.js';
import type { OidcIssuer } from './oidc.js';
import { GITHUB_ISSUER } from './oidc.js';
import {
  type Call,
  type Reply,
  constraint,
  header,
  validationMessage,
  xmlError,
  xmlReply,
} from './protocol.js';
import { type SigFailureKind, verifySigV4 } from './sigv4.js';
import type { Credential, Role, SimState } from './state.js';
import { globMatch, isoSeconds, xmlEscape } from './util.js';

const STS_VERSION = '2011-06-15';
const CHAINED_MAX_SECONDS = 3600;

/** How STS reports authentication failures (awsQuery codes; 403 except malformed headers). */
const AUTH_ERRORS: Record<SigFailureKind, [number, string]> = {
  missing: [403, 'MissingAuthenticationToken'],
  incomplete: [400, 'IncompleteSignature'],
  unknownKey: [403, 'InvalidClientTokenId'],
  badToken: [403, 'InvalidClientTokenId'],
  expiredCreds: [403, 'ExpiredToken'],
  expiredSig: [403, 'SignatureDoesNotMatch'],
  mismatch: [403, 'SignatureDoesNotMatch'],
};

/** Parameters of an awsQuery request: form body for POST, query string for GET. */
export function stsParams(call: Call): URLSearchParams {
  if (call.method === 'POST') return new URLSearchParams(call.body.toString('utf8'));
  return call.query;
}

export function looksLikeSts(call: Call): boolean {
  const ct = header(call, 'content-type') ?? '';
  if (call.method === 'POST' && ct.startsWith('application/x-www-form-urlencoded')) return true;
  return call.method === 'GET' && call.query.has('Action');
}

export class Sts {
  constructor(
    private readonly state: SimState,
    private readonly oidc: OidcIssuer,
  ) {}

  handle(call: Call): Reply {
    const params = stsParams(call);
    const action = params.get('Action') ?? '';
    const logged = Object.fromEntries(params);
    const reply = this.dispatch(call, action, params);
    return { ...reply, action: reply.action ?? action, parsedBody: logged };
  }

  private dispatch(call: Call, action: string, params: URLSearchParams): Reply {
    if (!action) return xmlError(400, 'MissingAction', 'Missing Action');
    const version = params.get('Version');
    if (version && version !== STS_VERSION) {
      return xmlError(
        400,
        'InvalidAction',
        `Could not find operation ${action} for version ${version}`,
      );
    }
    switch (action) {
      case 'AssumeRoleWithWebIdentity':
        return this.assumeRoleWithWebIdentity(call, params);
      case 'AssumeRole':
      case 'GetCallerIdentity': {
        const auth = verifySigV4(call, 'sts', (id) => this.state.credentials.get(id));
        if (!auth.ok) {
          const [status, code] = AUTH_ERRORS[auth.kind];
          const message =
            auth.kind === 'missing' ? 'Request is missing Authentication Token' : auth.message;
          return {
            ...xmlError(status, code, message),
            accessKeyId: auth.accessKeyId,
            region: auth.region,
          };
        }
        const reply =
          action === 'AssumeRole'
            ? this.assumeRole(call, params, auth.cred)
            : this.getCallerIdentity(auth.cred);
        return { ...reply, accessKeyId: auth.accessKeyId, region: auth.region };
      }
      default:
        return xmlError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${STS_VERSION}`,
        );
    }
  }

  /** Field checks shared by both AssumeRole flavours; returns a ValidationError or the duration. */
  private validate(params: URLSearchParams, extra: string[] = []): Reply | number {
    const errors = [...extra];
    const roleArn = params.get('RoleArn');
    const session = params.get('RoleSessionName');
    const durationRaw = params.get('DurationSeconds');
    if (roleArn === null) errors.push(constraint(null, 'roleArn', 'must not be null'));
    else if (roleArn.length < 20)
      errors.push(constraint(roleArn, 'roleArn', 'must have length greater than or equal to 20'));
    else if (roleArn.length > 2048)
      errors.push(constraint(roleArn, 'roleArn', 'must have length less than or equal to 2048'));
    if (session === null) errors.push(constraint(null, 'roleSessionName', 'must not be null'));
    else {
      if (session.length < 2)
        errors.push(
          constraint(session, 'roleSessionName', 'must have length greater than or equal to 2'),
        );
      if (session.length > 64)
        errors.push(
          constraint(session, 'roleSessionName', 'must have length less than or equal to 64'),
        );
      if (!/^[\w+=,.@-]*$/.test(session)) {
        errors.push(
          constraint(
            session,
            'roleSessionName',
            'must satisfy regular expression pattern: [\\w+=,.@-]*',
          ),
        );
      }
    }
    let duration = 3600;
    if (durationRaw !== null) {
      duration = Number(durationRaw);
      if (!/^-?\d+$/.test(durationRaw)) {
        errors.push(constraint(durationRaw, 'durationSeconds', 'must be an integer'));
      } else if (duration < 900) {
        errors.push(
          constraint(
            durationRaw,
            'durationSeconds',
            'must have value greater than or equal to 900',
          ),
        );
      } else if (duration > 43200) {
        errors.push(
          constraint(durationRaw, 'durationSeconds', 'must have value less than or equal to 43200'),
        );
      }
    }
    if (errors.length) return xmlError(400, 'ValidationError', validationMessage(errors));
    if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(roleArn!)) {
      return xmlError(400, 'ValidationError', 'Request ARN is invalid');
    }
    return duration;
  }

  private assumeRoleWithWebIdentity(call: Call, params: URLSearchParams): Reply {
    const token = params.get('WebIdentityToken');
    const extra: string[] = [];
    if (token === null) extra.push(constraint(null, 'webIdentityToken', 'must not be null'));
    else if (token.length < 4)
      extra.push(
        constraint(token, 'webIdentityToken', 'must have length greater than or equal to 4'),
      );
    else if (token.length > 20000)
      extra.push(
        constraint('***', 'webIdentityToken', 'must have length less than or equal to 20000'),
      );
    const duration = this.validate(params, extra);
    if (typeof duration !== 'number') return duration;

    const claims = this.oidc.verify(token!);
    if (claims === 'malformed') {
      return xmlError(
        400,
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    if (claims === 'signature') {
      return xmlError(
        400,
        'InvalidIdentityToken',
        "Couldn't verify the signature of the ID token: it was not signed by a key of the configured OpenID Connect provider.",
      );
    }
    if (claims.iss !== GITHUB_ISSUER) {
      return xmlError(
        400,
        'InvalidIdentityToken',
        `No OpenIDConnect provider found in your account for ${String(claims.iss)}`,
      );
    }
    const nowSec = Math.floor(call.now / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= nowSec) {
      // Real STS prints it exactly like this, missing space included.
      return xmlError(
        400,
        'ExpiredTokenException',
        `Token expired: current date/time ${nowSec} must be before the expiration date/time${claims.exp}`,
      );
    }

    const roleArn = params.get('RoleArn')!;
    const session = params.get('RoleSessionName')!;
    const role = this.state.roles.get(roleArn);
    const denied = xmlError(
      403,
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    // Trust policy: StringEquals on aud, StringLike on sub.
    if (!role || claims.aud !== role.audience || !globMatch(role.subject, String(claims.sub)))
      return denied;
    if (duration > role.maxSessionDurationSeconds) {
      return xmlError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    return this.credentialsReply('AssumeRoleWithWebIdentity', role, session, duration, call.now, {
      SubjectFromWebIdentityToken: String(claims.sub),
      Audience: String(claims.aud),
      Provider: `arn:aws:iam::${this.state.account}:oidc-provider/token.actions.githubusercontent.com`,
    });
  }

  private assumeRole(call: Call, params: URLSearchParams, caller: Credential): Reply {
    const duration = this.validate(params);
    if (typeof duration !== 'number') return duration;
    const roleArn = params.get('RoleArn')!;
    const session = params.get('RoleSessionName')!;
    const role = this.state.roles.get(roleArn);
    const p = caller.principal;
    const permitted =
      (p.kind === 'user' && p.allowAssumeRole) ||
      isAllowed(p.statements, 'sts:AssumeRole', roleArn);
    if (!role || !permitted) {
      return xmlError(
        403,
        'AccessDenied',
        `User: ${p.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const chained = p.kind === 'assumed-role';
    if (chained && duration > CHAINED_MAX_SECONDS) {
      return xmlError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    if (duration > role.maxSessionDurationSeconds) {
      return xmlError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    return this.credentialsReply('AssumeRole', role, session, duration, call.now, {});
  }

  private getCallerIdentity(cred: Credential): Reply {
    return xmlReply(
      'GetCallerIdentity',
      `    <Arn>${xmlEscape(cred.principal.arn)}</Arn>\n` +
        `    <UserId>${xmlEscape(cred.principal.userId)}</UserId>\n` +
        `    <Account>${this.state.account}</Account>\n`,
    );
  }

  private credentialsReply(
    action: string,
    role: Role,
    session: string,
    duration: number,
    now: number,
    extra: Record<string, string>,
  ): Reply {
    const { cred, reportedExpiry } = this.state.issueRoleSession(role, session, duration, now);
    const el = (name: string, value: string) => `    <${name}>${xmlEscape(value)}</${name}>\n`;
    const xml =
      '    <Credentials>\n' +
      `      <AccessKeyId>${cred.accessKeyId}</AccessKeyId>\n` +
      `      <SecretAccessKey>${xmlEscape(cred.secretAccessKey)}</SecretAccessKey>\n` +
      `      <SessionToken>${xmlEscape(cred.sessionToken!)}</SessionToken>\n` +
      `      <Expiration>${isoSeconds(reportedExpiry)}</Expiration>\n` +
      '    </Credentials>\n' +
      (extra.SubjectFromWebIdentityToken
        ? el('SubjectFromWebIdentityToken', extra.SubjectFromWebIdentityToken)
        : '') +
      '    <AssumedRoleUser>\n' +
      `      <Arn>${xmlEscape(cred.principal.arn)}</Arn>\n` +
      `      <AssumedRoleId>${xmlEscape(cred.principal.userId)}</AssumedRoleId>\n` +
      '    </AssumedRoleUser>\n' +
      (extra.Provider ? el('Provider', extra.Provider) : '') +
      (extra.Audience ? el('Audience', extra.Audience) : '');
    return xmlReply(action, xml);
  }
}
