/**
 * The budgets, checked at the end: the ratio to the floor (per service) with 50 ms per answer,
 * dist/'s size, the bundle's peak memory, and what each service's happy path may load. Time and
 * memory are checked on `budgetNode`, the Node runners use, and only reported on others.
 */
import { ALL_SERVICES, type ServiceId } from './config.js';
import { forbiddenWords } from './code.js';
import type { DistSize } from './dist-size.js';
import { kb, x } from './format.js';
import type { LoadedFiles } from './loaded.js';
import type { LatencyResult } from './stats.js';

/** Sizes in bytes (MB = 10^6). */
export const BUDGET = {
  latencyMs: 50,
  ratioToFloor: 1.25,
  distBytes: 1_000_000,
  peakRssBytes: 70_000_000,
  budgetNode: 24,
};

export interface Budget {
  name: string;
  limit: string;
  actual: string;
  /** undefined: not checked (not measured, or not the budget's Node), `why` says which. */
  ok?: boolean;
  why?: string;
}

export interface Measured {
  results: LatencyResult[];
  dist: DistSize;
  loaded: LoadedFiles[];
  services: ServiceId[];
  nodeVersion: string;
}

export function checkBudgets(measured: Measured): Budget[] {
  const onBudgetNode = Number(measured.nodeVersion.split('.')[0]) === BUDGET.budgetNode;
  return [
    ...ALL_SERVICES.map((service) => ratioBudget(measured, service, onBudgetNode)),
    distBudget(measured.dist),
    peakRssBudget(measured.results, onBudgetNode),
    ...ALL_SERVICES.map((service) => loadedBudget(measured.loaded, service)),
  ];
}

const notHere = `reported only: checked on Node ${BUDGET.budgetNode}`;

function ratioBudget(measured: Measured, service: ServiceId, onBudgetNode: boolean): Budget {
  const budgetRun = measured.results.find((r) => r.latencyMs === BUDGET.latencyMs);
  const bundleAt = budgetRun?.variants.find((v) => v.bundle && v.service === service);
  const ratio = bundleAt?.wallRatio;
  const why =
    ratio !== undefined
      ? undefined
      : !measured.services.includes(service) || bundleAt?.unavailable
        ? `not measured: ${service} not available`
        : `not measured (no --latency ${BUDGET.latencyMs})`;
  return {
    name: `${service}: bundle ÷ floor, wall median of paired runs, ${BUDGET.latencyMs} ms per answer`,
    limit: `≤ ${BUDGET.ratioToFloor}× (Node ${BUDGET.budgetNode})`,
    actual: ratio !== undefined ? x(ratio) : '–',
    ok: why || !onBudgetNode ? undefined : ratio! <= BUDGET.ratioToFloor,
    why: why ?? (onBudgetNode ? undefined : notHere),
  };
}

function distBudget(dist: DistSize): Budget {
  return {
    name: 'dist/ size, all files',
    limit: `≤ ${BUDGET.distBytes / 1e6} MB`,
    actual: `${(dist.bytes / 1e6).toFixed(3)} MB`,
    ok: dist.bytes <= BUDGET.distBytes,
  };
}

function peakRssBudget(results: LatencyResult[], onBudgetNode: boolean): Budget {
  const peakRss = Math.max(
    ...results.flatMap((r) =>
      r.variants
        .filter((v) => v.bundle)
        .flatMap((v) => v.samples.map((s) => (s.maxRssKiB ?? NaN) * 1024)),
    ),
  );
  const measured = Number.isFinite(peakRss);
  return {
    name: 'bundle peak memory (max RSS over all its runs)',
    limit: `≤ ${BUDGET.peakRssBytes / 1e6} MB (Node ${BUDGET.budgetNode})`,
    actual: measured ? `${(peakRss / 1e6).toFixed(1)} MB` : '–',
    ok: measured && onBudgetNode ? peakRss <= BUDGET.peakRssBytes : undefined,
    why: !measured ? 'not measured (no GNU time)' : onBudgetNode ? undefined : notHere,
  };
}

function loadedBudget(loaded: LoadedFiles[], service: ServiceId): Budget {
  const entry = loaded.find((l) => l.service === service);
  return {
    name: `${service}: happy path loads no ${forbiddenWords(service)} code`,
    limit: 'none',
    actual: entry
      ? entry.forbidden.length
        ? entry.forbidden.join(', ')
        : `none (${entry.files.length} files, ${kb(entry.bytes)})`
      : '–',
    ok: entry ? entry.forbidden.length === 0 : undefined,
    why: entry ? undefined : `not measured: ${service} not available`,
  };
}
