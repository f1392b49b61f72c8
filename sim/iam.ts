// Allow-only identity policies: enough IAM to exercise AccessDenied paths faithfully.
import type { AllowEntry } from './types.js';
import { globMatch } from './util.js';

export interface Statement {
  action: string;
  resource: string;
}

export function toStatements(allow: AllowEntry[] | undefined, fallback: string[]): Statement[] {
  return (allow ?? fallback).map((e) =>
    typeof e === 'string'
      ? { action: e, resource: '*' }
      : { action: e.action, resource: e.resource ?? '*' },
  );
}

/** IAM matches action names case-insensitively and resource ARNs case-sensitively. */
export function isAllowed(statements: Statement[], action: string, resource: string): boolean {
  return statements.some(
    (s) => globMatch(s.action, action, true) && globMatch(s.resource, resource, false),
  );
}

/**
 * The message AWS returns for an implicit deny (the "because no identity-based policy" tail
 * is what current AWS services append when no statement allows the action).
 */
export function denyMessage(principalArn: string, action: string, resource: string): string {
  return (
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ` +
    `because no identity-based policy allows the ${action} action`
  );
}
