// Which documents a Kendra sync failed on, and why, from the index's CloudWatch Logs. Loaded only
// after a waited job ended with failed documents: a run that succeeds never loads it.
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { accountOf, consoleHost, partitionOf } from '../../aws/endpoints.js';
import type { Credentials } from '../../credentials/credentials.js';
import { traced, withRequestId } from '../../aws/diagnostics.js';
import { asAwsError } from '../../errors.js';
import type { FailedDocument, FailedDocuments, SyncJob, Target } from '../../model.js';
import { clientOptions } from '../sdk-service.js';
import { clause } from '../../report/text.js';

/** At most this many pages, and this long in all: the step's verdict never waits on logs. */
const MAX_PAGES = 3;
export const LOGS_TIMEOUT_MS = 5_000;
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
  credentials: Pick<Credentials, 'provider' | 'principal'> | undefined,
  target: Target,
  job: SyncJob,
  limit: number,
  now: Date,
): Promise<FailedDocuments> {
  const logGroupName = `/aws/kendra/${target.containerId}`;
  const link = logGroupLink(region, logGroupName);
  const client = new CloudWatchLogsClient({
    ...(await clientOptions('logs', region, credentials)),
    // One try per request: a missing permission or group is not worth retrying.
    maxAttempts: 1,
  });
  const abortSignal = AbortSignal.timeout(LOGS_TIMEOUT_MS);
  const startTime = (job.startTime?.getTime() ?? now.getTime()) - WINDOW_BEFORE_MS;
  const endTime = (job.endTime?.getTime() ?? now.getTime()) + WINDOW_AFTER_MS;
  const found = new Map<string, FailedDocument>();
  try {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const output = await traced('logs', 'FilterLogEvents', () =>
        client.send(
          new FilterLogEventsCommand({
            logGroupName,
            // Both the job's stream and the document streams of this data source.
            logStreamNamePrefix: `${target.dataSourceId}/`,
            startTime,
            endTime,
            nextToken,
            limit: 1000,
          }),
          { abortSignal },
        ),
      );
      for (const event of output.events ?? []) {
        const document = failedDocument(event);
        if (document) found.set(document.documentId ?? document.uri ?? document.message, document);
      }
      nextToken = output.nextToken;
      if (!nextToken) break;
    }
  } catch (error) {
    // No link to a log group that does not exist: the note says so.
    const missing = asAwsError(error).name === 'ResourceNotFoundException';
    return {
      documents: [],
      more: 0,
      ...(!missing && { link }),
      note: withRequestId(unavailable(error, region, logGroupName, credentials), error),
    };
  } finally {
    client.destroy();
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

/** One line that says why the failures could not be read, and what would let them be. */
function unavailable(
  error: unknown,
  region: string,
  logGroupName: string,
  credentials: Pick<Credentials, 'principal'> | undefined,
): string {
  const { name, message } = asAwsError(error);
  const arn = `arn:${partitionOf(region)}:logs:${region}:${accountOf(credentials?.principal())}:log-group:${logGroupName}:*`;
  switch (name) {
    case 'AccessDeniedException':
      return `Could not read which documents failed: not allowed to call logs:FilterLogEvents on ${logGroupName}. Allow "logs:FilterLogEvents" on "${arn}" to see them here.`;
    case 'ResourceNotFoundException':
      return `Could not read which documents failed: the log group ${logGroupName} does not exist in region ${region} (Kendra creates it when the index logs to CloudWatch).`;
    case 'TimeoutError':
    case 'AbortError':
      return `Could not read which documents failed: CloudWatch Logs did not answer within ${LOGS_TIMEOUT_MS / 1000} s.`;
    default:
      return `Could not read which documents failed from ${logGroupName}: ${name ?? 'Error'}: ${clause(message ?? String(error))}.`;
  }
}

/** The log group in the CloudWatch console (its paths encode "/" as "$252F"). */
export function logGroupLink(region: string, logGroupName: string): string {
  const encoded = encodeURIComponent(logGroupName).replace(/%/g, '$25');
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encoded}`;
}
