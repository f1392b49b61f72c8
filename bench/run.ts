/**
 * `npm run bench`: times the committed bundle's happy path (OIDC token, STS, one
 * StartDataSourceSyncJob) as a whole process against the local simulator, side by side with the
 * floor (bench/floor.cjs), the AWS CLI (bench/cli.sh) and bare `node -e ''`, on bare loopback and
 * with 50 ms added to every answer; checks every run did the work, then the budgets.
 *
 * Options: --runs N (15), --warmup N (3), --latency 0,50 (the budget needs 50), --no-cli.
 * KENDRA_SYNC_NODE picks the Node binary for the bundle, the floor and `node -e ''`.
 */
import { spawn, spawnSync } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { nodeBinary, parseOutputs, runnerEnv } from '../tools/runner.js';
import { startSimulator, type Simulator } from '../sim/index.js';
import { REGION, seedWorld } from '../tools/world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'bench', 'results');

// ---- configuration --------------------------------------------------------------------------

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}
const RUNS = Number(option('runs') ?? process.env.BENCH_RUNS ?? 15);
const WARMUP = Number(option('warmup') ?? process.env.BENCH_WARMUP ?? 3);
const LATENCIES = (option('latency') ?? '0,50').split(',').map(Number);
const WITH_CLI = !process.argv.includes('--no-cli');
const RUN_TIMEOUT_MS = 30_000;

const ROLE_ARN = 'arn:aws:iam::123456789012:role/kendra-sync-bench';

/** The issue's budgets: the ratio is checked with 50 ms per answer; sizes in bytes (MB = 10^6). */
const BUDGET = {
  latencyMs: 50,
  ratioToFloor: 1.4,
  distBytes: 1_500_000,
  peakRssBytes: 80_000_000,
};

// ---- tools ----------------------------------------------------------------------------------

function sh(command: string): { ok: boolean; out: string } {
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** apt-get install, with apt-get update first if the package isn't found. */
function aptInstall(pkg: string): boolean {
  if (!existsSync('/usr/bin/apt-get')) return false;
  log(`installing Debian package ${pkg} ...`);
  if (sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`).ok) return true;
  sh('apt-get update -qq');
  return sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`).ok;
}

function findTime(): string | undefined {
  if (existsSync('/usr/bin/time')) return '/usr/bin/time';
  aptInstall('time');
  return existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
}

interface AwsCli {
  path?: string;
  version?: string;
  unavailable?: string;
}

function findAwsCli(): AwsCli {
  let found = sh('command -v aws');
  if (!found.ok) {
    aptInstall('awscli');
    found = sh('command -v aws');
    if (!found.ok) return { unavailable: 'no `aws` on PATH and `apt-get install awscli` failed' };
  }
  let cli = found.out.split('\n')[0];
  // A pyenv shim adds a bash script and `pyenv exec` to every call; time the CLI itself.
  if (cli.includes('/shims/')) {
    const real = sh('pyenv which aws');
    if (real.ok && real.out) cli = real.out.split('\n')[0];
  }
  const version = sh(`'${cli}' --version`);
  if (!version.ok) return { unavailable: `\`${cli} --version\` failed: ${version.out}` };
  return { path: cli, version: version.out.split(' ')[0] };
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

// ---- the requests the simulator sees, timed in this process ----------------------------------

type Service = 'oidc' | 'sts' | 'kendra';
interface WireEvent {
  service: Service;
  start: number;
  finish?: number;
}
let wire: WireEvent[] = [];
const pending = new Map<IncomingMessage, WireEvent>();

diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  const service: Service = request.url?.startsWith('/oidc')
    ? 'oidc'
    : request.headers['x-amz-target']
      ? 'kendra'
      : 'sts';
  const event: WireEvent = { service, start: performance.now() };
  wire.push(event);
  pending.set(request, event);
});
diagnostics.subscribe('http.server.response.finish', (message) => {
  const { request } = message as { request: IncomingMessage };
  const event = pending.get(request);
  if (event) event.finish = performance.now();
  pending.delete(request);
});

// ---- variants -------------------------------------------------------------------------------

interface Variant {
  id: 'bundle' | 'floor' | 'cli' | 'node';
  label: string;
  command: string[];
  /** Makes the three requests and writes execution-id (else: only exits 0). */
  works: boolean;
  env?: Record<string, string>;
  unavailable?: string;
}

interface Sample {
  wallMs: number;
  cpuMs?: number;
  userMs?: number;
  sysMs?: number;
  maxRssKiB?: number;
  /** Spawn to the first request reaching the simulator. */
  firstRequestMs?: number;
  phases?: Phases;
}

/** Where a run's wall time went, from spawn to exit, as seen from the simulator. */
interface Phases {
  startup: number;
  oidc: number;
  afterOidc: number;
  sts: number;
  afterSts: number;
  kendra: number;
  afterKendra: number;
}
const PHASES: Array<[keyof Phases, string]> = [
  ['startup', 'spawn → OIDC request'],
  ['oidc', 'OIDC answer (sim)'],
  ['afterOidc', 'OIDC answer → STS request'],
  ['sts', 'STS answer (sim)'],
  ['afterSts', 'STS answer → Kendra request'],
  ['kendra', 'Kendra answer (sim)'],
  ['afterKendra', 'Kendra answer → exit'],
];

class BrokenRun extends Error {}

async function runOnce(
  sim: Simulator,
  indexId: string,
  variant: Variant,
  timeBin: string | undefined,
  work: string,
  n: number,
): Promise<Sample> {
  const dataSourceId = variant.works ? sim.addDataSource(indexId, { name: `bench-${n}` }) : 'none';
  const dir = path.join(work, `run-${n}`);
  mkdirSync(dir);
  const files = {
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary'),
    env: path.join(dir, 'env'),
    state: path.join(dir, 'state'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const timeFile = path.join(dir, 'time');
  const env = {
    ...runnerEnv(
      {
        'index-id': indexId,
        'data-source-id': dataSourceId,
        'role-to-assume': ROLE_ARN,
        'aws-region': REGION,
      },
      files,
    ),
    ...sim.env(),
    ...variant.env,
  };
  const argv = timeBin
    ? [timeBin, '-f', '%U %S %M', '-o', timeFile, ...variant.command]
    : variant.command;

  const before = sim.requests.length;
  wire = [];
  const t0 = performance.now();
  const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let exitAt = 0;
  child.on('exit', () => (exitAt = performance.now()));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);

  const problems: string[] = [];
  if (code !== 0) problems.push(`exit code ${code}`);
  const records = sim.requests.slice(before);
  const count = (service: string, action?: string): number =>
    records.filter((r) => r.service === service && (action === undefined || r.action === action))
      .length;
  let phases: Phases | undefined;
  if (variant.works) {
    const expected: Array<[string, string | undefined]> = [
      ['oidc', undefined],
      ['sts', 'AssumeRoleWithWebIdentity'],
      ['kendra', 'StartDataSourceSyncJob'],
    ];
    for (const [service, action] of expected) {
      const seen = count(service, action);
      if (seen !== 1) problems.push(`${seen} ${service} ${action ?? ''} requests, not 1`.trim());
    }
    if (records.length !== 3) problems.push(`${records.length} requests in all, not 3`);
    const failed = records.filter((r) => r.status !== 200);
    if (failed.length) {
      problems.push(`answers not 200: ${failed.map((r) => `${r.action} ${r.status}`).join(', ')}`);
    }
    const outputs = parseOutputs(readFileSync(files.output, 'utf8'));
    const plain = /^execution-id=(.*)$/m.exec(readFileSync(files.output, 'utf8'));
    const executionId = outputs['execution-id'] ?? plain?.[1];
    const jobs = sim.jobs(indexId, dataSourceId);
    if (!executionId) problems.push('no execution-id output');
    else if (jobs.length !== 1 || jobs[0].executionId !== executionId) {
      problems.push(`execution-id ${executionId} is not the one job the simulator started`);
    }
    phases = phasesOf(t0, exitAt);
    if (!phases) problems.push('request timeline incomplete');
  } else if (records.length) {
    problems.push(`${records.length} requests, expected none`);
  }
  if (problems.length) {
    throw new BrokenRun(
      `${variant.label} run ${n} is broken: ${problems.join('; ')}\n` +
        `--- stdout\n${stdout.slice(-2000)}\n--- stderr\n${stderr.slice(-2000)}`,
    );
  }

  const sample: Sample = { wallMs: exitAt - t0, phases, firstRequestMs: phases?.startup };
  if (timeBin) {
    // GNU time writes "Command exited with non-zero status" first when it applies.
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [user, sys, rss] = last.split(' ').map(Number);
    Object.assign(sample, {
      userMs: user * 1000,
      sysMs: sys * 1000,
      cpuMs: (user + sys) * 1000,
      maxRssKiB: rss,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return sample;
}

function phasesOf(t0: number, exitAt: number): Phases | undefined {
  const first = (service: Service): WireEvent | undefined =>
    wire.find((event) => event.service === service);
  const [oidc, sts, kendra] = [first('oidc'), first('sts'), first('kendra')];
  if (!oidc?.finish || !sts?.finish || !kendra?.finish) return undefined;
  return {
    startup: oidc.start - t0,
    oidc: oidc.finish - oidc.start,
    afterOidc: sts.start - oidc.finish,
    sts: sts.finish - sts.start,
    afterSts: kendra.start - sts.finish,
    kendra: kendra.finish - kendra.start,
    afterKendra: exitAt - kendra.finish,
  };
}

// ---- statistics -----------------------------------------------------------------------------

interface Stats {
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

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

interface VariantResult {
  id: Variant['id'];
  label: string;
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

interface LatencyResult {
  latencyMs: number;
  variants: VariantResult[];
}

function summarize(
  latencyMs: number,
  variants: Variant[],
  rounds: Array<Map<Variant['id'], Sample>>,
): LatencyResult {
  const floorOf = (round: Map<Variant['id'], Sample>): Sample | undefined => round.get('floor');
  const pairedRatio = (
    id: Variant['id'],
    pick: (s: Sample) => number | undefined,
  ): number | undefined =>
    stats(
      rounds.map((round) => {
        const [mine, floor] = [round.get(id), floorOf(round)];
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
        unavailable: variant.unavailable,
        runs: samples.length,
        wallMs: stats(samples.map((s) => s.wallMs)),
        cpuMs: stats(samples.map((s) => s.cpuMs)),
        maxRssMB: stats(samples.map((s) => s.maxRssKiB && (s.maxRssKiB * 1024) / 1e6)),
        firstRequestMs: stats(samples.map((s) => s.firstRequestMs)),
        wallRatio: pairedRatio(variant.id, (s) => s.wallMs),
        cpuRatio: pairedRatio(variant.id, (s) => s.cpuMs),
        rssRatio: pairedRatio(variant.id, (s) => s.maxRssKiB),
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

// ---- dist/ ----------------------------------------------------------------------------------

interface DistSize {
  files: number;
  bytes: number;
  jsFiles: number;
  jsBytes: number;
  /** dist/index.js and the chunks it imports statically: parsed before anything runs. */
  startPathFiles: string[];
  startPathBytes: number;
}

function distSize(dist: string): DistSize {
  const size: DistSize = {
    files: 0,
    bytes: 0,
    jsFiles: 0,
    jsBytes: 0,
    startPathFiles: [],
    startPathBytes: 0,
  };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const bytes = statSync(full).size;
        size.files++;
        size.bytes += bytes;
        if (/\.[cm]?js$/.test(entry.name)) {
          size.jsFiles++;
          size.jsBytes += bytes;
        }
      }
    }
  };
  walk(dist);
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Static imports only: `import ... from "./x.js"` and `import "./x.js"`, not import().
    for (const match of text.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(path.resolve(path.dirname(file), match[1]));
    }
  };
  visit(path.join(dist, 'index.js'));
  size.startPathFiles = [...seen].map((file) => path.relative(dist, file));
  size.startPathBytes = [...seen].reduce((sum, file) => sum + statSync(file).size, 0);
  return size;
}

// ---- report ---------------------------------------------------------------------------------

const ms = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(0)}`);
const x = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(2)}×`);
const mb = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(1));
const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

function latencyTable(result: LatencyResult): string[] {
  const rows = [
    '| variant | wall median ms | IQR | min–max | × floor | CPU ms (user+sys) | × floor | max RSS MB | × floor | first request ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const v of result.variants) {
    if (v.unavailable) {
      rows.push(`| ${v.label} | unavailable: ${v.unavailable} | | | | | | | | |`);
      continue;
    }
    rows.push(
      `| ${v.label} | ${ms(v.wallMs?.median)} | ${ms(v.wallMs?.q1)}–${ms(v.wallMs?.q3)} | ` +
        `${ms(v.wallMs?.min)}–${ms(v.wallMs?.max)} | ${x(v.wallRatio)} | ${ms(v.cpuMs?.median)} | ` +
        `${x(v.cpuRatio)} | ${mb(v.maxRssMB?.median)} (max ${mb(v.maxRssMB?.max)}) | ` +
        `${x(v.rssRatio)} | ${ms(v.firstRequestMs?.median)} |`,
    );
  }
  return rows;
}

function phaseTable(result: LatencyResult): string[] {
  const shown = result.variants.filter((v) => v.phases);
  const rows = [
    `| phase (median ms) | ${shown.map((v) => v.label).join(' | ')} |`,
    `| --- | ${shown.map(() => '---:').join(' | ')} |`,
  ];
  for (const [key, label] of PHASES) {
    rows.push(`| ${label} | ${shown.map((v) => ms(v.phases?.[key])).join(' | ')} |`);
  }
  return rows;
}

interface Budget {
  name: string;
  limit: string;
  actual: string;
  ok: boolean;
}

function render(
  results: LatencyResult[],
  dist: DistSize,
  budgets: Budget[],
  meta: Record<string, unknown>,
): string {
  const lines = [
    '# kendra-sync benchmark',
    '',
    `${meta.date} · commit ${meta.commit}${meta.distMatchesCommit ? '' : ' (dist/ modified)'} · ` +
      `Node ${meta.node} · ${meta.cpus}× ${meta.cpu} · AWS CLI ${meta.awsCli} · ` +
      `${RUNS} paired runs per latency after ${WARMUP} warm-up rounds, order alternating · ` +
      `load average ${(meta.loadAverage as number[]).join(' → ')} (${meta.durationS} s).`,
    '',
    'Wall time from spawn to exit of the whole process; CPU and max RSS from GNU time; ' +
      '"× floor" is the median over rounds of the ratio to the floor run of the same round; ' +
      '"first request" is spawn to the simulator receiving the OIDC request.',
  ];
  for (const result of results) {
    lines.push('', `## ${result.latencyMs} ms added to every answer`, '');
    lines.push(...latencyTable(result), '', ...phaseTable(result));
  }
  lines.push(
    '',
    '## dist/',
    '',
    `All files: ${kb(dist.bytes)} in ${dist.files} files; JS only: ${kb(dist.jsBytes)} in ${dist.jsFiles} files; ` +
      `start path (index.js and its static imports): ${kb(dist.startPathBytes)} in ${dist.startPathFiles.length} files.`,
    '',
    '## Budgets',
    '',
    '| budget | limit | actual | |',
    '| --- | --- | --- | --- |',
    ...budgets.map(
      (b) => `| ${b.name} | ${b.limit} | ${b.actual} | ${b.ok ? 'ok' : '**FAILED**'} |`,
    ),
  );
  return lines.join('\n') + '\n';
}

// ---- main -----------------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = performance.now();
  const loadBefore = loadavg()[0];
  if (loadBefore > cpus().length / 2) {
    log(`the machine is busy (load average ${loadBefore.toFixed(1)}): expect noisy numbers`);
  }
  const timeBin = findTime();
  if (!timeBin) log('no /usr/bin/time: CPU time and max RSS are not measured');
  const aws: AwsCli = WITH_CLI ? findAwsCli() : { unavailable: 'skipped (--no-cli)' };
  if (aws.unavailable) log(`AWS CLI unavailable: ${aws.unavailable}`);

  if (!existsSync(path.join(root, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` first');
  }
  // The bundle runs from a copy, away from node_modules: as committed, on its own.
  const work = mkdtempSync(path.join(tmpdir(), 'kendra-sync-bench-'));
  cpSync(path.join(root, 'dist'), path.join(work, 'dist'), { recursive: true });
  const node = nodeBinary;
  const variants: Variant[] = [
    {
      id: 'bundle',
      label: 'bundle (dist/index.js)',
      command: [node, path.join(work, 'dist', 'index.js')],
      works: true,
    },
    {
      id: 'floor',
      label: 'floor (bench/floor.cjs)',
      command: [node, path.join(root, 'bench', 'floor.cjs')],
      works: true,
    },
    {
      id: 'cli',
      label: 'AWS CLI (bench/cli.sh)',
      command: ['bash', path.join(root, 'bench', 'cli.sh')],
      works: true,
      env: aws.path ? { AWS_CLI: aws.path } : {},
      unavailable: aws.unavailable,
    },
    { id: 'node', label: "node -e '' (startup only)", command: [node, '-e', ''], works: false },
  ];

  const sim = await startSimulator();
  // Each run adds its own data source (one job each); jobs run as the simulator's default.
  const { indexId } = seedWorld(sim, {
    roleArn: ROLE_ARN,
    indexName: 'bench',
    dataSources: [],
    defaultJob: null,
  });
  let n = 0;
  const results: LatencyResult[] = [];
  try {
    for (const latencyMs of LATENCIES) {
      sim.setLatency(latencyMs);
      const rounds: Array<Map<Variant['id'], Sample>> = [];
      for (let round = 0; round < WARMUP + RUNS; round++) {
        // Paired and alternating: bundle and floor are neighbours, and take turns going first.
        const order = variants.filter((v) => !v.unavailable);
        if (round % 2 === 1) order.reverse();
        const samples = new Map<Variant['id'], Sample>();
        for (const variant of order) {
          try {
            samples.set(variant.id, await runOnce(sim, indexId, variant, timeBin, work, n++));
          } catch (error) {
            // The CLI is a reference: if it can't do the job here, say so and go on without it.
            if (variant.id === 'cli' && round === 0 && error instanceof BrokenRun) {
              variant.unavailable = 'its first run failed (see stderr)';
              log(error.message);
              continue;
            }
            throw error;
          }
        }
        if (round >= WARMUP) rounds.push(samples);
      }
      const result = summarize(latencyMs, variants, rounds);
      results.push(result);
      log(`${latencyMs} ms: done (${((performance.now() - started) / 1000).toFixed(0)} s so far)`);
    }
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }

  const dist = distSize(path.join(root, 'dist'));
  const budgets: Budget[] = [];
  const budgetRun = results.find((r) => r.latencyMs === BUDGET.latencyMs);
  const bundleAt = budgetRun?.variants.find((v) => v.id === 'bundle');
  budgets.push({
    name: `bundle ÷ floor, wall median of paired runs, ${BUDGET.latencyMs} ms per answer`,
    limit: `≤ ${BUDGET.ratioToFloor}×`,
    actual: bundleAt ? x(bundleAt.wallRatio) : `not measured (no --latency ${BUDGET.latencyMs})`,
    ok: (bundleAt?.wallRatio ?? Infinity) <= BUDGET.ratioToFloor,
  });
  budgets.push({
    name: 'dist/ size, all files',
    limit: `≤ ${BUDGET.distBytes / 1e6} MB`,
    actual: `${(dist.bytes / 1e6).toFixed(3)} MB`,
    ok: dist.bytes <= BUDGET.distBytes,
  });
  const peakRss = Math.max(
    ...results.flatMap((r) =>
      r.variants
        .filter((v) => v.id === 'bundle')
        .flatMap((v) => v.samples.map((s) => (s.maxRssKiB ?? NaN) * 1024)),
    ),
  );
  budgets.push({
    name: 'bundle peak memory (max RSS over all runs)',
    limit: `≤ ${BUDGET.peakRssBytes / 1e6} MB`,
    actual: Number.isFinite(peakRss) ? `${(peakRss / 1e6).toFixed(1)} MB` : 'not measured',
    ok: peakRss <= BUDGET.peakRssBytes,
  });

  const git = (args: string): string => sh(`git -C '${root}' ${args}`).out;
  const meta = {
    date: new Date().toISOString(),
    commit: git('rev-parse --short HEAD'),
    distMatchesCommit: git('status --porcelain -- dist') === '',
    node: sh(`'${node}' --version`).out.replace(/^v/, ''),
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    awsCli: aws.version ?? 'unavailable',
    runs: RUNS,
    warmup: WARMUP,
    durationS: Math.round((performance.now() - started) / 1000),
    /** 1-minute load average before and after: other work on the machine skews the numbers. */
    loadAverage: [loadBefore, loadavg()[0]].map((v) => Math.round(v * 10) / 10),
  };
  const markdown = render(results, dist, budgets, meta);
  process.stdout.write(markdown);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'latest.md'), markdown);
  // Raw samples stay, without their phases (summarized per variant), one line each.
  const slim = results.map((r) => ({
    ...r,
    variants: r.variants.map((v) => ({
      ...v,
      samples: v.samples.map((sample) => ({ ...sample, phases: undefined })),
    })),
  }));
  const round = (_key: string, value: unknown): unknown =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 10) / 10 : value;
  const json = JSON.stringify({ meta, budget: BUDGET, budgets, dist, results: slim }, round, 1)
    // Objects of plain values on one line each.
    .replace(/\{\n\s*("[^"\n]+": [^{}[\]\n]+,?\n\s*)+\}/g, (object) =>
      object.replace(/\n\s*/g, ' '),
    );
  writeFileSync(path.join(resultsDir, 'latest.json'), json + '\n');
  log(`wrote bench/results/latest.md and latest.json in ${meta.durationS} s`);

  const failed = budgets.filter((b) => !b.ok);
  for (const b of failed) log(`budget failed: ${b.name}: ${b.actual}, limit ${b.limit}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
