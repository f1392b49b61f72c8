// `npm run sim` as a tool: its flags, the JSON line scripts read, and outcomes scripted by flag
// as the committed bundle sees them.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '../tools/runner.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = ['--import', 'tsx', path.join(root, 'sim', 'cli.ts')];

interface Info {
  url: string;
  env: Record<string, string>;
  region: string;
  roleArn: string;
  indexId: string;
  dataSources: Record<string, string>;
  runningExecutionId?: string;
  search: { query: string; expect: string; documents: number };
  bedrock?: { knowledgeBaseId: string; dataSources: Record<string, string> };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** Starts the CLI; resolves with its JSON line and its stderr once that has been read whole. */
function startCli(args: string[]): Promise<{ info: Info; stderr: () => string }> {
  const child = spawn(process.execPath, [...cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end >= 0)
        resolve({ info: JSON.parse(stdout.slice(0, end)) as Info, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`sim/cli.ts exited ${code}: ${stderr}`)));
  });
}

function inputsFor(info: Info): Record<string, string> {
  return {
    'index-id': info.indexId,
    'data-source-id': info.dataSources.website,
    'aws-region': info.region,
    'role-to-assume': info.roleArn,
    'wait-for-completion': 'true',
    'poll-interval-seconds': '1',
  };
}

describe('sim/cli.ts', () => {
  it('prints its usage for --help and exits 0; a bad flag exits 2 and says why', () => {
    const help = spawnSync(process.execPath, [...cli, '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const flag of ['--job-status', '--syncing-ms', '--indexing-ms', '--job-ms', '--running']) {
      expect(help.stdout).toContain(flag);
    }
    const bad = spawnSync(process.execPath, [...cli, '--job-status', 'LATER'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      '--job-status must be one of SUCCEEDED, INCOMPLETE, FAILED, ABORTED',
    );
  });

  it('scripts how jobs end (--job-status FAILED --job-ms) and prints how to run the bundle', async () => {
    const { info, stderr } = await startCli(['--job-status', 'FAILED', '--job-ms', '400']);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.env.AWS_ENDPOINT_URL_KENDRA).toBe(info.url);
    expect(stderr()).toContain(`INPUT_INDEX-ID=${info.indexId}`);
    expect(stderr()).toContain('node dist/index.js');

    const result = await runAction({ inputs: inputsFor(info), env: info.env });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('FAILED');
  });

  it('starts with a job running on the data source (--running)', async () => {
    const { info } = await startCli(['--running', '--job-ms', '4000']);
    expect(info.runningExecutionId).toEqual(expect.any(String));

    const result = await runAction({
      inputs: { ...inputsFor(info), 'if-running': 'skip' },
      env: info.env,
    });
    expect(result.code).toBe(0);
    expect(result.outputs.skipped).toBe('true');
    expect(result.outputs['execution-id']).toBe(info.runningExecutionId);
  });

  it('seeds a small docs site: the search check the printed command runs passes, for Kendra and Bedrock', async () => {
    const { info, stderr } = await startCli(['--bedrock', '--job-ms', '400']);
    expect(info.search).toEqual({
      query: 'install the cli',
      expect: '/guide/install',
      documents: 4,
    });
    expect(info.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME).toBe(info.url);
    expect(stderr()).toContain(`'INPUT_CHECK-QUERY=install the cli'`);
    const check = { 'check-query': info.search.query, 'check-expect': info.search.expect };
    const kendra = await runAction({ inputs: { ...inputsFor(info), ...check }, env: info.env });
    expect(kendra.errors).toEqual([]);
    expect(kendra.outputs['check-rank']).toBe('1');
    const bedrock = await runAction({
      inputs: {
        ...inputsFor(info),
        ...check,
        'index-id': '',
        'knowledge-base-id': info.bedrock!.knowledgeBaseId,
        'data-source-id': info.bedrock!.dataSources.website,
      },
      env: info.env,
    });
    expect(bedrock.errors).toEqual([]);
    expect(bedrock.outputs['check-rank']).toBe('1');
  });
});
