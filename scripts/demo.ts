/**
 * `npm run demo [-- WORLD]`: starts the local AWS simulator (GitHub OIDC token endpoint, STS,
 * Kendra, Bedrock and CloudWatch Logs on loopback), seeds one of the worlds in scripts/demo-worlds.ts, runs the committed
 * dist/index.js against it the way the runner does (on Node 24, as `runs.using: node24`), and
 * shows what the run's page would: the log with workflow commands rendered, the outputs and the
 * job summary as text.
 *
 * The demo demonstrates: it exits 0 when the step ended the way the world scripts it, a failing
 * step included, and 1 only when it did not (then the demo itself has found a bug).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../sim/index.js';
import { RunnerLog } from '../tools/runner-log.js';
import { runAction } from '../tools/runner.js';
import { summaryToText } from '../tools/summary-text.js';
import { WORLDS, type DemoWorld } from './demo-worlds.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const DEFAULT_WORLD = 'several';

function usage(): string {
  const width = Math.max(...WORLDS.map((w) => w.name.length));
  const lines = WORLDS.map((world) => {
    const mark = world.name === DEFAULT_WORLD ? ' [default]' : '';
    return `  ${world.name.padEnd(width)}  ${world.description}${mark}`;
  });
  return [
    'usage: npm run demo [-- WORLD]   (or --world WORLD)',
    '',
    'Runs the committed dist/index.js against the local simulator and shows the log, the',
    'outputs and the job summary as the run page would. Worlds:',
    ...lines,
    '',
    'A world whose step fails (incomplete, failed) still exits 0: the demo shows the failure.',
  ].join('\n');
}

function chooseWorld(argv: string[]): DemoWorld {
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    }
    if (arg === '--world' || arg.startsWith('--world=')) {
      const value = arg === '--world' ? argv[++i] : arg.slice('--world='.length);
      // Never the default in silence: a missing value is a mistake worth saying.
      if (!value || value.startsWith('-')) fail(`--world needs a world's name`);
      name = value;
    } else if (!arg.startsWith('-') && name === undefined) name = arg;
    else fail(`unknown argument: ${arg}`);
  }
  const world = WORLDS.find((w) => w.name === (name ?? DEFAULT_WORLD));
  if (!world) fail(`no world '${name}'`);
  return world;
}

function fail(message: string): never {
  console.error(`demo: ${message}\n\n${usage()}`);
  process.exit(2);
}

/**
 * Node 24, as runners run `node24` actions (on Node 20 the AWS SDK prints a
 * NodeVersionSupportWarning). Found once with npx and cached; without it, this Node with
 * warnings off.
 */
function runnerNode(): { node: string; env: Record<string, string>; note?: string } {
  if (process.versions.node.startsWith('24.')) return { node: process.execPath, env: {} };
  const cache = path.join(root, 'node_modules', '.cache', 'kendra-sync', 'node24-path');
  const isNode24 = (node: string) =>
    existsSync(node) &&
    spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.startsWith('v24.');
  if (existsSync(cache)) {
    const cached = readFileSync(cache, 'utf8').trim();
    if (isNode24(cached)) return { node: cached, env: {} };
  }
  console.log(paint('2', 'Fetching Node 24 (npx node@24), once ...'));
  const found = spawnSync(
    'npx',
    ['--yes', 'node@24', '-e', 'process.stdout.write(process.execPath)'],
    {
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  const node = found.stdout?.trim() ?? '';
  if (found.status === 0 && isNode24(node)) {
    mkdirSync(path.dirname(cache), { recursive: true });
    writeFileSync(cache, node);
    return { node, env: {} };
  }
  const why =
    found.error?.message ?? (found.stderr?.trim().split('\n').pop() || `exit ${found.status}`);
  return {
    node: process.execPath,
    // The SDK's NodeVersionSupportWarning is a plain process warning: only --no-warnings hides it.
    env: { NODE_OPTIONS: '--no-warnings' },
    note: `Node 24 not available (${why}); running on Node ${process.version} with warnings hidden.`,
  };
}

function workflowStep(inputs: Record<string, string>): string[] {
  const lines = ['- uses: org/kendra-sync@v1', '  with:'];
  for (const [name, value] of Object.entries(inputs)) {
    if (!value.includes('\n')) lines.push(`    ${name}: ${value}`);
    else lines.push(`    ${name}: |`, ...value.split('\n').map((line) => `      ${line}`));
  }
  return lines;
}

const world = chooseWorld(process.argv.slice(2));
const { node, env: nodeEnv, note } = runnerNode();
const sim = await startSimulator();
try {
  const inputs = world.seed(sim);
  const heading = (text: string) => console.log(`\n${paint('1', text)}`);
  console.log(`${paint('1', `Demo world '${world.name}'`)}: ${world.description}.`);
  console.log(`Simulator on ${sim.url}; the workflow step:\n`);
  for (const line of workflowStep(inputs)) console.log(`  ${line}`);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (note) console.log(`\n${paint('33', note)}`);

  heading(`Step log (node ${version}, as the runner shows it)`);
  const log = new RunnerLog({ color });
  console.log(paint('1', '▸ Run org/kendra-sync@v1'));
  console.log('  with:');
  for (const [name, value] of Object.entries(inputs)) {
    console.log(`    ${name}: ${value.replace(/\n/g, '\\n')}`);
  }
  const result = await runAction({
    inputs,
    env: { ...sim.env(), ...nodeEnv },
    node,
    timeoutMs: 60_000,
    onLine: (line) => {
      for (const shown of log.render(line)) console.log(shown);
    },
  });
  if (result.code !== 0) {
    console.log(paint('31', `Error: Process completed with exit code ${result.code}.`));
  }

  heading('Outputs');
  for (const [name, value] of Object.entries(result.outputs)) {
    console.log(log.mask(`${name}=${value}`));
  }

  const summaryDir = path.join(tmpdir(), 'kendra-sync-demo');
  mkdirSync(summaryDir, { recursive: true });
  const summaryFile = path.join(summaryDir, `${world.name}-step-summary.html`);
  writeFileSync(summaryFile, result.summary);
  heading('Job summary');
  console.log(paint('2', `(GITHUB_STEP_SUMMARY as HTML: ${summaryFile})\n`));
  console.log(log.mask(summaryToText(result.summary)));

  const counts = new Map<string, number>();
  for (const { service, action } of sim.requests) {
    counts.set(`${service}:${action}`, (counts.get(`${service}:${action}`) ?? 0) + 1);
  }
  heading('Requests the simulator answered');
  for (const [call, count] of counts) console.log(`  ${String(count).padStart(3)}  ${call}`);

  const { exitCode, status, warnings } = world.expected;
  const asExpected =
    result.code === exitCode &&
    result.outputs.status === status &&
    (warnings === undefined || result.warnings.length === warnings);
  const ended =
    `exit code ${result.code}, status ${result.outputs.status ?? '(none)'}` +
    (warnings === undefined ? '' : `, ${result.warnings.length} warning(s)`);
  if (asExpected) {
    const failing =
      exitCode !== 0 ? ' The step failed, as this world scripts; the demo exits 0.' : '';
    console.log(`\n${paint('32', `As scripted: ${ended}.`)}${failing}`);
  } else {
    console.log(
      `\n${paint('31', `Not as scripted: ${ended}; expected exit code ${exitCode}, status ${status}${warnings === undefined ? '' : `, ${warnings} warning(s)`}.`)}`,
    );
    process.exitCode = 1;
  }
} finally {
  await sim.close();
}
