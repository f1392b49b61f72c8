/**
 * Runs the committed bundle the way the runner does: a child `node dist/index.js` with an INPUT_*
 * variable for every input action.yml declares (the workflow's value or the declared default),
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV files, and the OIDC request variables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}
export const actionYaml = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionYaml;

/**
 * The bundle, copied away from the repository so that nothing can resolve from node_modules:
 * it must run as committed, on its own.
 */
let bundleDir: string | undefined;
function bundlePath(): string {
  if (!bundleDir) {
    bundleDir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-bundle-'));
    cpSync(path.join(root, 'dist'), path.join(bundleDir, 'dist'), { recursive: true });
    cpSync(path.join(root, 'action.yml'), path.join(bundleDir, 'action.yml'));
  }
  return path.join(bundleDir, 'dist', 'index.js');
}

/** The Node that runs the bundle: KENDRA_SYNC_NODE (e.g. a Node 24 binary), else this one. */
export const nodeBinary = process.env.KENDRA_SYNC_NODE || process.execPath;

export interface RunOptions {
  /** Workflow inputs by their action.yml names; unset ones get the declared default. */
  inputs: Record<string, string>;
  /** Extra environment (endpoints, credentials, ...). Values of undefined remove a variable. */
  env?: Record<string, string | undefined>;
  /** Kill the process if it runs longer than this (a hang is a failure, not a stuck suite). */
  timeoutMs?: number;
  /** Also print the action's log as it runs. */
  echo?: boolean;
  /** Called with each complete line of the action's output as it arrives (the demo renders them). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** The Node binary to run the bundle with; default nodeBinary. */
  node?: string;
  /** Called with the child once it runs, e.g. to send it a signal. */
  onSpawn?: (child: ChildProcess, output: { stdout: () => string }) => void;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  githubEnv: string;
  durationMs: number;
  /** Messages of `::error::` lines (workflow-command decoded). */
  errors: string[];
  warnings: string[];
  timedOut: boolean;
}

export function runnerEnv(
  inputs: Record<string, string>,
  files: { output: string; summary: string; env: string; state: string },
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'octo-org/docs',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: tmpdir(),
    // Keep the SDK away from any real config or credentials of the machine running the tests.
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const [name, spec] of Object.entries(actionYaml.inputs)) {
    const value =
      inputs[name] ??
      (spec.default ?? '')
        .replace('${{ github.run_id }}', env.GITHUB_RUN_ID)
        .replace('${{ github.run_attempt }}', env.GITHUB_RUN_ATTEMPT);
    // The runner keeps hyphens: INPUT_INDEX-ID.
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in actionYaml.inputs)) throw new Error(`action.yml declares no input '${name}'`);
  }
  return env;
}

/** The empty files the runner gives a step (GITHUB_OUTPUT, _STEP_SUMMARY, _ENV, _STATE), in `dir`. */
export function runnerFiles(dir: string): Parameters<typeof runnerEnv>[1] {
  const files = {
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary'),
    env: path.join(dir, 'env'),
    state: path.join(dir, 'state'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return files;
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-run-'));
  const files = runnerFiles(dir);
  const env: Record<string, string> = { ...runnerEnv(options.inputs, files) };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const started = Date.now();
  const child = spawn(options.node ?? nodeBinary, [bundlePath()], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.echo) {
    child.stdout.on('data', (chunk: string) => process.stdout.write(chunk));
    child.stderr.on('data', (chunk: string) => process.stderr.write(chunk));
  }
  const flushLines: Array<() => void> = [];
  if (options.onLine) {
    const onLine = options.onLine;
    for (const stream of ['stdout', 'stderr'] as const) {
      let partial = '';
      child[stream].on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line, stream);
      });
      flushLines.push(() => partial && onLine(partial, stream));
    }
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 30_000);
  options.onSpawn?.(child, { stdout: () => stdout });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  for (const flush of flushLines) flush();
  const result: RunResult = {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    githubEnv: readFileSync(files.env, 'utf8'),
    durationMs: Date.now() - started,
    errors: commandMessages(stdout, 'error'),
    warnings: commandMessages(stdout, 'warning'),
    timedOut,
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Reads the `name<<delimiter` blocks @actions/core writes to GITHUB_OUTPUT; the last value wins. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    outputs[name] = value.join('\n');
  }
  return outputs;
}

function commandMessages(stdout: string, command: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${command}`))
    .map((line) => decodeCommandData(line.slice(line.indexOf('::', 2) + 2)));
}

export function decodeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/**
 * The workflow commands the runner would act on in this output: `::name ...::` at the start of a
 * line (after trimming), and `##[name ...]` anywhere in a line.
 */
export function workflowCommands(stdout: string): Array<{ command: string; line: string }> {
  const found: Array<{ command: string; line: string }> = [];
  for (const line of stdout.split('\n')) {
    const trimmed = line.trim();
    const v2 = /^::([A-Za-z-]+)/.exec(trimmed);
    if (v2) found.push({ command: v2[1], line });
    for (const legacy of line.matchAll(/##\[([A-Za-z-]+)/g))
      found.push({ command: legacy[1], line });
  }
  return found;
}
