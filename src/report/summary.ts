// The job summary: one table row per data source, with what went wrong under it.
import * as core from '@actions/core';
import {
  describeDocument,
  describeTarget,
  type DocumentMarkup,
  type CheckResult,
  type DataSourceResult,
  type Outcome,
  type SyncService,
  type Terms,
} from '../model.js';
import { capitalize, escapeHtml } from '../base/text.js';
import { addCheckSummary } from './check.js';
import { formatDuration } from '../time.js';
import { COUNTS } from './outputs.js';

/** A mark per outcome, to tell rows apart at a glance. */
const MARKS: Record<Outcome, string> = {
  succeeded: '✅',
  incomplete: '⚠️',
  failed: '❌',
  'timed-out': '⏱️',
  stopped: '⏹️',
  started: '▶️',
  skipped: '⏭️',
};

/** One table row per data source, with a link to it in the service's console. */
export async function writeSummary(
  service: SyncService,
  results: DataSourceResult[],
  options: { note?: string; check?: CheckResult } = {},
): Promise<void> {
  // @actions/github's context has no field for the summary file: the runner's variable it is.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const summary = core.summary.addHeading(`${service.terms.service} sync`, 3);
  if (options.note) summary.addRaw(`<p>⏹️ <b>${escapeHtml(options.note)}</b></p>`, true);
  const warnings = results.filter(warned).map((result) => escapeHtml(warningOf(result)));
  if (warnings.length > 0) {
    summary.addRaw(`<p>⚠️ <b>Succeeded with warnings</b>: ${warnings.join('; ')}.</p>`, true);
  }
  summary.addTable(table(service, results));
  const problems = results.flatMap(problemsOf);
  if (problems.length > 0) summary.addList(problems);
  for (const result of results) addFailedDocuments(summary, service, result);
  // A job left running by a cancellation says why under the table instead.
  if (results.some((result) => result.outcome === 'started' && !result.failure)) {
    summary.addRaw(
      '<p>Started without waiting (wait-for-completion: false): the status is the one at start.</p>',
    );
  }
  if (options.check) addCheckSummary(summary, options.check);
  await summary.write();
}

/** The header and one row per data source; columns only where some row has a value. */
function table(service: SyncService, results: DataSourceResult[]) {
  const named = results.some((result) => result.dataSourceName && result.dataSourceId);
  const timed = results.some((result) => duration(result));
  const counted = results.some((result) => result.metrics);
  // Skipped documents get a column only when there are some: most services never skip.
  const counts = COUNTS.filter(
    (key) => key !== 'skipped' || results.some((result) => (result.metrics?.skipped ?? 0) > 0),
  );
  const header = [
    'Status',
    'Data source',
    ...(named ? ['ID'] : []),
    'Execution ID',
    ...(timed ? ['Duration'] : []),
    ...(counted ? counts.map((key) => key[0].toUpperCase() + key.slice(1)) : []),
  ];
  const rows = results.map((result) => {
    const label = escapeHtml(labelOf(result));
    const link = result.dataSourceId
      ? `<a href="${escapeHtml(service.consoleLink({ containerId: result.containerId, dataSourceId: result.dataSourceId }))}">${label}</a>`
      : label;
    const status = `${markOf(result)} ${escapeHtml(statusText(result, service.terms))}`;
    // A data source that never started has nothing to count: one sentence across the rest.
    if (neverStarted(result)) {
      const sentence = `No ${service.terms.job} was started (why is below).`;
      return [status, link, { data: sentence, colspan: String(header.length - 2) }];
    }
    return [
      status,
      link,
      ...(named ? [escapeHtml(result.dataSourceId ?? '')] : []),
      escapeHtml(result.executionId ?? ''),
      ...(timed ? [duration(result)] : []),
      ...(counted ? counts.map((key) => (result.metrics ? String(result.metrics[key]) : '')) : []),
    ];
  });
  return [header.map((data) => ({ data, header: true })), ...rows];
}

/** A data source that failed before any job of its own: its row has nothing to count. */
const neverStarted = (result: DataSourceResult): boolean =>
  !result.executionId && !result.skipped && Boolean(result.failure);

const labelOf = (result: DataSourceResult): string =>
  result.dataSourceName ?? result.dataSourceId ?? '';

/** The mark follows the step's verdict: an incomplete job that fails the step is a failure. */
function markOf(result: DataSourceResult): string {
  if (warned(result)) return MARKS.incomplete;
  if (result.outcome === 'incomplete' && result.failure) return MARKS.failed;
  return MARKS[result.outcome];
}

/** What went wrong with a data source, under the table: its row already names it and its job. */
function problemsOf(result: DataSourceResult): string[] {
  const label = `<b>${escapeHtml(labelOf(result))}</b>`;
  const said = result.failure ?? result.errorMessage;
  const notes = result.notes ?? [];
  const skipped = result.metrics?.skipped ?? 0;
  // The service gives reasons for some of the documents it skipped: the count says the rest.
  const found = result.failedDocuments;
  // A list of the documents themselves counts the rest of them once, under the list.
  const listed = (found?.documents.length ?? 0) > 0;
  const unexplained = notes.length > 0 && !listed ? skipped - notes.length : 0;
  // A note without documents is said here: no heading of its own over a single sentence.
  const unread = found?.note && found.documents.length === 0 ? found.note : undefined;
  return [
    ...(said ? [`${label}: ${escapeHtml(withoutRowIds(said, result))}`] : []),
    ...(unread ? [`${label}: ${escapeHtml(unread)}`] : []),
    ...notes.map((note) => `⚠️ ${label}: ${escapeHtml(note)}`),
    ...(unexplained > 0
      ? [`⚠️ ${label}: and ${unexplained} more document${unexplained === 1 ? '' : 's'} skipped`]
      : []),
  ];
}

/**
 * "Sync job 5f2c… on data source "website" (c0ffee…) ended FAILED: …" as "Sync job ended FAILED:
 * …": the row beside it shows the name and both IDs.
 */
function withoutRowIds(text: string, result: DataSourceResult): string {
  if (!result.dataSourceId) return text;
  const target = describeTarget({ ...result, dataSourceId: result.dataSourceId });
  const job = result.executionId;
  return (job ? [` ${job} on ${target}`, ` (execution ${job})`] : [])
    .concat(` on ${target}`)
    .reduce((said, repeated) => said.replaceAll(repeated, ''), text);
}

/** A failed document's parts in the summary: the location as code, the status or error in bold. */
const HTML_DOCUMENT: DocumentMarkup = {
  location: (uri) => `<code>${escapeHtml(uri)}</code>`,
  code: (code) => `<b>${escapeHtml(code)}</b>`,
  message: escapeHtml,
};

/** A heading over the failed documents a job named, the list, and where to see them all. */
function addFailedDocuments(
  summary: typeof core.summary,
  service: SyncService,
  result: DataSourceResult,
): void {
  const found = result.failedDocuments;
  if (!found || found.documents.length === 0) return;
  const label = escapeHtml(labelOf(result));
  // Reasons a service gives for the whole job name no document of their own.
  const byDocument = found.documents.some((document) => document.uri ?? document.documentId);
  summary.addHeading(`${byDocument ? 'Failed documents' : 'Failure reasons'}: ${label}`, 4);
  summary.addList([
    ...found.documents.map((document) => describeDocument(document, HTML_DOCUMENT)),
    ...(found.more > 0 ? [`and ${found.more} more`] : []),
  ]);
  // After the list: a source that could not be read, or how to see more next time.
  if (found.note) summary.addRaw(`<p>${escapeHtml(found.note)}</p>`, true);
  if (found.link) {
    const text = found.linkText ?? service.terms.failedDocumentsLink ?? 'All of them';
    summary.addRaw(
      `<p><a href="${escapeHtml(found.link)}">${escapeHtml(capitalize(text))}</a></p>`,
      true,
    );
  }
}

/** The summary of a step that ended before any data source got a result. */
export async function writeFailureSummary(
  serviceName: string | undefined,
  problems: string[],
): Promise<void> {
  // @actions/github's context has no field for the summary file: the runner's variable it is.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary
    .addHeading(`${serviceName ? `${serviceName} sync` : 'Sync'}: ❌ no sync was started`, 3)
    .addList(problems.map(escapeHtml))
    .write();
}

/**
 * A job that succeeded but skipped documents or gave reasons: never shown as a quiet success
 * (a job has ended complete having indexed nothing it was given).
 */
function warned(result: DataSourceResult): boolean {
  const skipped = result.metrics?.skipped ?? 0;
  return result.outcome === 'succeeded' && (skipped > 0 || (result.notes?.length ?? 0) > 0);
}

/**
 * "383 documents skipped in pdfs, nothing indexed" (the field case: a job that ended, having indexed
 * nothing it was given), "1 document skipped in pdfs", "2 warnings from the service for pdfs".
 */
function warningOf(result: DataSourceResult): string {
  const skipped = result.metrics?.skipped ?? 0;
  const notes = result.notes?.length ?? 0;
  const which = labelOf(result);
  if (skipped === 0)
    return `${notes} warning${notes === 1 ? '' : 's'} from the service for ${which}`;
  const nothingIndexed = result.metrics?.added === 0 && result.metrics.modified === 0;
  return `${skipped} document${skipped === 1 ? '' : 's'} skipped in ${which}${nothingIndexed ? ', nothing indexed' : ''}`;
}

function statusText(result: DataSourceResult, terms: Terms): string {
  if (result.skipped) {
    // Who started it is unknown to the step; that it did not is known.
    return `${result.status ?? ''} (already running, not started by this step: skipped)`.trim();
  }
  if (result.outcome === 'timed-out') return `${result.status ?? ''} (timed out)`.trim();
  // A status word that does not say it by itself (one that means 'complete').
  if (result.outcome === 'incomplete' && result.status !== terms.incompleteStatus) {
    return `${result.status ?? ''} (incomplete)`.trim();
  }
  return result.status ?? 'not started';
}

function duration(result: DataSourceResult): string {
  return result.startTime && result.endTime
    ? formatDuration(result.endTime.getTime() - result.startTime.getTime())
    : '';
}
