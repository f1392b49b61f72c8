/** The assertion most end-to-end tests open with: the step succeeded and annotated no error. */
import { expect } from '@jest/globals';
import type { RunResult } from '../../tools/runner.js';

/** No `::error::` annotation, then exit code 0 (errors first: they say why when the code is 1). */
export function expectCleanSuccess(result: Pick<RunResult, 'errors' | 'code'>): void {
  expect(result.errors).toEqual([]);
  expect(result.code).toBe(0);
}
