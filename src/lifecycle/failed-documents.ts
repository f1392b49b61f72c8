// After a job that ended with failed documents: which ones, and why, in the log.
import * as log from '../base/log.js';
import {
  describeDocument,
  describeTarget,
  type FailedDocuments,
  type SyncJob,
  type SyncService,
  type Target,
} from '../model.js';

/**
 * Shows up to `limit` of the job's failed documents in the log, and returns them for the outputs
 * and the summary. Never fails the data source on its own.
 */
export async function showFailedDocuments(
  service: SyncService,
  target: Target,
  job: SyncJob,
  limit: number,
): Promise<FailedDocuments | undefined> {
  const failed = job.metrics.failed > 0 || job.outcome === 'failed' || job.outcome === 'incomplete';
  // Documents left out, or reasons given by a job that succeeded, are worth naming too.
  const left = job.metrics.skipped > 0 || (job.reasons?.length ?? 0) > 0;
  if (!(failed || left) || limit === 0) return undefined;
  const found = await service.failedDocuments(target, job, limit);
  if (found.note) log.info(found.note);
  if (found.documents.length === 0) return found.note ? found : undefined;
  const where = found.link ? `; ${found.linkText ?? 'all of them'}: ${found.link}` : '';
  log.info(
    `Failed documents in ${describeTarget(target)} (${service.terms.job} ${job.executionId}), ${found.documents.length} shown${found.more > 0 ? `, ${found.more} more` : ''}${where}:`,
  );
  for (const document of found.documents) log.info(`  ${describeDocument(document)}`);
  return found;
}
