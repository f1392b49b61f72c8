// Judging a job that ended: whether it fails the step or only warns, in the service's words.
import { describeTarget, type SyncJob, type SyncService, type Target } from '../model.js';
import { capitalize, clause } from '../report/text.js';

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
  if (job.outcome !== 'failed') {
    for (const reason of job.reasons ?? []) {
      warnings.push(
        `${terms.service} on ${terms.job} ${job.executionId} (${describeTarget(target)}): ${reason}`,
      );
    }
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
