// Identity policies evaluated the way IAM does for the actions the simulator serves: an explicit
// Deny wins, otherwise every resource the action is authorised against must be allowed.
import type { AllowEntry, PolicyDocument } from '../types.js';
import { globMatch } from './util.js';

export interface Statement {
  effect: 'Allow' | 'Deny';
  action: string;
  resource: string;
}

/** The resource an action with no resource type is evaluated against: only `*` matches it. */
export const NO_RESOURCE_TYPE = '*';

export function toStatements(allow: AllowEntry[] | undefined, fallback: string[]): Statement[] {
  return (allow ?? fallback).map((e) =>
    typeof e === 'string'
      ? { effect: 'Allow', action: e, resource: '*' }
      : { effect: e.effect ?? 'Allow', action: e.action, resource: e.resource ?? '*' },
  );
}

/** One statement per (action, resource) pair of an IAM JSON policy document. */
export function policyStatements(doc: PolicyDocument): Statement[] {
  const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.flatMap((s) => {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      throw new Error(`policy: Effect must be Allow or Deny, not ${String(s.Effect)}`);
    }
    return list(s.Action).flatMap((action) =>
      list(s.Resource).map((resource) => ({ effect: s.Effect, action, resource })),
    );
  });
}

function matches(s: Statement, action: string, resource: string): boolean {
  // Action names match case-insensitively, ARNs case-sensitively; `*` and `?` are wildcards.
  if (!globMatch(s.action, action, true)) return false;
  // An action without a resource type is only matched by a statement for every resource.
  if (resource === NO_RESOURCE_TYPE) return s.resource === '*';
  return globMatch(s.resource, resource, false);
}

export type Decision =
  { allowed: true } | { allowed: false; resource: string; explicit: boolean; message?: string };

/**
 * IAM's decision for `action` on all of `resources` (an action with several resource types,
 * such as kendra:StartDataSourceSyncJob on an index and a data source, needs every one allowed).
 */
export function authorize(
  statements: Statement[],
  action: string,
  resources: readonly string[],
): Decision {
  for (const resource of resources) {
    if (statements.some((s) => s.effect === 'Deny' && matches(s, action, resource))) {
      return { allowed: false, resource, explicit: true };
    }
  }
  for (const resource of resources) {
    if (!statements.some((s) => s.effect === 'Allow' && matches(s, action, resource))) {
      return { allowed: false, resource, explicit: false };
    }
  }
  return { allowed: true };
}

/** Allowed on one resource (sts:AssumeRole on a role ARN). */
export function isAllowed(statements: Statement[], action: string, resource: string): boolean {
  return authorize(statements, action, [resource]).allowed;
}

/**
 * The message AWS returns for a denial: for an implicit deny the "because no identity-based
 * policy allows" tail, for an explicit one "with an explicit deny in an identity-based policy".
 */
export function denyMessage(
  principalArn: string,
  action: string,
  resource: string,
  explicit = false,
): string {
  const head = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
  return explicit
    ? `${head} with an explicit deny in an identity-based policy`
    : `${head} because no identity-based policy allows the ${action} action`;
}
