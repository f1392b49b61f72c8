/** What this benchmark run measures: the command line's options and the fixed settings. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resultsDir = path.join(root, 'bench', 'results');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

export type ServiceId = 'kendra' | 'bedrock';
export const ALL_SERVICES: ServiceId[] = ['kendra', 'bedrock'];

export const RUNS = Number(option('runs') ?? process.env.BENCH_RUNS ?? 15);
export const WARMUP = Number(option('warmup') ?? process.env.BENCH_WARMUP ?? 3);
export const LATENCIES = (option('latency') ?? '0,50').split(',').map(Number);
export const WITH_CLI = !process.argv.includes('--no-cli');
/** --baseline <commit>: also time that commit's committed dist/, paired with the same floors. */
export const BASELINE = option('baseline');

/** The services asked for with --services (default: all). */
export function servicesAsked(): ServiceId[] {
  const services = (option('services')?.split(',') as ServiceId[] | undefined) ?? ALL_SERVICES;
  for (const service of services) {
    if (!ALL_SERVICES.includes(service)) throw new Error(`--services: no service '${service}'`);
  }
  return services;
}

export const RUN_TIMEOUT_MS = 30_000;
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/kendra-sync-bench';

export function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
