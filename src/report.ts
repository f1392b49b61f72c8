import * as core from '@actions/core';
import type { Metrics } from './kendra.js';
import { consoleLink } from './links.js';
import { formatDuration } from './time.js';

/** How one data source ended: the row of the summary and the element of the `results` output. */
export interface DataSourceResult {
  /** Empty when a data source given by name was not found. */
  dataSourceId: string;
  dataSourceName?: string;
  indexId: string;
  executionId?: string;
  status?: string;
  skipped: boolean;
  startTime?: Date;
  endTime?: Date;
  /** Only when the job was waited for. */
  metrics?: Metrics;
  /** Kendra's error message for the job, or why this data source failed. */
  errorMessage?: string;
  /** Set when this data source fails the step. */
  failure?: string;
}

/** The document counts, in the order the summary shows them. */
const COUNTS: ReadonlyArray<keyof Metrics> = ['added', 'modified', 'deleted', 'failed', 'scanned'];

/** Worst first: the `status` output over several data sources is the worst one. */
const SEVERITY = [
  'FAILED',
  'ABORTED',
  'INCOMPLETE',
  'STOPPING',
  'SYNCING_INDEXING',
  'SYNCING',
  'SUCCEEDED',
];

export function worstStatus(statuses: string[]): string | undefined {
  const rank = (status: string): number => {
    const index = SEVERITY.indexOf(status);
    return index === -1 ? 0 : index;
  };
  return [...statuses].sort((a, b) => rank(a) - rank(b))[0];
}

export function setOutputs(results: DataSourceResult[], waited: boolean): void {
  const started = results.filter((result) => result.executionId);
  core.setOutput(
    'execution-ids',
    JSON.stringify(Object.fromEntries(started.map((r) => [r.dataSourceId, r.executionId]))),
  );
  const status = worstStatus(started.flatMap((result) => result.status ?? []));
  if (status) core.setOutput('status', status);
  core.setOutput('skipped', String(results.some((result) => result.skipped)));
  // Counts only when some job was followed to its end (not for skipped or timed-out ones alone).
  if (waited && results.some((result) => result.metrics)) {
    const total = (key: keyof Metrics): number =>
      results.reduce((sum, result) => sum + (result.metrics?.[key] ?? 0), 0);
    core.setOutput('documents-added', total('added'));
    core.setOutput('documents-modified', total('modified'));
    core.setOutput('documents-deleted', total('deleted'));
    core.setOutput('documents-failed', total('failed'));
    core.setOutput('documents-scanned', total('scanned'));
  }
  core.setOutput(
    'results',
    JSON.stringify(
      results.map((result) => ({
        dataSourceId: result.dataSourceId,
        ...(result.dataSourceName !== undefined && { dataSourceName: result.dataSourceName }),
        executionId: result.executionId ?? null,
        status: result.status ?? null,
        skipped: result.skipped,
        startTime: result.startTime?.toISOString() ?? null,
        endTime: result.endTime?.toISOString() ?? null,
        metrics: result.metrics ?? null,
        errorMessage: result.errorMessage ?? null,
      })),
    ),
  );
}

/** One table row per data source, with a link to it in the Kendra console. */
export async function writeSummary(
  results: DataSourceResult[],
  region: string,
  waited: boolean,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const header = [
    'Data source',
    'ID',
    'Execution ID',
    'Status',
    'Duration',
    ...COUNTS.map((key) => key[0].toUpperCase() + key.slice(1)),
  ].map((data) => ({ data, header: true }));
  const rows = results.map((result) => {
    const name = escapeHtml(result.dataSourceName ?? result.dataSourceId);
    const link = result.dataSourceId
      ? `<a href="${escapeHtml(consoleLink(region, { indexId: result.indexId, dataSourceId: result.dataSourceId }))}">${name}</a>`
      : name;
    const duration =
      result.startTime && result.endTime
        ? formatDuration(result.endTime.getTime() - result.startTime.getTime())
        : '';
    const status = result.skipped
      ? `${result.status ?? ''} (already running, skipped)`
      : (result.status ?? 'not started');
    return [
      link,
      escapeHtml(result.dataSourceId),
      escapeHtml(result.executionId ?? ''),
      escapeHtml(status),
      duration,
      ...COUNTS.map((key) => (result.metrics ? String(result.metrics[key]) : '')),
    ];
  });
  const summary = core.summary.addHeading('Kendra sync', 3).addTable([header, ...rows]);
  const problems = results.filter((result) => result.failure || result.errorMessage);
  if (problems.length > 0) {
    summary.addList(
      problems.map(
        (result) =>
          `<b>${escapeHtml(result.dataSourceName ?? result.dataSourceId)}</b>: ${escapeHtml(result.failure ?? result.errorMessage ?? '')}`,
      ),
    );
  }
  if (!waited) {
    summary.addRaw(
      '<p>Started without waiting (wait-for-completion: false): the status is the one at start.</p>',
    );
  }
  await summary.write();
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"'|]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '|': '&#124;' })[c] ??
      c,
  );
}
