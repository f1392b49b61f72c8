// What the step tells the workflow besides the summary: its outputs and the final verdict.
import * as core from '@actions/core';
import { checkFailure } from './check.js';
import * as log from '../base/log.js';
import {
  OUTCOME_SEVERITY,
  type CheckResult,
  type DataSourceResult,
  type Metrics,
  type Outcome,
  type SyncService,
} from '../model.js';

/** The document counts, in the order the summary shows them, with their outputs. */
const COUNT_OUTPUTS: Record<keyof Metrics, string> = {
  added: 'documents-added',
  modified: 'documents-modified',
  deleted: 'documents-deleted',
  failed: 'documents-failed',
  scanned: 'documents-scanned',
  skipped: 'documents-skipped',
};
export const COUNTS = Object.keys(COUNT_OUTPUTS) as Array<keyof Metrics>;

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
  check?: CheckResult,
): void {
  if (check) core.setOutput('check-rank', check.status === 'passed' ? String(check.rank) : '');
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

/** Fails the step when any data source failed, naming each, or the search check failed. */
export function setVerdict(results: DataSourceResult[], check?: CheckResult): void {
  const failures = results.filter((result) => result.failure);
  const checkFailed = check && checkFailure(check);
  if (failures.length === 0) {
    if (checkFailed) log.setFailed(checkFailed);
    return;
  }
  if (results.length === 1) {
    log.setFailed(failures[0].failure ?? '');
    return;
  }
  failures.forEach((result) => log.error(result.failure ?? ''));
  const names = failures.map((result) => result.dataSourceName ?? result.dataSourceId).join(', ');
  log.setFailed(`${failures.length} of ${results.length} data sources failed: ${names}.`);
}
