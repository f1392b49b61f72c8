// Which documents a Bedrock ingestion job failed on or ignored, and why. Three sources, in order:
// the knowledge base's application logs when they are delivered to CloudWatch Logs
// (./application-logs.ts, found through the delivery API), else its document list (S3 and custom
// data sources: ListKnowledgeBaseDocuments), else the job's failureReasons with how to turn the
// logs on. Loaded only after a job ended with something to explain; never fails on its own.
import type { KnowledgeBaseDocumentDetail } from '@aws-sdk/client-bedrock-agent';
import { accountOf, partitionOf } from '../../aws/endpoints.js';
import { withRequestId } from '../../aws/diagnostics.js';
import { asAwsError } from '../../errors.js';
import type { FailedDocument, FailedDocuments, SyncJob, Target } from '../../model.js';
import { clause } from '../../base/text.js';
import type { DocumentsContext, SourceAnswer } from './sources.js';

/** At most this many pages of 1000 documents, and this long: the verdict never waits on them. */
const MAX_LIST_PAGES = 5;
const DOCUMENTS_TIMEOUT_MS = 10_000;

export async function explainDocuments(
  context: DocumentsContext,
  target: Target,
  job: SyncJob,
  limit: number,
): Promise<FailedDocuments> {
  const { readApplicationLogs } = await import('./application-logs.js');
  const logs = await readApplicationLogs(context, target, job);
  const notes = 'unavailable' in logs && !logs.quiet ? [logs.unavailable] : [];
  if ('documents' in logs && logs.documents.length > 0) {
    return shown(logs.documents, job, limit, logs, notes);
  }
  const list = await readDocumentList(context, target, job);
  if ('documents' in list && list.documents.length > 0) {
    return shown(list.documents, job, limit, list, notes);
  }
  if ('unavailable' in list && !list.quiet) notes.push(list.unavailable);
  // How to turn the logs on, only where the knowledge base delivers none to read.
  if ('quiet' in logs && logs.quiet) notes.push(LOGGING_HINT);
  // A job that succeeded shows its reasons as warnings already: here only how to see more.
  const reasons = job.outcome === 'succeeded' ? [] : (job.reasons ?? []);
  return {
    documents: reasons.slice(0, limit).map((message) => ({ message: clause(message) })),
    more: Math.max(reasons.length - limit, 0),
    link: context.consoleLink,
    linkText: 'the knowledge base in the Bedrock console',
    ...(notes.length > 0 && { note: notes.join(' ') }),
  };
}

const LOGGING_HINT =
  "To see which documents and why, turn on the knowledge base's application logs to CloudWatch Logs (Bedrock console: the knowledge base's Log delivery section) and allow this role to read them (README: Bedrock policy).";

/** Failed first, then partly indexed, then ignored: the order a person fixes them in. */
function rank(document: FailedDocument): number {
  const status = document.errorCode ?? '';
  if (status.includes('FAILED')) return 0;
  return status.includes('PARTIALLY') ? 1 : 2;
}

function shown(
  found: FailedDocument[],
  job: SyncJob,
  limit: number,
  source: { link: string; linkText: string },
  notes: string[],
): FailedDocuments {
  const documents = [...found].sort((a, b) => rank(a) - rank(b));
  // The counts are Bedrock's: what was read may hold fewer documents than it counted.
  const total = Math.max(job.metrics.failed + job.metrics.skipped, documents.length);
  return {
    documents: documents.slice(0, limit),
    more: total - Math.min(limit, documents.length),
    link: source.link,
    linkText: source.linkText,
    ...(notes.length > 0 && { note: notes.join(' ') }),
  };
}

/** Document statuses that need a person: failed, partly indexed, ignored. */
const PROBLEMS = new Set([
  'FAILED',
  'IGNORED',
  'PARTIALLY_INDEXED',
  'METADATA_UPDATE_FAILED',
  'METADATA_PARTIALLY_INDEXED',
]);

/** The data source's documents in a problem state, updated since the job started. */
async function readDocumentList(
  context: DocumentsContext,
  target: Target,
  job: SyncJob,
): Promise<SourceAnswer> {
  const since = job.startTime?.getTime() ?? 0;
  const found: FailedDocument[] = [];
  const abortSignal = AbortSignal.timeout(DOCUMENTS_TIMEOUT_MS);
  try {
    let pages = 0;
    for await (const page of context.calls.pages(
      'ListKnowledgeBaseDocuments',
      target,
      (nextToken, options) => context.listDocuments(target, nextToken, options),
      (page) => page.nextToken,
      abortSignal,
    )) {
      for (const detail of page.documentDetails ?? []) {
        const problem = PROBLEMS.has(detail.status ?? '');
        if (problem && (detail.updatedAt?.getTime() ?? since) >= since) found.push(listed(detail));
      }
      if (++pages === MAX_LIST_PAGES) break;
    }
  } catch (error) {
    return listUnavailable(error, context, target);
  }
  return {
    documents: found,
    link: context.consoleLink,
    linkText: 'the knowledge base in the Bedrock console',
  };
}

function listed(detail: KnowledgeBaseDocumentDetail): FailedDocument {
  const { s3, custom } = detail.identifier ?? {};
  return {
    uri: s3?.uri,
    documentId: custom?.id,
    errorCode: detail.status,
    message: clause(detail.statusReason || 'no reason given'),
  };
}

function listUnavailable(error: unknown, context: DocumentsContext, target: Target): SourceAnswer {
  const { name, message } = asAwsError(error);
  const arn = knowledgeBaseArn(context, target.containerId);
  const why: Record<string, string> = {
    AccessDeniedException: `Could not list the knowledge base's documents: not allowed to call bedrock:ListKnowledgeBaseDocuments. Allow "bedrock:ListKnowledgeBaseDocuments" on "${arn}" to see them here.`,
    TimeoutError: `Could not list the knowledge base's documents: Bedrock did not answer within ${DOCUMENTS_TIMEOUT_MS / 1000} s.`,
  };
  why.AbortError = why.TimeoutError;
  // Only S3 and custom data sources have a document list: for the others there is nothing to say.
  if (name === 'ValidationException') return { unavailable: '', quiet: true };
  const said =
    why[name ?? ''] ??
    `Could not list the knowledge base's documents: ${name ?? 'Error'}: ${clause(message ?? String(error))}.`;
  return { unavailable: withRequestId(said, error) };
}

/** The knowledge base's ARN, as IAM policies name it. */
function knowledgeBaseArn(
  context: Pick<DocumentsContext, 'region' | 'credentials'>,
  knowledgeBaseId: string,
): string {
  const { region, credentials } = context;
  return `arn:${partitionOf(region)}:bedrock:${region}:${accountOf(credentials?.principal())}:knowledge-base/${knowledgeBaseId}`;
}
