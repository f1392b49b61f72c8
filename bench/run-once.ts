/**
 * One run of one variant against the simulator: a fresh data source (Bedrock: a fresh knowledge
 * base), the process spawned the way the runner spawns the action, and the proof it did the work.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Simulator } from '../sim/index.js';
import { parseOutputs, runnerEnv, runnerFiles } from '../tools/runner.js';
import { REGION } from '../tools/world.js';
import { ROLE_ARN, RUN_TIMEOUT_MS, type ServiceId } from './config.js';
import { LOADED_FILES_HOOK } from './loaded.js';
import { clearWire, phasesOf, type Phases } from './phases.js';
import type { Variant } from './variants.js';

/** What every run shares: the simulator and its index, GNU time, a scratch folder, a counter. */
export interface Bench {
  sim: Simulator;
  indexId: string;
  timeBin?: string;
  work: string;
  runs: number;
}

export interface Sample {
  wallMs: number;
  cpuMs?: number;
  userMs?: number;
  sysMs?: number;
  maxRssKiB?: number;
  /** Spawn to the first request reaching the simulator. */
  firstRequestMs?: number;
  phases?: Phases;
}

/** A run that did not do the work: the benchmark stops (the AWS CLI's first: it is dropped). */
export class BrokenRun extends Error {}

/** What each service's happy path sends the simulator, and where the started job is found. */
interface ServiceSetup {
  inputs: Record<string, string>;
  env: Record<string, string>;
  action: [service: string, action: string, status: number];
  /** The execution IDs of the jobs the simulator holds for this run's data source. */
  jobs: () => string[];
}

function setUp(bench: Bench, service: ServiceId | undefined, n: number): ServiceSetup {
  const { sim, indexId } = bench;
  if (service === 'bedrock') {
    // A knowledge base per run: Bedrock runs one job per knowledge base at a time.
    const kb = sim.addKnowledgeBase({ name: `bench-${n}` });
    const ds = sim.addBedrockDataSource(kb, { name: `bench-${n}` });
    return {
      inputs: { 'knowledge-base-id': kb, 'data-source-id': ds },
      env: { AWS_ENDPOINT_URL_BEDROCK_AGENT: sim.url },
      action: ['bedrock', 'StartIngestionJob', 202],
      jobs: () => sim.ingestionJobs(kb, ds).map((job) => job.ingestionJobId),
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

/**
 * Runs the variant once and returns its timings. With `listLoadedFilesTo` it is the untimed
 * extra run: a loader hook lists the files the process loads into that file.
 */
export async function runOnce(
  bench: Bench,
  variant: Variant,
  listLoadedFilesTo?: string,
): Promise<Sample> {
  const n = bench.runs++;
  const setup = setUp(bench, variant.service, n);
  const dir = path.join(bench.work, `run-${n}`);
  mkdirSync(dir);
  const files = runnerFiles(dir);
  const timeFile = path.join(dir, 'time');
  const timed = bench.timeBin && !listLoadedFilesTo;
  const env = {
    ...runnerEnv({ ...setup.inputs, 'role-to-assume': ROLE_ARN, 'aws-region': REGION }, files),
    ...bench.sim.env(),
    ...setup.env,
    ...variant.env,
    ...(listLoadedFilesTo && { BENCH_LOADED_FILES: listLoadedFilesTo }),
  };
  const command = listLoadedFilesTo
    ? [variant.command[0], '--import', LOADED_FILES_HOOK, ...variant.command.slice(1)]
    : variant.command;
  const argv = timed ? [bench.timeBin!, '-f', '%U %S %M', '-o', timeFile, ...command] : command;

  const before = bench.sim.requests.length;
  clearWire();
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

  const problems = code === 0 ? [] : [`exit code ${code}`];
  const records = bench.sim.requests.slice(before);
  let phases: Phases | undefined;
  if (variant.service) {
    problems.push(...happyPathProblems(setup, records, readFileSync(files.output, 'utf8')));
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
  if (timed) Object.assign(sample, gnuTime(timeFile));
  rmSync(dir, { recursive: true, force: true });
  return sample;
}

/** Exactly the happy path's three requests, each answered as it should be, and its output. */
function happyPathProblems(
  setup: ServiceSetup,
  records: Simulator['requests'],
  output: string,
): string[] {
  const problems: string[] = [];
  const count = (service: string, action?: string): number =>
    records.filter((r) => r.service === service && (action === undefined || r.action === action))
      .length;
  const [startService, startAction, startStatus] = setup.action;
  const expected: Array<[string, string | undefined]> = [
    ['oidc', undefined],
    ['sts', 'AssumeRoleWithWebIdentity'],
    [startService, startAction],
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
    problems.push(`unexpected answers: ${failed.map((r) => `${r.action} ${r.status}`).join(', ')}`);
  }
  const plain = /^execution-id=(.*)$/m.exec(output);
  const executionId = parseOutputs(output)['execution-id'] ?? plain?.[1];
  const jobs = setup.jobs();
  if (!executionId) problems.push('no execution-id output');
  else if (jobs.length !== 1 || jobs[0] !== executionId) {
    problems.push(`execution-id ${executionId} is not the one job the simulator started`);
  }
  return problems;
}

/** CPU times and max RSS from GNU time's file ("%U %S %M"). */
function gnuTime(timeFile: string): Partial<Sample> {
  // GNU time writes "Command exited with non-zero status" first when it applies.
  const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
  const [user, sys, rss] = last.split(' ').map(Number);
  return { userMs: user * 1000, sysMs: sys * 1000, cpuMs: (user + sys) * 1000, maxRssKiB: rss };
}
