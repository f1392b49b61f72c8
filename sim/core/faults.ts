// Fault injection: which rule hits a request (the answers are each service's, in its service.ts).
import type { FaultRule, ServiceName } from '../types.js';

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

/**
 * The code and message of an `error` fault: the rule's, else the service's server fault for a
 * 5xx status and its throttling error otherwise.
 */
export function faultAnswer(
  rule: FaultRule,
  defaults: { server: string; throttling: string; serverMessage: string },
): { code: string; message: string } {
  const server = rule.status !== undefined && rule.status >= 500;
  const code = rule.code ?? (server ? defaults.server : defaults.throttling);
  const message =
    rule.message ?? (code === defaults.throttling ? 'Rate exceeded' : defaults.serverMessage);
  return { code, message };
}
