/**
 * The job summary of each outcome, as HTML, against golden files a person has looked at (rendered
 * in Chromium by `npx tsx scripts/render-summaries.ts`). After a deliberate change to the summary:
 * UPDATE_GOLDEN=1 npx jest __tests__/unit/summary.test.ts, then render and look again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSummary, SUMMARY_CASES } from '../../tools/summaries.js';

const golden = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-summary-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the job summary', () => {
  it.each(SUMMARY_CASES.map((c) => [c.name, c] as const))('%s', async (name, summaryCase) => {
    // @actions/core keeps the first summary path it sees: one file for every case.
    const html = await renderSummary(summaryCase, path.join(dir, 'summary.html'));
    const file = path.join(golden, `summary-${name}.html`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, html);
    expect(html).toBe(readFileSync(file, 'utf8'));
  });
});
