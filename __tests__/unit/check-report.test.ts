/**
 * What the step says about a search check (src/report/check.ts) in the cases check.test.ts does
 * not show: the failure message's counts and lists, the log lines of results, the summary of a
 * failed search and of results with and without titles, scores and links.
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckResult, SearchResult } from '../../src/model.js';
import { addCheckSummary, checkFailure, locationLink, logCheck } from '../../src/report/check.js';
import { captureLog, FakeClock } from '../helpers/fake-service.js';

const asked = { query: 'install octo', expect: '/guide', count: 10 };
const at = (location: string, more: Partial<SearchResult> = {}): SearchResult => ({
  location,
  ...more,
});
const notFound = (results: SearchResult[], searches = 1): CheckResult => ({
  ...asked,
  status: 'not-found',
  results,
  searches,
  elapsedMs: 0,
});

let printed: Array<{ at: number; line: string }>;
let dir: string;

// @actions/core keeps the first summary path it sees: one file for every test.
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-check-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  printed = captureLog(new FakeClock());
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** The summary section addCheckSummary writes for `check`, as HTML. */
async function section(check: CheckResult): Promise<string> {
  const file = path.join(dir, 'summary.html');
  writeFileSync(file, '');
  process.env.GITHUB_STEP_SUMMARY = file;
  try {
    core.summary.emptyBuffer();
    addCheckSummary(core.summary, check);
    await core.summary.write({ overwrite: true });
  } finally {
    delete process.env.GITHUB_STEP_SUMMARY;
  }
  return readFileSync(file, 'utf8');
}

describe('checkFailure', () => {
  it('lists the first five locations, with their IDs, then how many more', () => {
    const results = [1, 2, 3, 4, 5, 6, 7].map((n) => at(`https://d/${n}`));
    results[1] = at('', { documentId: 'doc-2' });
    expect(checkFailure(notFound(results))).toContain(
      'after 1 search over 0s; the first came from 1. https://d/1, 2. (no location) (ID doc-2), 3. https://d/3, 4. https://d/4, 5. https://d/5, and 2 more.',
    );
  });

  it('no "more" for exactly five, and searches in the plural', () => {
    const results = [1, 2, 3, 4, 5].map((n) => at(`https://d/${n}`));
    expect(checkFailure(notFound(results, 3))).toContain(
      'after 3 searches over 0s; the first came from 1. https://d/1, 2. https://d/2, 3. https://d/3, 4. https://d/4, 5. https://d/5. Check',
    );
  });

  it('does not fail a check that passed or did not run', () => {
    expect(checkFailure({ ...asked, status: 'not-run', reason: 'r' })).toBeUndefined();
    expect(
      checkFailure({ ...asked, status: 'passed', rank: 1, results: [], searches: 1, elapsedMs: 0 }),
    ).toBeUndefined();
  });
});

describe('logCheck', () => {
  it('lists the results with their title and score, and logs nothing for a failed search', () => {
    logCheck(
      notFound([
        at('https://d/a', { title: 'A', score: 'HIGH' }),
        at('s3://b/k', { score: '0.4' }),
      ]),
    );
    logCheck({ ...asked, status: 'error', message: 'Denied.' });
    expect(printed.map((p) => p.line)).toEqual([
      'Search check: the first 10 results for "install octo" were:',
      '  1. https://d/a (A, HIGH)',
      '  2. s3://b/k (0.4)',
    ]);
  });
});

describe('addCheckSummary', () => {
  it('a failed search: what was asked and why it failed', async () => {
    expect(await section({ ...asked, status: 'error', message: 'Denied <all>.' })).toBe(
      '<h3>Search check: ❌ failed</h3>\n' +
        '<p>Looked for query <code>install octo</code>, a location containing <code>/guide</code> among the first 10 results.</p>\n' +
        '<p>Denied &lt;all&gt;.</p>\n',
    );
  });

  it('nothing came back: one search, no table', async () => {
    const html = await section(notFound([], 1));
    expect(html).toContain('not there after 1 search over 0s.</p>\n<p>No results came back.</p>\n');
    expect(html).not.toContain('<table>');
  });

  it('Title and Score columns when any result has one, links where a location has a page', async () => {
    const html = await section(
      notFound([
        at('https://d/a', { title: 'A', documentId: 'doc-a' }),
        at('s3://bucket/docs/b c.pdf', { score: 'HIGH' }),
        at('doc-c'),
      ]),
    );
    expect(html).toContain(
      '<tr><th>Rank</th><th>Location</th><th>Title</th><th>Score</th><th>Passage</th></tr>',
    );
    expect(html).toContain(
      '<tr><td>1</td><td><a href="https://d/a">https://d/a</a> (ID doc-a)</td><td>A</td><td>—</td><td>—</td></tr>',
    );
    expect(html).toContain(
      '<td><a href="https://s3.console.aws.amazon.com/s3/object/bucket?prefix=docs%2Fb%20c.pdf">s3://bucket/docs/b c.pdf</a></td>',
    );
    expect(html).toContain('<tr><td>3</td><td>doc-c</td><td>—</td><td>—</td><td>—</td></tr>');
  });

  it('neither column when no result has one', async () => {
    const html = await section(notFound([at('doc-a')]));
    expect(html).toContain('<tr><th>Rank</th><th>Location</th><th>Passage</th></tr>');
  });
});

describe('locationLink', () => {
  it('links web URLs and S3 URIs from their start only', () => {
    expect(locationLink('HTTP://d/a')).toBe('HTTP://d/a');
    expect(locationLink('http://d/a')).toBe('http://d/a');
    expect(locationLink('see https://d/a')).toBeUndefined();
    expect(locationLink('copy of s3://b/k')).toBeUndefined();
    expect(locationLink('s3://b/k\nmore')).toBeUndefined();
    expect(locationLink('s3://b/')).toBeUndefined();
  });
});
