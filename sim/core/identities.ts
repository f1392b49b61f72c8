// The simulator's identities: IAM roles and users with their policies, the credentials STS and
// the users' keys hand out (every service's SigV4 check looks keys up here), the OIDC subject,
// and every secret ever handed out (for the tests' leak checks).
import { type Statement, policyStatements, toStatements } from './iam.js';
import type {
  AllowEntry,
  PolicyDocument,
  RoleOptions,
  UserCredentials,
  UserOptions,
} from '../types.js';
import { newAccessKeyId, newSecretAccessKey, newSessionToken, newUniqueId } from './util.js';

const DEFAULT_SUBJECT = 'repo:octo-org/docs:ref:refs/heads/main';

export interface Role {
  arn: string;
  name: string;
  roleId: string;
  audience: string;
  subject: string;
  statements: Statement[];
  maxSessionDurationSeconds: number;
}

export interface User {
  name: string;
  arn: string;
  userId: string;
  statements: Statement[];
  allowAssumeRole: boolean;
}

/** Who a set of credentials acts as. */
interface Principal {
  kind: 'user' | 'assumed-role';
  arn: string;
  /** AIDA... for users, AROA...:session for role sessions (GetCallerIdentity UserId). */
  userId: string;
  statements: Statement[];
  allowAssumeRole: boolean;
}

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  principal: Principal;
  /** Real expiry (ms); undefined for long-term user keys. */
  expiresAt?: number;
}

/** Identities, credentials and secrets; every change goes through a method. */
export class SimState {
  private readonly roles = new Map<string, Role>();
  private readonly users = new Map<string, User>();
  private readonly credentialsById = new Map<string, Credential>();
  private lifetime?: { lifetimeSeconds: number; reportedSeconds: number };
  private jobSubject = DEFAULT_SUBJECT;
  private secrets: string[] = [];

  constructor(
    readonly account: string,
    readonly requestToken: string,
  ) {
    this.remember(requestToken);
  }

  /** Read-only view, for SigV4 key look-ups (`state.credentials.get(accessKeyId)`). */
  get credentials(): ReadonlyMap<string, Credential> {
    return this.credentialsById;
  }

  credential(accessKeyId: string): Credential | undefined {
    return this.credentialsById.get(accessKeyId);
  }

  role(arn: string): Role | undefined {
    return this.roles.get(arn);
  }

  /** The `sub` of tokens the OIDC issuer mints. */
  get subject(): string {
    return this.jobSubject;
  }

  setSubject(sub: string): void {
    this.jobSubject = sub;
  }

  setCredentialLifetime(lifetimeSeconds: number, reportedSeconds = lifetimeSeconds): void {
    this.lifetime = { lifetimeSeconds, reportedSeconds };
  }

  reset(): void {
    this.roles.clear();
    this.users.clear();
    this.credentialsById.clear();
    this.lifetime = undefined;
    this.jobSubject = DEFAULT_SUBJECT;
    // Secrets are kept: a leak check after reset() should still catch anything handed out before.
  }

  remember(secret: string): void {
    this.secrets.push(secret);
  }

  issuedSecrets(): string[] {
    return [...this.secrets];
  }

  // ---- identities -------------------------------------------------------------------------

  addRole(arn: string, opts: RoleOptions = {}): Role {
    const m = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
    if (!m) throw new Error(`addRole: not a role ARN: ${arn}`);
    const role: Role = {
      arn,
      name: m[1],
      roleId: newUniqueId('AROA'),
      audience: opts.audience ?? 'sts.amazonaws.com',
      subject: opts.subject ?? '*',
      statements: identityPolicy(opts),
      maxSessionDurationSeconds: opts.maxSessionDurationSeconds ?? 3600,
    };
    this.roles.set(arn, role);
    return role;
  }

  addUser(name: string, opts: UserOptions = {}): UserCredentials {
    const user: User = {
      name,
      arn: `arn:aws:iam::${this.account}:user/${name}`,
      userId: newUniqueId('AIDA'),
      statements: identityPolicy(opts),
      allowAssumeRole: opts.allowAssumeRole ?? true,
    };
    this.users.set(name, user);
    const cred: Credential = {
      accessKeyId: newAccessKeyId('AKIA'),
      secretAccessKey: newSecretAccessKey(),
      principal: {
        kind: 'user',
        arn: user.arn,
        userId: user.userId,
        statements: user.statements,
        allowAssumeRole: user.allowAssumeRole,
      },
    };
    this.credentialsById.set(cred.accessKeyId, cred);
    this.remember(cred.secretAccessKey);
    return { accessKeyId: cred.accessKeyId, secretAccessKey: cred.secretAccessKey, arn: user.arn };
  }

  /** Issue role-session credentials; returns them and the Expiration the response claims. */
  issueRoleSession(
    role: Role,
    sessionName: string,
    durationSeconds: number,
    now: number,
  ): { cred: Credential; reportedExpiry: number } {
    const lifetime = this.lifetime?.lifetimeSeconds ?? durationSeconds;
    const reported = this.lifetime?.reportedSeconds ?? durationSeconds;
    const cred: Credential = {
      accessKeyId: newAccessKeyId('ASIA'),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
      principal: {
        kind: 'assumed-role',
        arn: `arn:aws:sts::${this.account}:assumed-role/${role.name}/${sessionName}`,
        userId: `${role.roleId}:${sessionName}`,
        statements: role.statements,
        allowAssumeRole: false,
      },
      expiresAt: now + lifetime * 1000,
    };
    this.credentialsById.set(cred.accessKeyId, cred);
    this.remember(cred.secretAccessKey);
    this.remember(cred.sessionToken!);
    return { cred, reportedExpiry: now + reported * 1000 };
  }
}

function identityPolicy(opts: { allow?: AllowEntry[]; policy?: PolicyDocument }): Statement[] {
  // By default a principal may use every simulated AWS service; IAM tests say what they allow.
  if (!opts.policy) return toStatements(opts.allow, ['kendra:*', 'bedrock:*', 'logs:*']);
  return [...toStatements(opts.allow, []), ...policyStatements(opts.policy)];
}
