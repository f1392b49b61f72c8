/**
 * The job summary's rows, warnings and sections for the cases the golden files do not show
 * (src/report/summary.ts): each status a row can have, the warning line's counts, the columns
 * that appear only when needed, HTML made inert, and a step run outside a runner.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSourceResult, Metrics } from '../../src/model.js';
import { escapeHtml } from '../../src/base/text.js';
import { writeFailureSummary, writeSummary } from '../../src/report/summary.js';
import { FakeClock, FakeService } from '../helpers/fake-service.js';
import { summaryRows } from '../helpers/lifecycle.js';

let dir: string;
let file: string;
const service = new FakeService(new FakeClock());

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-summary-rows-'));
  // @actions/core keeps the first summary path it sees: one file for every case.
  file = path.join(dir, 'summary.html');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metrics = (counts: Partial<Metrics>): Metrics => ({
  added: 0,
  modified: 0,
  deleted: 0,
  failed: 0,
  scanned: 0,
  skipped: 0,
  ...counts,
});

const row = (dataSourceId: string, result: Partial<DataSourceResult>): DataSourceResult => ({
  containerId: 'c-1',
  dataSourceId,
  outcome: 'succeeded',
  skipped: false,
  ...result,
});

/** What `write` puts in the job summary file, as HTML. */
async function written(write: () => Promise<void>): Promise<string> {
  writeFileSync(file, '');
  process.env.GITHUB_STEP_SUMMARY = file;
  try {
    await write();
  } finally {
    delete process.env.GITHUB_STEP_SUMMARY;
  }
  return readFileSync(file, 'utf8');
}

/** The summary writeSummary writes for `results`, as HTML. */
async function summaryOf(results: DataSourceResult[]): Promise<string> {
  return written(() => writeSummary(service, results));
}

describe('the status cell', () => {
  it('says what became of each data source, in its own words', async () => {
    const html = await summaryOf([
      row('a', { outcome: 'timed-out', status: 'SYNCING', executionId: 'e-1' }),
      row('b', { outcome: 'skipped', skipped: true, status: 'SYNCING', executionId: 'e-2' }),
      row('c', { outcome: 'incomplete', status: 'DONE', executionId: 'e-3' }),
      row('d', { outcome: 'incomplete', status: 'PARTLY_DONE', executionId: 'e-4' }),
      row('e', { outcome: 'failed', failure: 'Denied.' }),
      row('f', { outcome: 'timed-out' }),
    ]);
    expect(summaryRows(html).map((cells) => cells[0])).toEqual([
      'Status',
      '⏱️ SYNCING (timed out)',
      '⏭️ SYNCING (already running, not started by this step: skipped)',
      '⚠️ DONE (incomplete)',
      '⚠️ PARTLY_DONE',
      '❌ not started',
      '⏱️ (timed out)',
    ]);
  });
});

describe('the warning line of a success that is not quiet', () => {
  it('counts skipped documents and says when nothing was indexed', async () => {
    const html = await summaryOf([
      row('a', { status: 'DONE', metrics: metrics({ skipped: 1, added: 1 }) }),
      row('b', { status: 'DONE', metrics: metrics({ skipped: 3 }) }),
      row('c', { status: 'DONE', metrics: metrics({ skipped: 2, modified: 1 }) }),
    ]);
    expect(html).toContain(
      '<b>Succeeded with warnings</b>: 1 document skipped in a; 3 documents skipped in b, nothing indexed; 2 documents skipped in c.',
    );
    expect(summaryRows(html)[0]).toContain('Skipped');
    expect(summaryRows(html).map((cells) => cells[0])).toEqual([
      'Status',
      '⚠️ DONE',
      '⚠️ DONE',
      '⚠️ DONE',
    ]);
  });

  it("counts the service's warnings when nothing was skipped", async () => {
    const html = await summaryOf([
      row('a', { status: 'SUCCEEDED', notes: ['one'] }),
      row('b', { status: 'SUCCEEDED', notes: ['one', 'two'] }),
      row('c', { status: 'FAILED', outcome: 'failed', notes: ['not a warning'] }),
    ]);
    expect(html).toContain(
      '<b>Succeeded with warnings</b>: 1 warning from the service for a; 2 warnings from the service for b.',
    );
  });

  it('none, and no Skipped column, for a quiet success', async () => {
    const html = await summaryOf([
      row('a', { status: 'SUCCEEDED', metrics: metrics({ added: 2 }) }),
    ]);
    expect(html).not.toContain('warnings');
    expect(summaryRows(html)[0]).toEqual([
      'Status',
      'Data source',
      'Execution ID',
      'Added',
      'Modified',
      'Deleted',
      'Failed',
      'Scanned',
    ]);
  });
});

describe('failed documents', () => {
  it('"Failure reasons" when none names a document, with the default link text', async () => {
    const html = await written(() =>
      writeSummary(service, [
        row('a', {
          outcome: 'failed',
          failedDocuments: {
            documents: [{ message: 'The bucket is gone' }, { errorCode: 'E1', message: 'm' }],
            more: 0,
            note: 'From the job itself.',
            link: 'https://logs.example/a?b&c',
          },
        }),
      ]),
    );
    expect(html).toContain('<h4>Failure reasons: a</h4>');
    expect(html).toContain('<p>From the job itself.</p>');
    expect(html).toContain('<li>The bucket is gone</li><li><b>E1</b>: m</li>');
    expect(html).toContain('<p><a href="https://logs.example/a?b&amp;c">All of them</a></p>');
    expect(html).not.toContain('and 0 more');
  });
});

describe('outside a runner (no GITHUB_STEP_SUMMARY)', () => {
  it('writes nothing and does not fail', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    writeFileSync(file, '');
    await expect(writeSummary(service, [row('a', {})])).resolves.toBeUndefined();
    await expect(writeFailureSummary(undefined, ['x'])).resolves.toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('a failure before any service was chosen is headed "Sync"', async () => {
    expect(await written(() => writeFailureSummary(undefined, ['Input <x> is bad']))).toBe(
      '<h3>Sync: ❌ no sync was started</h3>\n<ul><li>Input &lt;x&gt; is bad</li></ul>\n',
    );
  });
});

describe('escapeHtml', () => {
  it('makes markup, quotes and table pipes inert', () => {
    expect(escapeHtml(`<a href="x">'&'|</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&#124;&lt;/a&gt;',
    );
  });
});
