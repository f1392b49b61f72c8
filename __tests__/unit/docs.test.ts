/**
 * What CONTRIBUTING says about the demo is what the demo does: the worlds it lists, and a
 * `--world` without a name is an error, never the default world in silence.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORLDS } from '../../scripts/demo-worlds.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const contributing = readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8');

/** `npm run demo -- ARGS`, without npm: the demo's argument errors come before the simulator. */
const demo = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
  });

describe('the demo as CONTRIBUTING tells it', () => {
  it('lists every world the demo knows, and no other', () => {
    const line = /# the worlds: (.*)$/m.exec(contributing);
    expect(line).not.toBeNull();
    const listed = (line?.[1] ?? '').split(',').map((name) => name.replace(/\(.*\)/, '').trim());
    expect(listed.sort()).toEqual(WORLDS.map((world) => world.name).sort());
  });

  for (const args of [['--world'], ['--world='], ['--world', '--help']]) {
    it(`${args.join(' ')}: an error that says the name is missing, exit 2`, () => {
      const run = demo(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("demo: --world needs a world's name");
      expect(run.stdout).not.toContain('Demo world');
    });
  }
});
