/** Assertions for an expected failure: exit 1, annotations only, no stack trace. */
import { expect } from '@jest/globals';
import { decodeCommandData, type RunResult } from '../../tools/runner.js';

/** The first line of a warning Node prints, e.g. `(node:123) Warning: NodeVersionSupportWarning: ...`. */
const NODE_WARNING = /^\(node:\d+\) (\[\w+\] )?\w*Warning: /;
/** The hint Node prints after the first warning, ending it. */
const NODE_WARNING_END = /^\(Use `node --trace-/;

/**
 * stderr without Node's own warnings (the AWS SDK warns on old Node versions). A warning's text
 * may span lines; it runs to Node's "(Use `node --trace-warnings ...`" hint when one follows.
 */
function stderrWithoutNodeWarnings(stderr: string): string[] {
  const lines = stderr.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (NODE_WARNING.test(lines[i])) {
      const end = lines.findIndex((line, j) => j > i && j <= i + 10 && NODE_WARNING_END.test(line));
      if (end !== -1) i = end;
      continue;
    }
    if (NODE_WARNING_END.test(lines[i])) continue;
    if (lines[i].trim() !== '') kept.push(lines[i]);
  }
  return kept;
}

/**
 * The step failed the way an expected failure must: exit code 1 within the time limit, nothing on
 * stderr but a possible Node warning, and no stack trace anywhere.
 */
export function expectCleanFailure(result: RunResult): void {
  expect(result.timedOut).toBe(false);
  expect(result.signal).toBeNull();
  expect(result.code).toBe(1);
  expect(stderrWithoutNodeWarnings(result.stderr)).toEqual([]);
  // A stack frame is a line "    at fn (file:line:col)"; the runner shows stdout and stderr alike.
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at \S/m);
}

/** The values the action registered with `::add-mask::`. */
export function maskedValues(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => decodeCommandData(line.slice('::add-mask::'.length)));
}
