/** From a latency's rounds of samples to each variant's medians, spreads and paired ratios. */
import type { ServiceId } from './config.js';
import { PHASES, type Phases } from './phases.js';
import type { Sample } from './run-once.js';
import type { Variant } from './variants.js';

interface Stats {
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

interface VariantResult {
  id: Variant['id'];
  label: string;
  service?: ServiceId;
  bundle?: boolean;
  unavailable?: string;
  runs: number;
  wallMs?: Stats;
  cpuMs?: Stats;
  maxRssMB?: Stats;
  firstRequestMs?: Stats;
  /** Median over rounds of this run / the floor's run in the same round. */
  wallRatio?: number;
  cpuRatio?: number;
  rssRatio?: number;
  /** Medians of each phase, ms. */
  phases?: Record<keyof Phases, number>;
  samples: Sample[];
}

export interface LatencyResult {
  latencyMs: number;
  variants: VariantResult[];
}

/** One round: a sample of every variant that ran, paired by being neighbours in time. */
export type Round = Map<Variant['id'], Sample>;

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(values: Array<number | undefined>): Stats | undefined {
  const sorted = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return {
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export function summarize(latencyMs: number, variants: Variant[], rounds: Round[]): LatencyResult {
  const pairedRatio = (
    variant: Variant,
    pick: (s: Sample) => number | undefined,
  ): number | undefined =>
    stats(
      rounds.map((round) => {
        const [mine, floor] = [round.get(variant.id), round.get(variant.floor)];
        const [a, b] = [mine && pick(mine), floor && pick(floor)];
        return a !== undefined && b ? a / b : undefined;
      }),
    )?.median;
  return {
    latencyMs,
    variants: variants.map((variant) => {
      const samples = rounds.map((round) => round.get(variant.id)).filter((s) => s !== undefined);
      const withPhases = samples.filter((s) => s.phases);
      return {
        id: variant.id,
        label: variant.label,
        service: variant.service,
        bundle: variant.bundle,
        unavailable: variant.unavailable,
        runs: samples.length,
        wallMs: stats(samples.map((s) => s.wallMs)),
        cpuMs: stats(samples.map((s) => s.cpuMs)),
        maxRssMB: stats(samples.map((s) => s.maxRssKiB && (s.maxRssKiB * 1024) / 1e6)),
        firstRequestMs: stats(samples.map((s) => s.firstRequestMs)),
        wallRatio: pairedRatio(variant, (s) => s.wallMs),
        cpuRatio: pairedRatio(variant, (s) => s.cpuMs),
        rssRatio: pairedRatio(variant, (s) => s.maxRssKiB),
        phases: withPhases.length
          ? (Object.fromEntries(
              PHASES.map(([key]) => [key, stats(withPhases.map((s) => s.phases?.[key]))?.median]),
            ) as Record<keyof Phases, number>)
          : undefined,
        samples,
      };
    }),
  };
}
