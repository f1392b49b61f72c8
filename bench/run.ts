/**
 * `npm run bench`: times the committed bundle's happy path (OIDC token, STS, one start call:
 * Kendra StartDataSourceSyncJob, Bedrock StartIngestionJob) as a whole process against the local
 * simulator, side by side with the floor (bench/floor.cjs, for each service), the AWS CLI
 * (bench/cli.sh, Kendra) and bare `node -e ''`, on bare loopback and with 50 ms added to every
 * answer; checks every run did the work, lists the dist/ files each service's run loads (one extra,
 * untimed run), then checks the budgets. bench/README.md describes the method.
 *
 * Options: --runs N (15), --warmup N (3), --latency 0,50 (the budget needs 50), --no-cli,
 * --services kendra,bedrock (default: both).
 * KENDRA_SYNC_NODE picks the Node binary for the bundle, the floor and `node -e ''`.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../sim/index.js';
import { nodeBinary } from '../tools/runner.js';
import { checkBudgets } from './budgets.js';
import {
  ALL_SERVICES,
  BASELINE,
  LATENCIES,
  log,
  ROLE_ARN,
  root,
  RUNS,
  servicesAsked,
  WARMUP,
  WITH_CLI,
} from './config.js';
import { distSize } from './dist-size.js';
import { loadedFiles, type LoadedFiles } from './loaded.js';
import { findAwsCli, findTime, sh, type AwsCli } from './machine.js';
import { render, writeResults, type Meta } from './report.js';
import { BrokenRun, runOnce, type Bench } from './run-once.js';
import { summarize, type LatencyResult, type Round } from './stats.js';
import { variantsFor, type Variant } from './variants.js';

async function main(): Promise<number> {
  const started = performance.now();
  const loadBefore = loadavg()[0];
  if (loadBefore > cpus().length / 2) {
    log(`the machine is busy (load average ${loadBefore.toFixed(1)}): expect noisy numbers`);
  }
  const services = servicesAsked();
  const timeBin = findTime();
  if (!timeBin) log('no /usr/bin/time: CPU time and max RSS are not measured');
  const aws: AwsCli = WITH_CLI ? findAwsCli() : { unavailable: 'skipped (--no-cli)' };
  if (aws.unavailable) log(`AWS CLI unavailable: ${aws.unavailable}`);

  if (!existsSync(path.join(root, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` first');
  }
  // The bundle runs from a copy, away from node_modules: as committed, on its own.
  const work = mkdtempSync(path.join(tmpdir(), 'kendra-sync-bench-'));
  const workDist = path.join(work, 'dist');
  cpSync(path.join(root, 'dist'), workDist, { recursive: true });
  const nodeVersion = sh(`'${nodeBinary}' --version`).out.replace(/^v/, '');
  const variants = variantsFor(services, nodeBinary, workDist, aws, baselineDist(work));
  const unavailable = ALL_SERVICES.filter((service) => !services.includes(service)).map(
    (service) => `${service}: not available (not in --services ${services.join(',')}).`,
  );

  const sim = await startSimulator();
  sim.addRole(ROLE_ARN, { allow: ['kendra:*', 'bedrock:*'] });
  // Bedrock's start quota (one per 10 s) and job limits would throttle a benchmark, not the client.
  sim.setStartRateLimit(0);
  sim.setAccountJobLimit(1_000_000);
  sim.setDefaultIngestionJob({ startingMs: 0, inProgressMs: 0 });
  const bench: Bench = { sim, indexId: sim.addIndex({ name: 'bench' }), timeBin, work, runs: 0 };
  const results: LatencyResult[] = [];
  const loaded: LoadedFiles[] = [];
  try {
    for (const latencyMs of LATENCIES) {
      sim.setLatency(latencyMs);
      results.push(summarize(latencyMs, variants, await pairedRounds(bench, variants)));
      log(`${latencyMs} ms: done (${((performance.now() - started) / 1000).toFixed(0)} s so far)`);
    }
    // One more run per bundle variant, untimed: the loader hook would skew the timings.
    for (const variant of variants.filter((v) => v.bundle && !v.unavailable)) {
      const list = path.join(work, `loaded-${variant.id}`);
      await runOnce(bench, variant, list);
      loaded.push(loadedFiles(variant.service!, variant.label, list, workDist));
    }
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }

  const measured = {
    results,
    dist: distSize(path.join(root, 'dist')),
    loaded,
    services,
    nodeVersion,
  };
  const budgets = checkBudgets(measured);
  const meta = metaOf(nodeVersion, aws, services, started, loadBefore);
  const report = { ...measured, unavailable, budgets, meta };
  const markdown = render(report);
  process.stdout.write(markdown);
  const base = writeResults(report, markdown);
  log(`wrote bench/results/${base}.md and ${base}.json in ${meta.durationS} s`);

  const failed = budgets.filter((b) => b.ok === false);
  for (const b of failed) log(`budget failed: ${b.name}: ${b.actual}, limit ${b.limit}`);
  for (const b of budgets.filter((b) => b.ok === undefined)) log(`budget ${b.why}: ${b.name}`);
  return failed.length ? 1 : 0;
}

/**
 * Warm-up and timed rounds at the simulator's current latency. Paired and alternating: each
 * bundle and its floor are neighbours, and take turns going first.
 */
async function pairedRounds(bench: Bench, variants: Variant[]): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let round = 0; round < WARMUP + RUNS; round++) {
    const order = variants.filter((v) => !v.unavailable);
    if (round % 2 === 1) order.reverse();
    const samples: Round = new Map();
    for (const variant of order) {
      try {
        samples.set(variant.id, await runOnce(bench, variant));
      } catch (error) {
        // The CLI is only a reference: if it can't do the job here, say so and go on without it.
        if (variant.id === 'cli' && round === 0 && error instanceof BrokenRun) {
          variant.unavailable = 'not available: its first run failed (see stderr)';
          log(error.message);
          continue;
        }
        throw error;
      }
    }
    if (round >= WARMUP) rounds.push(samples);
  }
  return rounds;
}

function metaOf(
  nodeVersion: string,
  aws: AwsCli,
  services: string[],
  started: number,
  loadBefore: number,
): Meta {
  const git = (args: string): string => sh(`git -C '${root}' ${args}`).out;
  return {
    date: new Date().toISOString(),
    commit: git('rev-parse --short HEAD'),
    distMatchesCommit: git('status --porcelain -- dist') === '',
    node: nodeVersion,
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    awsCli: aws.version ?? 'unavailable',
    services,
    runs: RUNS,
    warmup: WARMUP,
    durationS: Math.round((performance.now() - started) / 1000),
    loadAverage: [loadBefore, loadavg()[0]].map((v) => Math.round(v * 10) / 10),
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);

/** With --baseline, that commit's committed dist/, unpacked beside the work copy. */
function baselineDist(work: string): { commit: string; dist: string } | undefined {
  if (!BASELINE) return undefined;
  const commit = sh(`git -C '${root}' rev-parse --short '${BASELINE}'`).out;
  sh(
    `git -C '${root}' archive '${commit}' dist | tar -x -C '${work}' --transform 's,^dist,baseline,'`,
  );
  return { commit, dist: path.join(work, 'baseline') };
}
