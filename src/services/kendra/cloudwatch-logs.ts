// Which documents a Kendra sync failed on, and why, from the index's CloudWatch Logs. Loaded only
// after a waited job ended with failed documents: a run that succeeds never loads it.
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { withRequestId } from '../../aws/diagnostics.js';
import { clause } from '../../base/text.js';
import { asAwsError } from '../../errors.js';
import type { Credentials } from '../../credentials/credentials.js';
import type { FailedDocument, FailedDocuments, SyncJob, Target } from '../../model.js';
import { logGroupLink, readLogEvents, unreadable } from '../cloudwatch-logs.js';

/** Entries are written a little before the job's recorded start and after its end. */
const WINDOW_BEFORE_MS = 60_000;
const WINDOW_AFTER_MS = 10 * 60_000;

interface KendraLogEntry {
  DocumentId?: string;
  SourceURI?: string;
  S3Path?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
  IndexingStatus?: string;
}

export async function readFailedDocuments(
  region: string,
  credentials: Pick<Credentials, 'provider' | 'principal' | 'invalidate'> | undefined,
  target: Target,
  job: SyncJob,
  limit: number,
  now: Date,
): Promise<FailedDocuments> {
  const logGroupName = `/aws/kendra/${target.containerId}`;
  const link = logGroupLink(region, logGroupName);
  let events: FilteredLogEvent[];
  try {
    events = await readLogEvents(region, credentials, {
      logGroupName,
      // Both the job's stream and the document streams of this data source.
      logStreamNamePrefix: `${target.dataSourceId}/`,
      startTime: (job.startTime?.getTime() ?? now.getTime()) - WINDOW_BEFORE_MS,
      endTime: (job.endTime?.getTime() ?? now.getTime()) + WINDOW_AFTER_MS,
    });
  } catch (error) {
    const missing = 'Kendra creates it when the index logs to CloudWatch';
    const note = unreadable(error, region, logGroupName, missing);
    // No link to a log group that does not exist: the note says so.
    const absent = asAwsError(error).name === 'ResourceNotFoundException';
    return { documents: [], more: 0, ...(!absent && { link }), note: withRequestId(note, error) };
  }
  const found = new Map<string, FailedDocument>();
  for (const document of events.map(failedDocument)) {
    if (document) found.set(document.documentId ?? document.uri ?? document.message, document);
  }
  const documents = [...found.values()];
  if (documents.length === 0) {
    return {
      documents,
      more: 0,
      link,
      note: `Kendra has written no failed-document entries to ${logGroupName} for this sync yet (its logs can lag the job by minutes).`,
    };
  }
  // The count is Kendra's: the logs read may hold fewer entries than documents failed.
  const total = Math.max(job.metrics.failed, documents.length);
  return {
    documents: documents.slice(0, limit),
    more: total - Math.min(limit, documents.length),
    link,
  };
}

/** A failed document from one log entry, or undefined for entries of another kind. */
function failedDocument(event: FilteredLogEvent): FailedDocument | undefined {
  let entry: KendraLogEntry;
  try {
    entry = JSON.parse(event.message ?? '') as KendraLogEntry;
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  if (!entry.ErrorCode && entry.IndexingStatus !== 'DocumentFailedToIndex') return undefined;
  return {
    documentId: entry.DocumentId,
    uri: entry.SourceURI ?? entry.S3Path,
    errorCode: entry.ErrorCode,
    message: clause(entry.ErrorMessage ?? entry.IndexingStatus ?? 'failed to index'),
  };
}
