// Running the action locally with GitHub's @github/local-action, as action authors do: it runs the
// TypeScript entry point (src/main.ts, not dist/), with inputs from a .env file and action.yml's
// defaults passed as written, `${{ github.run_id }}` and all.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPOSITORY } from '../../tools/world.js';
import { REGION, ROLE_ARN, useWorld } from '../helpers/world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const localAction = path.join(root, 'node_modules', '.bin', 'local-action');

const world = useWorld();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-local-action-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A .env file as local-action reads it: one NAME=value a line, hyphens kept in INPUT_ names. */
function dotenv(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join('\n');
}

function runLocalAction(envFile: string): Promise<{ code: number | null; log: string }> {
  // On the second pass of `npm test` (KENDRA_SYNC_NODE=Node 24) local-action runs on that Node.
  const nodeDir = process.env.KENDRA_SYNC_NODE ? path.dirname(process.env.KENDRA_SYNC_NODE) : '';
  const env: Record<string, string> = {
    PATH: [nodeDir, process.env.PATH ?? ''].filter(Boolean).join(path.delimiter),
    HOME: process.env.HOME ?? tmpdir(),
  };
  const child = spawn(localAction, ['run', root, 'src/main.ts', envFile], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    }),
  );
}

describe('@github/local-action', () => {
  it('runs src/main.ts against the simulator with the defaults it passes unexpanded', async () => {
    const { sim } = world;
    const envFile = path.join(dir, '.env');
    writeFileSync(path.join(dir, 'summary.md'), '');
    writeFileSync(
      envFile,
      dotenv({
        'INPUT_INDEX-ID': world.indexId,
        'INPUT_DATA-SOURCE-ID': world.dataSourceId,
        'INPUT_AWS-REGION': REGION,
        'INPUT_ROLE-TO-ASSUME': ROLE_ARN,
        // No INPUT_ROLE-SESSION-NAME: local-action supplies action.yml's default as written.
        ...sim.env(),
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '3',
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
        // Keep the SDK away from any real AWS configuration of this machine.
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      }),
    );

    const { code, log } = await runLocalAction(envFile);

    expect({
      code,
      errors: log.split('\n').filter((line) => line.startsWith('::error::')),
    }).toEqual({ code: 0, errors: [] });
    expect(sim.countOf('kendra', 'StartDataSourceSyncJob')).toBe(1);
    const [assume] = sim.requests.filter((r) => r.action === 'AssumeRoleWithWebIdentity');
    expect((assume.body as Record<string, string>).RoleSessionName).toBe('kendra-sync-4242-3');
  }, 120_000);
});
