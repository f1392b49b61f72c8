// AWS STS over the awsQuery protocol: AssumeRoleWithWebIdentity (unsigned), AssumeRole and
// GetCallerIdentity (SigV4, service "sts"). XML answers and errors as STS writes them.
import { isAllowed } from '../core/iam.js';
import type { OidcIssuer } from './oidc.js';
import { GITHUB_ISSUER } from './oidc.js';
import { type Call, type Reply, header, xmlError, xmlReply } from '../core/protocol.js';
import { type SigFailureKind, verifySigV4 } from '../core/sigv4.js';
import type { Credential, Role, SimState } from '../core/identities.js';
import { globMatch, isoSeconds, xmlEscape } from '../core/util.js';
import { constraint, validationMessage } from '../core/validate.js';

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

interface ParamRule {
  type: 'string' | 'integer';
  min: number;
  max: number;
  pattern?: string;
  sensitive?: boolean;
}

const ROLE_ARN: ParamRule = {
  type: 'string',
  min: 20,
  max: 2048,
  pattern:
    '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
};

/**
 * A model pattern as a JS RegExp matching the whole value. The models write code points above
 * U+FFFF Java-style (\u10000); JS needs \u{10000} and the u flag.
 */
function modelRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern.replace(/\\u([0-9A-Fa-f]{5,6})/g, '\\u{$1}')})$`, 'u');
}
const ROLE_SESSION_NAME: ParamRule = {
  type: 'string',
  min: 2,
  max: 64,
  pattern: '[\\w+=,.@-]*',
};
const DURATION_SECONDS: ParamRule = { type: 'integer', min: 900, max: 43200 };

/**
 * The input members the simulator checks, with the model's constraints (sts-2011-06-15; the
 * conformance test compares them with botocore's). RoleArn's pattern only asks for printable
 * text; the ARN syntax is checked after these.
 */
export const STS_INPUTS: Record<
  string,
  { members: Record<string, ParamRule>; required: readonly string[] }
> = {
  AssumeRoleWithWebIdentity: {
    members: {
      RoleArn: ROLE_ARN,
      RoleSessionName: ROLE_SESSION_NAME,
      WebIdentityToken: { type: 'string', min: 4, max: 20000, sensitive: true },
      DurationSeconds: DURATION_SECONDS,
    },
    required: ['RoleArn', 'RoleSessionName', 'WebIdentityToken'],
  },
  AssumeRole: {
    members: {
      RoleArn: ROLE_ARN,
      RoleSessionName: ROLE_SESSION_NAME,
      DurationSeconds: DURATION_SECONDS,
    },
    required: ['RoleArn', 'RoleSessionName'],
  },
  GetCallerIdentity: { members: {}, required: [] },
};

/**
 * Status of each error code STS answers: the model's error shapes (httpStatusCode), then the
 * common awsQuery errors the model does not list (AccessDenied, ValidationError, ...).
 */
export const STS_ERROR_STATUS: Record<string, number> = {
  MalformedPolicyDocument: 400,
  PackedPolicyTooLarge: 400,
  IDPRejectedClaim: 403,
  IDPCommunicationError: 400,
  InvalidIdentityToken: 400,
  ExpiredTokenException: 400,
  RegionDisabledException: 403,
  AccessDenied: 403,
  ValidationError: 400,
  InvalidAction: 400,
  MissingAction: 400,
};

export function stsStatus(code: string): number {
  return STS_ERROR_STATUS[code] ?? 400;
}

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

type StsOperation = {
  /** Whether the request must be SigV4-signed (AssumeRoleWithWebIdentity is not). */
  signed: boolean;
  run(call: Call, params: URLSearchParams, caller?: Credential): Reply;
};

export class Sts {
  /** Action -> handler; any other Action is InvalidAction. */
  private readonly operations: Record<string, StsOperation> = {
    AssumeRoleWithWebIdentity: {
      signed: false,
      run: (call, params) => this.assumeRoleWithWebIdentity(call, params),
    },
    AssumeRole: {
      signed: true,
      run: (call, params, caller) => this.assumeRole(call, params, caller!),
    },
    GetCallerIdentity: {
      signed: true,
      run: (_call, _params, caller) => this.getCallerIdentity(caller!),
    },
  };

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
    const operation = Object.hasOwn(this.operations, action) ? this.operations[action] : undefined;
    if (!operation) {
      return xmlError(
        400,
        'InvalidAction',
        `Could not find operation ${action} for version ${STS_VERSION}`,
      );
    }
    if (!operation.signed) return operation.run(call, params);
    const auth = verifySigV4(call, 'sts', (id) => this.state.credential(id));
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
    const reply = operation.run(call, params, auth.cred);
    return { ...reply, accessKeyId: auth.accessKeyId, region: auth.region };
  }

  /** Constraint checks of the model's input shape; returns a ValidationError or the duration. */
  private validate(action: string, params: URLSearchParams): Reply | number {
    const errors: string[] = [];
    const shape = STS_INPUTS[action];
    for (const [name, rule] of Object.entries(shape.members)) {
      const path = name[0].toLowerCase() + name.slice(1);
      const v = params.get(name);
      // STS never echoes a token back, even in a validation message.
      const shown = rule.sensitive ? '***' : v;
      if (v === null) {
        if (shape.required.includes(name)) errors.push(constraint(null, path, 'must not be null'));
        continue;
      }
      if (rule.type === 'integer') {
        const n = Number(v);
        if (!/^-?\d+$/.test(v)) errors.push(constraint(v, path, 'must be an integer'));
        else if (n < rule.min)
          errors.push(constraint(v, path, `must have value greater than or equal to ${rule.min}`));
        else if (n > rule.max)
          errors.push(constraint(v, path, `must have value less than or equal to ${rule.max}`));
        continue;
      }
      // Real STS lists a pattern violation before a length violation of the same member.
      if (rule.pattern && !modelRegExp(rule.pattern).test(v))
        errors.push(
          constraint(shown, path, `must satisfy regular expression pattern: ${rule.pattern}`),
        );
      if (v.length < rule.min)
        errors.push(
          constraint(shown, path, `must have length greater than or equal to ${rule.min}`),
        );
      if (v.length > rule.max)
        errors.push(constraint(shown, path, `must have length less than or equal to ${rule.max}`));
    }
    if (errors.length) return xmlError(400, 'ValidationError', validationMessage(errors));
    if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(params.get('RoleArn')!)) {
      return xmlError(400, 'ValidationError', 'Request ARN is invalid');
    }
    const duration = params.get('DurationSeconds');
    return duration === null ? 3600 : Number(duration);
  }

  private assumeRoleWithWebIdentity(call: Call, params: URLSearchParams): Reply {
    const token = params.get('WebIdentityToken');
    const duration = this.validate('AssumeRoleWithWebIdentity', params);
    if (typeof duration !== 'number') return duration;

    const claims = this.oidc.verify(token!);
    if (claims === 'malformed') {
      return xmlError(
        stsStatus('InvalidIdentityToken'),
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    if (claims === 'signature') {
      return xmlError(
        stsStatus('InvalidIdentityToken'),
        'InvalidIdentityToken',
        "Couldn't verify the signature of the ID token: it was not signed by a key of the configured OpenID Connect provider.",
      );
    }
    if (claims.iss !== GITHUB_ISSUER) {
      return xmlError(
        stsStatus('InvalidIdentityToken'),
        'InvalidIdentityToken',
        `No OpenIDConnect provider found in your account for ${String(claims.iss)}`,
      );
    }
    const nowSec = Math.floor(call.now / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= nowSec) {
      // Real STS prints it exactly like this, missing space included.
      return xmlError(
        stsStatus('ExpiredTokenException'),
        'ExpiredTokenException',
        `Token expired: current date/time ${nowSec} must be before the expiration date/time${claims.exp}`,
      );
    }

    const roleArn = params.get('RoleArn')!;
    const session = params.get('RoleSessionName')!;
    const role = this.state.role(roleArn);
    // The OIDC provider's client IDs are checked before the role's trust policy: a token for
    // an audience it does not list is an invalid token, not a denial.
    if (role && claims.aud !== role.audience) {
      return xmlError(
        stsStatus('InvalidIdentityToken'),
        'InvalidIdentityToken',
        'Incorrect token audience',
      );
    }
    // Trust policy: StringEquals on aud, StringLike on sub.
    if (!role || !globMatch(role.subject, String(claims.sub))) {
      return xmlError(
        stsStatus('AccessDenied'),
        'AccessDenied',
        'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      );
    }
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
    const duration = this.validate('AssumeRole', params);
    if (typeof duration !== 'number') return duration;
    const roleArn = params.get('RoleArn')!;
    const session = params.get('RoleSessionName')!;
    const role = this.state.role(roleArn);
    const p = caller.principal;
    const permitted =
      (p.kind === 'user' && p.allowAssumeRole) ||
      isAllowed(p.statements, 'sts:AssumeRole', roleArn);
    if (!role || !permitted) {
      return xmlError(
        stsStatus('AccessDenied'),
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
