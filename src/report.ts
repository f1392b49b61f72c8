// Everything the step tells the workflow: its outputs, the job summary and the final verdict.
import * as core from '@actions/core';
import * as log from './log.js';
import {
  OUTCOME_SEVERITY,
  type FailedDocuments,
  type Metrics,
  type Outcome,
  type SyncService,
} from './model.js';
import { formatDuration } from './time.js';

/** How one data source ended: the row of the summary and the element of the `results` output. */
export interface DataSourceResult {
  containerId: string;
  /** Undefined when a data source given by name was not found. */
  dataSourceId?: string;
  dataSourceName?: string;
  executionId?: string;
  /** The service's own status word for the job, when there is a job. */
  status?: string;
  outcome: Outcome;
  skipped: boolean;
  startTime?: Date;
  endTime?: Date;
  /** Only when the job was followed to its end. */
  metrics?: Metrics;
  /** The service's error message for the job, or why this data source failed. */
  errorMessage?: string;
  /** Set when this data source fails the step. */
  failure?: string;
  /** Which documents failed and why, when the job ended with failed documents. */
  failedDocuments?: FailedDocuments;
  /** What the service said about a job that did not fail (files it skipped): warnings. */
  notes?: string[];
}

/** The document counts, in the order the summary shows them, with their outputs. */
const COUNT_OUTPUTS: Record<keyof Metrics, string> = {
  added: 'documents-added',
  modified: 'documents-modified',
  deleted: 'documents-deleted',
  failed: 'documents-failed',
  scanned: 'documents-scanned',
};
const COUNTS = Object.keys(COUNT_OUTPUTS) as Array<keyof Metrics>;

/** The worst of the outcomes (contract order), or undefined for none. */
export function worstOutcome(outcomes: Outcome[]): Outcome | undefined {
  return [...outcomes].sort((a, b) => OUTCOME_SEVERITY.indexOf(a) - OUTCOME_SEVERITY.indexOf(b))[0];
}

/** `execution-id` as soon as the first data source has one, before any waiting (contract). */
export function announceExecutionId(position: number, executionId: string): void {
  if (position === 0) core.setOutput('execution-id', executionId);
}

/** Every output but an `execution-id` that announceExecutionId already set. */
export function setOutputs(
  service: SyncService,
  results: DataSourceResult[],
  waited: boolean,
): void {
  // Without one for the first data source, the first there is.
  const first = results.find((result) => result.executionId);
  if (!results[0]?.executionId && first?.executionId) {
    core.setOutput('execution-id', first.executionId);
  }
  const withJob = results.filter((result) => result.executionId);
  core.setOutput(
    'execution-ids',
    JSON.stringify(Object.fromEntries(withJob.map((r) => [r.dataSourceId, r.executionId]))),
  );
  const outcome = worstOutcome(results.map((result) => result.outcome));
  if (outcome) core.setOutput('outcome', outcome);
  // The status of the data source with the worst outcome among those with a job.
  const worst = worstOutcome(withJob.map((result) => result.outcome));
  const status = withJob.find((result) => result.outcome === worst && result.status)?.status;
  if (status) core.setOutput('status', status);
  core.setOutput('skipped', String(results.some((result) => result.skipped)));
  // Counts only when waited (contract), and some job was followed to its end.
  if (waited && results.some((result) => result.metrics)) {
    const total = (key: keyof Metrics): number =>
      results.reduce((sum, result) => sum + (result.metrics?.[key] ?? 0), 0);
    for (const key of COUNTS) core.setOutput(COUNT_OUTPUTS[key], total(key));
  }
  core.setOutput(
    'results',
    JSON.stringify(
      results.map((result) => ({
        service: service.id,
        dataSourceId: result.dataSourceId ?? null,
        ...(result.dataSourceName !== undefined && { dataSourceName: result.dataSourceName }),
        executionId: result.executionId ?? null,
        status: result.status ?? null,
        outcome: result.outcome,
        skipped: result.skipped,
        startTime: result.startTime?.toISOString() ?? null,
        endTime: result.endTime?.toISOString() ?? null,
        metrics: result.metrics ?? null,
        errorMessage: result.errorMessage ?? null,
        ...(result.failedDocuments?.documents.length && {
          failedDocuments: result.failedDocuments.documents,
        }),
      })),
    ),
  );
}

/** Fails the step when any data source failed, naming each. */
export function setVerdict(results: DataSourceResult[]): void {
  const failures = results.filter((result) => result.failure);
  if (failures.length === 0) return;
  if (results.length === 1) {
    log.setFailed(failures[0].failure ?? '');
    return;
  }
  failures.forEach((result) => log.error(result.failure ?? ''));
  const names = failures.map((result) => result.dataSourceName ?? result.dataSourceId).join(', ');
  log.setFailed(`${failures.length} of ${results.length} data sources failed: ${names}.`);
}

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
  options: { note?: string } = {},
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const named = results.some((result) => result.dataSourceName && result.dataSourceId);
  const timed = results.some((result) => duration(result));
  const counted = results.some((result) => result.metrics);
  const header = [
    'Status',
    'Data source',
    ...(named ? ['ID'] : []),
    'Execution ID',
    ...(timed ? ['Duration'] : []),
    ...(counted ? COUNTS.map((key) => key[0].toUpperCase() + key.slice(1)) : []),
  ].map((data) => ({ data, header: true }));
  const rows = results.map((result) => {
    const label = escapeHtml(result.dataSourceName ?? result.dataSourceId ?? '');
    const link = result.dataSourceId
      ? `<a href="${escapeHtml(service.consoleLink({ containerId: result.containerId, dataSourceId: result.dataSourceId }))}">${label}</a>`
      : label;
    return [
      `${MARKS[result.outcome]} ${escapeHtml(statusText(result))}`,
      link,
      ...(named ? [escapeHtml(result.dataSourceId ?? '')] : []),
      escapeHtml(result.executionId ?? ''),
      ...(timed ? [duration(result)] : []),
      ...(counted ? COUNTS.map((key) => (result.metrics ? String(result.metrics[key]) : '')) : []),
    ];
  });
  const summary = core.summary.addHeading(`${service.terms.service} sync`, 3);
  if (options.note) summary.addRaw(`<p>⏹️ <b>${escapeHtml(options.note)}</b></p>`, true);
  summary.addTable([header, ...rows]);
  const problems = results.flatMap((result) => {
    const label = `<b>${escapeHtml(result.dataSourceName ?? result.dataSourceId ?? '')}</b>`;
    const said = result.failure ?? result.errorMessage;
    return [
      ...(said ? [`${label}: ${escapeHtml(said)}`] : []),
      ...(result.notes ?? []).map((note) => `⚠️ ${label}: ${escapeHtml(note)}`),
    ];
  });
  if (problems.length > 0) summary.addList(problems);
  for (const result of results) {
    const found = result.failedDocuments;
    if (!found) continue;
    const label = escapeHtml(result.dataSourceName ?? result.dataSourceId ?? '');
    // Reasons a service gives for the whole job name no document of their own.
    const byDocument = found.documents.some((document) => document.uri ?? document.documentId);
    summary.addHeading(`${byDocument ? 'Failed documents' : 'Failure reasons'}: ${label}`, 4);
    if (found.note) summary.addRaw(`<p>${escapeHtml(found.note)}</p>`, true);
    if (found.documents.length > 0) {
      summary.addList([
        ...found.documents.map((document) => {
          const which = document.uri ?? document.documentId;
          const code = document.errorCode ? ` <b>${escapeHtml(document.errorCode)}</b>` : '';
          return `${which ? `<code>${escapeHtml(which)}</code>` : ''}${code}${which || code ? ': ' : ''}${escapeHtml(document.message)}`;
        }),
        ...(found.more > 0 ? [`and ${found.more} more`] : []),
      ]);
    }
    if (found.link) {
      summary.addRaw(
        `<p><a href="${escapeHtml(found.link)}">All entries in CloudWatch Logs</a></p>`,
        true,
      );
    }
  }
  if (results.some((result) => result.outcome === 'started')) {
    summary.addRaw(
      '<p>Started without waiting (wait-for-completion: false): the status is the one at start.</p>',
    );
  }
  await summary.write();
}

/** The summary of a step that ended before any data source got a result. */
export async function writeFailureSummary(
  serviceName: string | undefined,
  problems: string[],
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary
    .addHeading(`${serviceName ? `${serviceName} sync` : 'Sync'}: ❌ no sync was started`, 3)
    .addList(problems.map(escapeHtml))
    .write();
}

function statusText(result: DataSourceResult): string {
  if (result.skipped) return `${result.status ?? ''} (already running, skipped)`.trim();
  if (result.outcome === 'timed-out') return `${result.status ?? ''} (timed out)`.trim();
  // A status word that does not say it by itself (one that means 'complete').
  if (result.outcome === 'incomplete' && !/incomplete/i.test(result.status ?? '')) {
    return `${result.status ?? ''} (incomplete)`.trim();
  }
  return result.status ?? 'not started';
}

function duration(result: DataSourceResult): string {
  return result.startTime && result.endTime
    ? formatDuration(result.endTime.getTime() - result.startTime.getTime())
    : '';
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"'|]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '|': '&#124;' })[c] ??
      c,
  );
}
