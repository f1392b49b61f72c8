// What the step says about the search check: log lines, the failure message and the job-summary
// section, for a check that passed, did not find what it looked for, failed, or did not run.
import * as core from '@actions/core';
import * as log from '../base/log.js';
import type { CheckResult, SearchResult } from '../model.js';
import { escapeHtml } from '../base/text.js';
import { formatDuration } from '../time.js';

/** Results listed in a failure message: the rest are in the summary. */
const LISTED_IN_MESSAGE = 5;

/** The log lines of a check (a failure's own message comes from checkFailure, for the verdict). */
export function logCheck(check: CheckResult): void {
  switch (check.status) {
    case 'passed':
      log.info(
        `Search check passed: "${check.query}"${searchedAs(check)} found a location containing "${check.expect}" at rank ${check.rank}: ${located(check.results[check.rank - 1])}`,
      );
      return;
    case 'not-found':
      log.info(`Search check: the first ${check.count} results for "${check.query}" were:`);
      check.results.forEach((result, index) => log.info(`  ${index + 1}. ${describe(result)}`));
      return;
    case 'not-run':
      log.info(`Search check not run: ${check.reason}`);
      return;
    case 'error':
      return;
  }
}

/** Why the check fails the step, or undefined when it does not (passed, not run). */
export function checkFailure(check: CheckResult): string | undefined {
  switch (check.status) {
    case 'not-found': {
      const tried = `${check.searches} search${check.searches === 1 ? '' : 'es'} over ${formatDuration(check.elapsedMs)}`;
      const came =
        check.results.length === 0
          ? 'no results came back'
          : `the first came from ${check.results
              .slice(0, LISTED_IN_MESSAGE)
              .map((result, index) => `${index + 1}. ${located(result)}`)
              .join(
                ', ',
              )}${check.results.length > LISTED_IN_MESSAGE ? `, and ${check.results.length - LISTED_IN_MESSAGE} more` : ''}`;
      const hint = check.hint ? ` Note: ${check.hint}.` : '';
      return (
        `Search check failed: none of the first ${check.count} results for "${check.query}"${searchedAs(check)} is at a location containing "${check.expect}" (case-sensitive) after ${tried}; ${came}. ` +
        `Check that the synced documents contain the query, and check-expect against their locations (the job summary lists them), or raise check-results.${hint}`
      );
    }
    case 'error':
      return `Search check failed: ${check.message}`;
    default:
      return undefined;
  }
}

/** The check's section of the job summary: heading, what was asked, and the top results. */
export function addCheckSummary(summary: typeof core.summary, check: CheckResult): void {
  const asked = `query <code>${escapeHtml(check.query)}</code>, a location containing <code>${escapeHtml(check.expect)}</code> among the first ${check.count} results${escapeHtml(searchedAs(check))}`;
  switch (check.status) {
    case 'passed':
      summary.addHeading(`Search check: ✅ found at rank ${check.rank}`, 3);
      summary.addRaw(`<p>Looked for ${asked}.</p>`, true);
      summary.addTable(resultsTable(check.results, check.rank));
      return;
    case 'not-found':
      summary.addHeading('Search check: ❌ not found', 3);
      summary.addRaw(
        `<p>Looked for ${asked}: not there after ${check.searches} search${check.searches === 1 ? '' : 'es'} over ${formatDuration(check.elapsedMs)}.</p>`,
        true,
      );
      if (check.results.length > 0) {
        summary.addTable(resultsTable(check.results));
        summary.addRaw(
          '<p>Compare <code>check-expect</code> with these locations (it must be part of one, case and all), check that the synced documents answer the query, or raise <code>check-results</code>.</p>',
          true,
        );
      } else summary.addRaw('<p>No results came back.</p>', true);
      if (check.hint) summary.addRaw(`<p>${escapeHtml(sentence(check.hint))}.</p>`, true);
      return;
    case 'error':
      summary.addHeading('Search check: ❌ failed', 3);
      summary.addRaw(`<p>Looked for ${asked}.</p>`, true);
      summary.addRaw(`<p>${escapeHtml(check.message)}</p>`, true);
      return;
    case 'not-run':
      summary.addHeading('Search check: not run', 3);
      summary.addRaw(`<p>${escapeHtml(sentence(check.reason))}</p>`, true);
      return;
  }
}

/** ", searching as dev@example.com" (check-user), masked where it looked like a secret. */
function searchedAs(check: CheckResult): string {
  const { user } = check;
  if (!user) return '';
  return user.secret ? ', searching as the check-user given (masked)' : `, searching as ${user.id}`;
}

/** "the sync ... failed." as a sentence of its own: "The sync ... failed.". */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What an absent value shows as: @actions/core writes an empty cell as an unclosed `<td>`. */
const NONE = '—';

/**
 * Rank, location, title and relevance (each only when some result has one: not every service
 * gives titles), the start of the passage; the match, at `rank` (1-based), marked.
 */
function resultsTable(results: SearchResult[], rank?: number) {
  const titled = results.some((result) => result.title);
  const scored = results.some((result) => result.score);
  const header = [
    'Rank',
    'Location',
    ...(titled ? ['Title'] : []),
    ...(scored ? ['Score'] : []),
    'Passage',
  ].map((data) => ({ data, header: true }));
  const first = rank === undefined ? -1 : rank - 1;
  const cell = (value: string | undefined) => (value ? escapeHtml(value) : NONE);
  const rows = results.map((result, index) => {
    const location = linked(result);
    return [
      index === first ? `✅ ${index + 1}` : String(index + 1),
      index === first ? `<b>${location}</b>` : location,
      ...(titled ? [cell(result.title)] : []),
      ...(scored ? [cell(result.score)] : []),
      cell(result.excerpt),
    ];
  });
  return [header, ...rows];
}

/** The location as a link where it has a page: a web URL as it is, an S3 URI to its console page. */
function linked(result: SearchResult): string {
  const href = locationLink(result.location);
  if (!href) return escapeHtml(located(result));
  const id = result.documentId ? ` (ID ${escapeHtml(result.documentId)})` : '';
  return `<a href="${escapeHtml(href)}">${escapeHtml(result.location)}</a>${id}`;
}

/** Where a person opens a location: undefined for a bare ID or anything else without a page. */
export function locationLink(location: string): string | undefined {
  if (/^https?:\/\//i.test(location)) return location;
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  // The console's object page finds the bucket's region by itself.
  if (s3)
    return `https://s3.console.aws.amazon.com/s3/object/${s3[1]}?prefix=${encodeURIComponent(s3[2])}`;
  return undefined;
}

/** "https://docs.example.com/a (Title, HIGH)". */
function describe(result: SearchResult): string {
  const extras = [result.title, result.score].filter(Boolean).join(', ');
  return `${located(result)}${extras ? ` (${extras})` : ''}`;
}

/** The location, and the document ID when it is another (check-expect may match either). */
function located(result: SearchResult): string {
  const id = result.documentId ? ` (ID ${result.documentId})` : '';
  return `${result.location || '(no location)'}${id}`;
}
