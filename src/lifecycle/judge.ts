// Judging a job that ended: whether it fails the step or only warns, in the service's words.
import { describeTarget, type SyncJob, type SyncService, type Target } from '../model.js';
import { capitalize, clause } from '../base/text.js';

/** Reasons quoted in a warning annotation: the summary lists them all. */
const REASONS_SHOWN = 3;

/** Whether a finished job fails the step or only warns: failed and stopped jobs always fail. */
export function judgeJob(
  service: Pick<SyncService, 'terms'>,
  job: SyncJob,
  failOnIncomplete: boolean,
  target: Target,
): { failure?: string; warnings: string[] } {
  const { terms } = service;
  const warnings: string[] = [];
  const serviceSaid = job.errorMessage
    ? `: ${clause(job.errorMessage)}${job.errorCode ? ` (${job.errorCode})` : ''}`
    : '';
  // A status word that does not say documents failed (one that means 'complete') gets the count.
  const failedSaid =
    !job.errorMessage && job.outcome === 'incomplete' && job.status !== terms.incompleteStatus
      ? ` with ${job.metrics.failed} failed document(s)`
      : '';
  const ended = `${capitalize(terms.job)} ${job.executionId} on ${describeTarget(target)} ended ${job.status}${failedSaid}${serviceSaid}`;
  if (job.metrics.failed > 0) {
    warnings.push(
      `${job.metrics.failed} document(s) failed to index in ${describeTarget(target)} (${terms.job} ${job.executionId}); see the data source's sync history in the ${terms.service} console.`,
    );
  }
  const reasons = job.outcome === 'failed' ? [] : (job.reasons ?? []);
  if (job.metrics.skipped > 0 || reasons.length > 0) {
    // Never a quiet success: a job can end complete having indexed nothing it was given.
    const skipped =
      job.metrics.skipped > 0 ? `skipped ${job.metrics.skipped} document(s)` : 'reported problems';
    const first = reasons.slice(0, REASONS_SHOWN).map(clause).join('; ');
    const more =
      reasons.length > REASONS_SHOWN ? ` (and ${reasons.length - REASONS_SHOWN} more)` : '';
    warnings.push(
      `${terms.service} ${skipped} in ${describeTarget(target)} (${terms.job} ${job.executionId})${first ? `: ${first}${more}` : ''}.`,
    );
  }
  if (job.outcome === 'failed' || job.outcome === 'stopped') {
    return { failure: `${ended}.`, warnings };
  }
  if (job.outcome === 'incomplete') {
    if (failOnIncomplete) {
      return {
        failure: `${ended}. Set fail-on-incomplete: false to accept partly indexed syncs.`,
        warnings,
      };
    }
    warnings.push(`${ended}; fail-on-incomplete is false, so the step goes on.`);
  }
  return { warnings };
}
