/**
 * The README's Inputs and Outputs tables document exactly what action.yml declares: every input
 * and output, none that it lacks, and each input's default as declared.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { actionYaml } from '../../tools/runner.js';

const readme = readFileSync('README.md', 'utf8');

/** The rows of the first table under `## heading`: its cells, trimmed. */
function tableRows(heading: string): string[][] {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0];
  if (!section) throw new Error(`README.md has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

/** The names a row's first cell lists: `a`, `b` -> [a, b]. */
const names = (cell: string) => [...cell.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);

describe("README's tables against action.yml", () => {
  it('Inputs: every declared input, in order, with its declared default', () => {
    const rows = tableRows('Inputs');
    expect(rows.flatMap((row) => names(row[0]))).toEqual(Object.keys(actionYaml.inputs));
    for (const [cell, defaultCell] of rows) {
      const declared = actionYaml.inputs[names(cell)[0]].default;
      if (declared !== undefined) expect([cell, defaultCell]).toEqual([cell, `\`${declared}\``]);
    }
  });

  it('Outputs: every declared output, none other', () => {
    const documented = tableRows('Outputs').flatMap((row) => names(row[0]));
    expect([...documented].sort()).toEqual(Object.keys(actionYaml.outputs).sort());
  });
});
