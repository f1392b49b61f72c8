// Fault injection: which rule hits a request, and what a faulty answer looks like per protocol.
import { jsonError, xmlError, type Reply } from './protocol.js';
import { kendraStatus } from '../kendra/handler.js';
import { stsStatus } from '../identity/sts.js';
import type { FaultRule, ServiceName } from '../types.js';
import { uuid } from './util.js';

interface RuleState {
  rule: FaultRule;
  /** Requests this rule's service/action filter has matched so far. */
  seen: number;
  /** Times it was applied. */
  applied: number;
}

export class FaultBook {
  private rules: RuleState[] = [];

  add(rule: FaultRule): void {
    if (rule.every !== undefined && (!Number.isInteger(rule.every) || rule.every < 1)) {
      throw new Error('fault: every must be a positive integer');
    }
    this.rules.push({ rule, seen: 0, applied: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * Every rule whose filter matches counts the request; the first rule that decides to apply
   * wins. `every: N` applies to matching requests 1, N+1, 2N+1, ...; `times` caps applications.
   */
  match(service: ServiceName, action: string): FaultRule | undefined {
    let hit: FaultRule | undefined;
    for (const r of this.rules) {
      if (r.rule.service !== service) continue;
      if (r.rule.action !== undefined && r.rule.action !== action) continue;
      r.seen++;
      if (hit) continue;
      if (r.rule.times !== undefined && r.applied >= r.rule.times) continue;
      if (r.rule.every !== undefined && (r.seen - 1) % r.rule.every !== 0) continue;
      r.applied++;
      hit = r.rule;
    }
    return hit;
  }
}

/** The error answer of an 'error' fault, in the service's own format. */
export function faultError(service: ServiceName, rule: FaultRule): Reply {
  if (service === 'kendra') {
    const code =
      rule.code ??
      (rule.status !== undefined && rule.status >= 500
        ? 'InternalServerException'
        : 'ThrottlingException');
    const status = rule.status ?? kendraStatus(code);
    const message =
      rule.message ??
      (code === 'ThrottlingException'
        ? 'Rate exceeded'
        : 'An internal error occurred. Try again later.');
    return jsonError(status, code, message);
  }
  if (service === 'sts') {
    const code =
      rule.code ??
      (rule.status !== undefined && rule.status >= 500 ? 'ServiceUnavailable' : 'Throttling');
    // A modelled code gets the model's status (IDPRejectedClaim 403, ...), as from real STS.
    const status =
      rule.status ??
      (code === 'ServiceUnavailable' || code === 'InternalFailure' ? 503 : stsStatus(code));
    const message =
      rule.message ??
      (code === 'Throttling' ? 'Rate exceeded' : 'Service is unavailable. Please try again later.');
    return xmlError(status, code, message);
  }
  // GitHub's token service answers errors with a small JSON body.
  const status = rule.status ?? 500;
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ message: rule.message ?? 'Internal Server Error' }),
    errorCode: rule.code ?? String(status),
  };
}

/** 200 answers that do not parse as the protocol's format (cut off mid-document). */
export function malformed(service: ServiceName, action: string): Reply {
  if (service === 'sts') {
    return {
      status: 200,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': uuid() },
      body: `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <${action}Result>\n    <Credentials>\n      <AccessKeyId>ASIA`,
    };
  }
  if (service === 'kendra') {
    return {
      status: 200,
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': uuid() },
      body: '{"History":[{"ExecutionId":"',
    };
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: '{"count":1200,"value":"eyJ',
  };
}
