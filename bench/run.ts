/**
 * `npm run bench`: times the committed bundle's happy path (OIDC token, STS, one start call:
 * Kendra StartDataSourceSyncJob, Bedrock StartIngestionJob) as a whole process against the local
 * simulator, side by side with the floor (bench/floor.cjs, bench/floor-bedrock.cjs), the AWS CLI
 * (bench/cli.sh, Kendra) and bare `node -e ''`, on bare loopback and with 50 ms added to every
 * answer; checks every run did the work, lists the dist/ files each service's run loads (one extra,
 * untimed run), then checks the budgets.
 *
 * Options: --runs N (15), --warmup N (3), --latency 0,50 (the budget needs 50), --no-cli,
 * --services kendra,bedrock (default: those the simulator and action.yml support).
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
import { fileURLToPath, pathToFileURL } from 'node:url';
import { actionYaml, nodeBinary, parseOutputs, runnerEnv } from '../tools/runner.js';
import { startSimulator, type Simulator } from '../sim/index.js';
import { REGION } from '../tools/world.js';

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
const SERVICES_ASKED = option('services')?.split(',') as ServiceId[] | undefined;
const RUN_TIMEOUT_MS = 30_000;

const ROLE_ARN = 'arn:aws:iam::123456789012:role/kendra-sync-bench';

/**
 * The budgets: the ratio (per service) with 50 ms per answer; sizes in bytes (MB = 10^6). Time and
 * memory are checked on `budgetNode`, the Node runners use, and only reported on others.
 */
const BUDGET = {
  latencyMs: 50,
  ratioToFloor: 1.25,
  distBytes: 1_000_000,
  peakRssBytes: 70_000_000,
  budgetNode: 24,
};

type ServiceId = 'kendra' | 'bedrock';
const ALL_SERVICES: ServiceId[] = ['kendra', 'bedrock'];

/**
 * SDK and service code recognised by content: a Kendra run must load none of Bedrock's or
 * CloudWatch Logs', a Bedrock run none of Kendra's or Logs' (the contract's happy path).
 */
const CODE_MARKERS: Record<'kendra' | 'bedrock' | 'logs', string[]> = {
  kendra: ['AWSKendraFrontendService', 'StartDataSourceSyncJob'],
  bedrock: ['StartIngestionJob', 'AmazonBedrockAgentBuildTimeLambda', 'bedrock-agent-fips'],
  logs: ['FilterLogEvents', 'Logs_20140328'],
};
const FOREIGN: Record<ServiceId, Array<keyof typeof CODE_MARKERS>> = {
  kendra: ['bedrock', 'logs'],
  bedrock: ['kendra', 'logs'],
};

/** The Bedrock part of the simulator, written in parallel: present only once it exists. */
interface BedrockSim {
  addKnowledgeBase(opts: { name: string }): string;
  addBedrockDataSource(knowledgeBaseId: string, opts: { name: string }): string;
  ingestionJobs(knowledgeBaseId: string, dataSourceId: string): Array<{ ingestionJobId: string }>;
  setStartRateLimit?(intervalMs: number): void;
  setAccountJobLimit?(limit: number): void;
  setDefaultIngestionJob?(job: { startingMs?: number; inProgressMs?: number }): void;
}
type Sim = Simulator & Partial<BedrockSim>;

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

/** The three requests of a run: the token, STS, the service's start call. */
type Service = 'oidc' | 'sts' | 'start';
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
    : /x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')
      ? 'sts'
      : 'start';
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
  id: 'bundle' | 'floor' | 'bundle-bedrock' | 'floor-bedrock' | 'cli' | 'node';
  label: string;
  command: string[];
  /** The service whose happy path it runs (three requests and execution-id); none: only exits 0. */
  service?: ServiceId;
  /** The floor it is paired with in "× floor". */
  floor: Variant['id'];
  /** The bundle: its loaded files are listed. */
  bundle?: boolean;
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
  start: number;
  afterStart: number;
}
const PHASES: Array<[keyof Phases, string]> = [
  ['startup', 'spawn → OIDC request'],
  ['oidc', 'OIDC answer (sim)'],
  ['afterOidc', 'OIDC answer → STS request'],
  ['sts', 'STS answer (sim)'],
  ['afterSts', 'STS answer → start request'],
  ['start', 'start answer (sim)'],
  ['afterStart', 'start answer → exit'],
];

/** What each service's happy path sends the simulator, and where the started job is found. */
interface ServiceSetup {
  inputs: Record<string, string>;
  env: Record<string, string>;
  action: [service: string, action: string, status: number];
  /** The execution IDs of the jobs the simulator holds for this run's data source. */
  jobs: () => string[];
}

function setUp(sim: Sim, service: ServiceId | undefined, indexId: string, n: number): ServiceSetup {
  if (service === 'bedrock') {
    // A knowledge base per run: Bedrock runs one job per knowledge base at a time.
    const kb = sim.addKnowledgeBase!({ name: `bench-${n}` });
    const ds = sim.addBedrockDataSource!(kb, { name: `bench-${n}` });
    return {
      inputs: { 'knowledge-base-id': kb, 'data-source-id': ds },
      env: { AWS_ENDPOINT_URL_BEDROCK_AGENT: sim.url },
      action: ['bedrock', 'StartIngestionJob', 202],
      jobs: () => sim.ingestionJobs!(kb, ds).map((job) => job.ingestionJobId),
    };
  }
  const ds = service ? sim.addDataSource(indexId, { name: `bench-${n}` }) : 'none';
  return {
    inputs: { 'index-id': indexId, 'data-source-id': ds },
    env: {},
    action: ['kendra', 'StartDataSourceSyncJob', 200],
    jobs: () => sim.jobs(indexId, ds).map((job) => job.executionId),
  };
}

class BrokenRun extends Error {}

async function runOnce(
  sim: Sim,
  indexId: string,
  variant: Variant,
  timeBin: string | undefined,
  work: string,
  n: number,
  /** The untimed extra run: a loader hook lists the files the process loads into this file. */
  listLoadedFilesTo?: string,
): Promise<Sample> {
  const setup = setUp(sim, variant.service, indexId, n);
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
    ...runnerEnv({ ...setup.inputs, 'role-to-assume': ROLE_ARN, 'aws-region': REGION }, files),
    ...sim.env(),
    ...setup.env,
    ...variant.env,
    ...(listLoadedFilesTo && { BENCH_LOADED_FILES: listLoadedFilesTo }),
  };
  const command = listLoadedFilesTo
    ? [variant.command[0], '--import', LOADED_FILES_HOOK, ...variant.command.slice(1)]
    : variant.command;
  const argv =
    timeBin && !listLoadedFilesTo
      ? [timeBin, '-f', '%U %S %M', '-o', timeFile, ...command]
      : command;

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
  if (variant.service) {
    const [startService, startAction, startStatus] = setup.action;
    const expected: Array<[string, string | undefined, number]> = [
      ['oidc', undefined, 200],
      ['sts', 'AssumeRoleWithWebIdentity', 200],
      [startService, startAction, startStatus],
    ];
    for (const [service, action] of expected) {
      const seen = count(service, action);
      if (seen !== 1) problems.push(`${seen} ${service} ${action ?? ''} requests, not 1`.trim());
    }
    if (records.length !== 3) problems.push(`${records.length} requests in all, not 3`);
    const failed = records.filter(
      (r) => r.status !== (r.service === startService ? startStatus : 200),
    );
    if (failed.length) {
      problems.push(
        `unexpected answers: ${failed.map((r) => `${r.action} ${r.status}`).join(', ')}`,
      );
    }
    const outputs = parseOutputs(readFileSync(files.output, 'utf8'));
    const plain = /^execution-id=(.*)$/m.exec(readFileSync(files.output, 'utf8'));
    const executionId = outputs['execution-id'] ?? plain?.[1];
    const jobs = setup.jobs();
    if (!executionId) problems.push('no execution-id output');
    else if (jobs.length !== 1 || jobs[0] !== executionId) {
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
  if (timeBin && !listLoadedFilesTo) {
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
  const [oidc, sts, start] = [first('oidc'), first('sts'), first('start')];
  if (!oidc?.finish || !sts?.finish || !start?.finish) return undefined;
  return {
    startup: oidc.start - t0,
    oidc: oidc.finish - oidc.start,
    afterOidc: sts.start - oidc.finish,
    sts: sts.finish - sts.start,
    afterSts: start.start - sts.finish,
    start: start.finish - start.start,
    afterStart: exitAt - start.finish,
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

interface LatencyResult {
  latencyMs: number;
  variants: VariantResult[];
}

function summarize(
  latencyMs: number,
  variants: Variant[],
  rounds: Array<Map<Variant['id'], Sample>>,
): LatencyResult {
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

// ---- files loaded ---------------------------------------------------------------------------

const LOADED_FILES_HOOK = pathToFileURL(path.join(root, 'bench', 'loaded-files.mjs')).href;

interface LoadedFile {
  /** Relative to dist/. */
  file: string;
  bytes: number;
  /** Which services' code it holds, by CODE_MARKERS: marker strings found. */
  holds: Partial<Record<keyof typeof CODE_MARKERS, string[]>>;
}

interface LoadedFiles {
  service: ServiceId;
  variant: string;
  files: LoadedFile[];
  bytes: number;
  /** Files that hold another service's (or Logs') code: the contract says none. */
  foreign: string[];
}

/** What each marker set finds in a file's text. */
function codeIn(text: string): LoadedFile['holds'] {
  const holds: LoadedFile['holds'] = {};
  for (const [code, markers] of Object.entries(CODE_MARKERS) as Array<
    [keyof typeof CODE_MARKERS, string[]]
  >) {
    const found = markers.filter((marker) => text.includes(marker));
    if (found.length) holds[code] = found;
  }
  return holds;
}

/** The list the hook wrote, as dist/ files with their sizes and contents' services. */
function loadedFiles(variant: Variant, listFile: string, dist: string): LoadedFiles {
  const paths = [...new Set(readFileSync(listFile, 'utf8').split('\n').filter(Boolean))];
  const outside = paths.filter((file) => path.relative(dist, file).startsWith('..'));
  if (outside.length) {
    throw new BrokenRun(`${variant.label} loaded files outside dist/: ${outside.join(', ')}`);
  }
  const files = paths.map((file) => ({
    file: path.relative(dist, file),
    bytes: statSync(file).size,
    holds: codeIn(readFileSync(file, 'utf8')),
  }));
  const service = variant.service as ServiceId;
  return {
    service,
    variant: variant.label,
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    foreign: files
      .filter((f) => FOREIGN[service].some((code) => f.holds[code]))
      .map(
        (f) =>
          `${f.file} (${FOREIGN[service]
            .flatMap((code) => f.holds[code] ?? [])
            .map((m) => `'${m}'`)
            .join(', ')})`,
      ),
  };
}

function loadedTable(loaded: LoadedFiles): string[] {
  const holds = (f: LoadedFile): string =>
    Object.entries(f.holds)
      .map(([code, markers]) => `${code} (${markers.join(', ')})`)
      .join('; ') || '–';
  return [
    `${loaded.variant}: ${loaded.files.length} files, ${kb(loaded.bytes)}, in load order` +
      (loaded.foreign.length
        ? `. **Loads code of another service: ${loaded.foreign.join(', ')}.**`
        : `; none holds ${FOREIGN[loaded.service].join(' or ')} code.`),
    '',
    '| file | bytes | service code in it |',
    '| --- | ---: | --- |',
    ...loaded.files.map((f) => `| ${f.file} | ${f.bytes} | ${holds(f)} |`),
  ];
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
      const why = v.unavailable.startsWith('not available')
        ? v.unavailable
        : `unavailable: ${v.unavailable}`;
      rows.push(`| ${v.label} | ${why} | | | | | | | | |`);
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
  /** undefined: not checked (not measured, or not the budget's Node), `why` says which. */
  ok?: boolean;
  why?: string;
}

function render(
  results: LatencyResult[],
  dist: DistSize,
  loaded: LoadedFiles[],
  unavailable: string[],
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
    '## Files loaded',
    '',
    'What one extra, untimed run of each service loads from dist/ (a loader hook, ' +
      '`bench/loaded-files.mjs`, lists them); "service code" is found by content ' +
      `(${Object.entries(CODE_MARKERS)
        .map(([code, markers]) => `${code}: ${markers.map((m) => `'${m}'`).join(', ')}`)
        .join('; ')}).`,
  );
  for (const entry of loaded) lines.push('', ...loadedTable(entry));
  for (const note of unavailable) lines.push('', note);
  lines.push(
    '',
    '## Budgets',
    '',
    '| budget | limit | actual | |',
    '| --- | --- | --- | --- |',
    ...budgets.map(
      (b) =>
        `| ${b.name} | ${b.limit} | ${b.actual} | ${
          b.ok === undefined ? b.why : b.ok ? 'ok' : '**FAILED**'
        } |`,
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
  const workDist = path.join(work, 'dist');
  cpSync(path.join(root, 'dist'), workDist, { recursive: true });
  const node = nodeBinary;
  const nodeVersion = sh(`'${node}' --version`).out.replace(/^v/, '');

  const sim: Sim = await startSimulator();
  // Which services can run here: Bedrock needs the simulator's and action.yml's support.
  const whyNot: Record<ServiceId, string | undefined> = {
    kendra: undefined,
    bedrock:
      typeof sim.addKnowledgeBase !== 'function'
        ? 'the simulator has no Bedrock yet (sim.addKnowledgeBase)'
        : !actionYaml.inputs['knowledge-base-id']
          ? "action.yml has no 'knowledge-base-id' input yet"
          : undefined,
  };
  const services = SERVICES_ASKED ?? ALL_SERVICES.filter((service) => !whyNot[service]);
  for (const service of services) {
    if (!ALL_SERVICES.includes(service)) throw new Error(`--services: no service '${service}'`);
  }
  const variants: Variant[] = [
    {
      id: 'bundle',
      label: 'bundle (dist/index.js)',
      command: [node, path.join(workDist, 'index.js')],
      service: 'kendra',
      floor: 'floor',
      bundle: true,
    },
    {
      id: 'floor',
      label: 'floor (bench/floor.cjs)',
      command: [node, path.join(root, 'bench', 'floor.cjs')],
      service: 'kendra',
      floor: 'floor',
    },
    {
      id: 'bundle-bedrock',
      label: 'bundle, Bedrock (dist/index.js)',
      command: [node, path.join(workDist, 'index.js')],
      service: 'bedrock',
      floor: 'floor-bedrock',
      bundle: true,
    },
    {
      id: 'floor-bedrock',
      label: 'floor, Bedrock (bench/floor.cjs)',
      command: [node, path.join(root, 'bench', 'floor.cjs')],
      service: 'bedrock',
      floor: 'floor-bedrock',
    },
    {
      id: 'cli',
      label: 'AWS CLI (bench/cli.sh)',
      command: ['bash', path.join(root, 'bench', 'cli.sh')],
      service: 'kendra',
      floor: 'floor',
      env: aws.path ? { AWS_CLI: aws.path } : {},
      unavailable: aws.unavailable,
    },
    { id: 'node', label: "node -e '' (startup only)", command: [node, '-e', ''], floor: 'floor' },
  ].filter((v) => !v.service || services.includes(v.service as ServiceId)) as Variant[];
  for (const variant of variants) {
    const why = variant.service && whyNot[variant.service];
    if (why) variant.unavailable = `not available: ${why}`;
  }
  const unavailable: string[] = ALL_SERVICES.filter((service) => !services.includes(service)).map(
    (service) =>
      `${service}: not available (${whyNot[service] ?? `not in --services ${services.join(',')}`}).`,
  );

  sim.addRole(ROLE_ARN, { allow: ['kendra:*', 'bedrock:*'] });
  const indexId = sim.addIndex({ name: 'bench' });
  // Bedrock's start quota (one per 10 s) and job limits would throttle a benchmark, not the client.
  sim.setStartRateLimit?.(0);
  sim.setAccountJobLimit?.(1_000_000);
  sim.setDefaultIngestionJob?.({ startingMs: 0, inProgressMs: 0 });
  let n = 0;
  const results: LatencyResult[] = [];
  const loaded: LoadedFiles[] = [];
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
            // The CLI is a reference, and the Bedrock bundle may not exist yet: if one can't do
            // the job here, say so and go on without it.
            const optional = variant.id === 'cli' || variant.service === 'bedrock';
            if (optional && round === 0 && error instanceof BrokenRun) {
              variant.unavailable = 'not available: its first run failed (see stderr)';
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
    // One more run per bundle variant, untimed: the loader hook would skew the timings.
    for (const variant of variants.filter((v) => v.bundle && !v.unavailable)) {
      const list = path.join(work, `loaded-${variant.id}`);
      await runOnce(sim, indexId, variant, timeBin, work, n++, list);
      loaded.push(loadedFiles(variant, list, workDist));
    }
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }

  const dist = distSize(path.join(root, 'dist'));
  const budgets: Budget[] = [];
  const onBudgetNode = Number(nodeVersion.split('.')[0]) === BUDGET.budgetNode;
  const notHere = `reported only: checked on Node ${BUDGET.budgetNode}`;
  const budgetRun = results.find((r) => r.latencyMs === BUDGET.latencyMs);
  for (const service of ALL_SERVICES) {
    const bundleAt = budgetRun?.variants.find((v) => v.bundle && v.service === service);
    const measured = bundleAt?.wallRatio;
    const why =
      measured !== undefined
        ? undefined
        : !services.includes(service) || bundleAt?.unavailable
          ? `not measured: ${service} not available`
          : `not measured (no --latency ${BUDGET.latencyMs})`;
    budgets.push({
      name: `${service}: bundle ÷ floor, wall median of paired runs, ${BUDGET.latencyMs} ms per answer`,
      limit: `≤ ${BUDGET.ratioToFloor}× (Node ${BUDGET.budgetNode})`,
      actual: measured !== undefined ? x(measured) : '–',
      ok: why || !onBudgetNode ? undefined : measured! <= BUDGET.ratioToFloor,
      why: why ?? (onBudgetNode ? undefined : notHere),
    });
  }
  budgets.push({
    name: 'dist/ size, all files',
    limit: `≤ ${BUDGET.distBytes / 1e6} MB`,
    actual: `${(dist.bytes / 1e6).toFixed(3)} MB`,
    ok: dist.bytes <= BUDGET.distBytes,
  });
  const peakRss = Math.max(
    ...results.flatMap((r) =>
      r.variants
        .filter((v) => v.bundle)
        .flatMap((v) => v.samples.map((s) => (s.maxRssKiB ?? NaN) * 1024)),
    ),
  );
  budgets.push({
    name: 'bundle peak memory (max RSS over all its runs)',
    limit: `≤ ${BUDGET.peakRssBytes / 1e6} MB (Node ${BUDGET.budgetNode})`,
    actual: Number.isFinite(peakRss) ? `${(peakRss / 1e6).toFixed(1)} MB` : '–',
    ok: Number.isFinite(peakRss) && onBudgetNode ? peakRss <= BUDGET.peakRssBytes : undefined,
    why: !Number.isFinite(peakRss)
      ? 'not measured (no GNU time)'
      : onBudgetNode
        ? undefined
        : notHere,
  });
  for (const service of ALL_SERVICES) {
    const entry = loaded.find((l) => l.service === service);
    budgets.push({
      name: `${service}: happy path loads no ${FOREIGN[service].join(' or ')} code`,
      limit: 'none',
      actual: entry
        ? entry.foreign.length
          ? entry.foreign.join(', ')
          : `none (${entry.files.length} files, ${kb(entry.bytes)})`
        : '–',
      ok: entry ? entry.foreign.length === 0 : undefined,
      why: entry ? undefined : `not measured: ${service} not available`,
    });
  }

  const git = (args: string): string => sh(`git -C '${root}' ${args}`).out;
  const meta = {
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
    /** 1-minute load average before and after: other work on the machine skews the numbers. */
    loadAverage: [loadBefore, loadavg()[0]].map((v) => Math.round(v * 10) / 10),
  };
  const markdown = render(results, dist, loaded, unavailable, budgets, meta);
  process.stdout.write(markdown);
  mkdirSync(resultsDir, { recursive: true });
  // One pair of files per Node major: latest-node24.md is the headline (runners use Node 24).
  const base = `latest-node${nodeVersion.split('.')[0]}`;
  writeFileSync(path.join(resultsDir, `${base}.md`), markdown);
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
  const json = JSON.stringify(
    { meta, budget: BUDGET, budgets, dist, loaded, results: slim },
    round,
    1,
  )
    // Objects of plain values on one line each.
    .replace(/\{\n\s*("[^"\n]+": [^{}[\]\n]+,?\n\s*)+\}/g, (object) =>
      object.replace(/\n\s*/g, ' '),
    );
  writeFileSync(path.join(resultsDir, `${base}.json`), json + '\n');
  log(`wrote bench/results/${base}.md and ${base}.json in ${meta.durationS} s`);

  const failed = budgets.filter((b) => b.ok === false);
  for (const b of failed) log(`budget failed: ${b.name}: ${b.actual}, limit ${b.limit}`);
  for (const b of budgets.filter((b) => b.ok === undefined)) log(`budget ${b.why}: ${b.name}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
