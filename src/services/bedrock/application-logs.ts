// A knowledge base's application logs (vended logs, APPLICATION_LOGS): found through CloudWatch
// Logs' delivery API (the delivery source that holds the knowledge base, its delivery to a log
// group, that destination's log group), then this job's document events read from it. Loaded only
// after a job ended with something to explain: a run that succeeds never loads the Logs client.
import {
  CloudWatchLogsClient,
  DescribeDeliveriesCommand,
  DescribeDeliverySourcesCommand,
  GetDeliveryDestinationCommand,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { AwsCallError, type ServiceExplainer } from '../../aws/call-error.js';
import { withRequestId } from '../../aws/diagnostics.js';
import { accountOf, CLOUDWATCH_LOGS, partitionOf } from '../../aws/endpoints.js';
import { clause } from '../../base/text.js';
import { asAwsError } from '../../errors.js';
import type { FailedDocument, SyncJob, Target } from '../../model.js';
import { ServiceCalls } from '../calls.js';
import { logGroupLink, readLogEvents, unreadable } from '../cloudwatch-logs.js';
import { clientOptions } from '../sdk-service.js';
import type { DocumentsContext, SourceAnswer } from './sources.js';

/** Pages of each delivery listing, and seconds to find the log group: the verdict never waits. */
const MAX_PAGES = 5;
const FIND_TIMEOUT_MS = 10_000;
/** Events are written a little before the job's recorded start and after its end. */
const WINDOW_BEFORE_MS = 60_000;
const WINDOW_AFTER_MS = 10 * 60_000;

/** Document statuses of the logs that need a person: failed, partly indexed, ignored. */
const PROBLEMS = new Set([
  'RESOURCE_IGNORED',
  'EMBEDDING_FAILED',
  'INDEXING_FAILED',
  'DELETION_FAILED',
  'METADATA_UPDATE_FAILED',
  'FAILED',
  'PARTIALLY_INDEXED',
  'METADATA_PARTIALLY_INDEXED',
]);

/** The delivery reads' errors are explained here, one line each (deliveryUnreadable). */
const DELIVERIES: ServiceExplainer = {
  where: (context) => `region ${context.region}`,
  iamAction: (operation) => `logs:${operation}`,
  resources: () => ['*'],
  specific: () => undefined,
};

interface ApplicationLogEvent {
  event_type?: string;
  event?: {
    ingestion_job_id?: string;
    document_location?: Record<string, unknown>;
    status?: string;
    status_reasons?: string[] | string;
  } & ManagedDocumentEvent;
}

/** A managed knowledge base's document event: each phase's Status, and why it failed. */
interface ManagedDocumentEvent {
  document_id?: string;
  source_uri?: string;
  crawl_status?: { Status?: string };
  sync_status?: { Status?: string };
  index_status?: { Status?: string };
  error_message?: string;
}

/** The phases of a managed knowledge base's document events, in the order they happen. */
const MANAGED_PHASES = ['crawl_status', 'sync_status', 'index_status'] as const;

interface Finder {
  client: CloudWatchLogsClient;
  calls: ServiceCalls;
  abortSignal: AbortSignal;
}

export async function readApplicationLogs(
  context: DocumentsContext,
  target: Target,
  job: SyncJob,
): Promise<SourceAnswer> {
  const { region, credentials } = context;
  let logGroupName: string;
  try {
    const found = await findLogGroup(context, target.containerId);
    if (typeof found !== 'string') return found;
    logGroupName = found;
  } catch (error) {
    return { unavailable: withRequestId(deliveryUnreadable(error, context), error) };
  }
  let events: FilteredLogEvent[];
  try {
    events = await readLogEvents(region, credentials, {
      logGroupName,
      // This job's events; documents indexed without trouble log at INFO and are left out.
      filterPattern: `{ $.event.ingestion_job_id = "${job.executionId}" && $.level != "INFO" }`,
      startTime: (job.startTime?.getTime() ?? context.now.getTime()) - WINDOW_BEFORE_MS,
      endTime: (job.endTime?.getTime() ?? context.now.getTime()) + WINDOW_AFTER_MS,
    });
  } catch (error) {
    const missing = 'the delivery names a log group that is gone';
    return { unavailable: withRequestId(unreadable(error, region, logGroupName, missing), error) };
  }
  const documents = latestProblems(events);
  if (documents.length === 0) {
    return {
      unavailable: `Bedrock has written no document events to ${logGroupName} for this ingestion job yet (its logs can lag the job by minutes).`,
    };
  }
  const link = logGroupLink(region, logGroupName);
  return { documents, link, linkText: 'all entries in CloudWatch Logs' };
}

/** The last status of each document in the events, kept when it needs a person. */
function latestProblems(events: FilteredLogEvent[]): FailedDocument[] {
  const found = new Map<string, FailedDocument>();
  for (const document of events.map(documentOf)) {
    if (document) found.set(document.uri ?? document.documentId ?? '', document);
  }
  return [...found.values()].filter(
    ({ errorCode = '' }) => PROBLEMS.has(errorCode) || errorCode.endsWith(' FAILED'),
  );
}

/** Every item of a Describe* listing, its pages bounded. */
async function listAll<Page, Item>(
  finder: Finder,
  operation: string,
  send: (nextToken: string | undefined, options: object) => Promise<Page>,
  items: (page: Page) => Item[] | undefined,
  nextToken: (page: Page) => string | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  let pages = 0;
  const next = (page: Page) => (++pages < MAX_PAGES ? nextToken(page) : undefined);
  for await (const page of finder.calls.pages(operation, {}, send, next, finder.abortSignal)) {
    all.push(...(items(page) ?? []));
  }
  return all;
}

/**
 * The log group the knowledge base's application logs are delivered to (the delivery source that
 * holds it, that source's delivery of type CWL, its destination), or why none can be read.
 */
async function findLogGroup(
  context: DocumentsContext,
  knowledgeBaseId: string,
): Promise<string | SourceAnswer> {
  const { region, credentials } = context;
  const client = new CloudWatchLogsClient({
    ...(await clientOptions(CLOUDWATCH_LOGS, region, credentials)),
    // One try per request: a missing permission is not worth retrying.
    maxAttempts: 1,
  });
  const finder: Finder = {
    client,
    calls: new ServiceCalls(CLOUDWATCH_LOGS, region, credentials, DELIVERIES),
    abortSignal: AbortSignal.timeout(FIND_TIMEOUT_MS),
  };
  try {
    const source = await deliverySourceOf(finder, knowledgeBaseId);
    // No delivery at all is no error: how to turn the logs on is said once, at the end.
    if (!source) return { unavailable: 'no delivery', quiet: true };
    return await logGroupOf(finder, source);
  } finally {
    client.destroy();
  }
}

/** The name of the delivery source of the knowledge base's APPLICATION_LOGS, if any. */
async function deliverySourceOf(finder: Finder, knowledgeBaseId: string) {
  const sources = await listAll(
    finder,
    'DescribeDeliverySources',
    (nextToken, options) =>
      finder.client.send(new DescribeDeliverySourcesCommand({ nextToken, limit: 50 }), options),
    (page) => page.deliverySources,
    (page) => page.nextToken,
  );
  return sources.find(
    (s) =>
      s.logType === 'APPLICATION_LOGS' &&
      (s.resourceArns ?? []).some((arn) => arn.endsWith(`:knowledge-base/${knowledgeBaseId}`)),
  )?.name;
}

/** The log group of the source's delivery to CloudWatch Logs, or why there is none to read. */
async function logGroupOf(finder: Finder, sourceName: string): Promise<string | SourceAnswer> {
  const deliveries = (
    await listAll(
      finder,
      'DescribeDeliveries',
      (nextToken, options) =>
        finder.client.send(new DescribeDeliveriesCommand({ nextToken, limit: 50 }), options),
      (page) => page.deliveries,
      (page) => page.nextToken,
    )
  ).filter((d) => d.deliverySourceName === sourceName);
  const toLogs = deliveries.find((d) => d.deliveryDestinationType === 'CWL');
  if (!toLogs) {
    if (deliveries.length === 0) return { unavailable: 'no delivery', quiet: true };
    const where = deliveries.map((d) => d.deliveryDestinationType ?? 'elsewhere').join(' and ');
    return {
      unavailable: `The knowledge base delivers its application logs to ${where}, which the action cannot read: add a delivery to CloudWatch Logs to see the documents here.`,
    };
  }
  const name = toLogs.deliveryDestinationArn?.split(':delivery-destination:')[1] ?? '';
  const { deliveryDestination } = await finder.calls.send(
    'GetDeliveryDestination',
    {},
    (options) => finder.client.send(new GetDeliveryDestinationCommand({ name }), options),
    finder.abortSignal,
  );
  const arn = deliveryDestination?.deliveryDestinationConfiguration?.destinationResourceArn ?? '';
  // arn:aws:logs:<region>:<account>:log-group:<name>, with or without a trailing ":*".
  const logGroupName = /:log-group:([^:]+)/.exec(arn)?.[1];
  return logGroupName ?? { unavailable: 'no delivery', quiet: true };
}

/** A document's status change from one event, or undefined for events of another kind. */
function documentOf(event: FilteredLogEvent): FailedDocument | undefined {
  let entry: ApplicationLogEvent;
  try {
    entry = JSON.parse(event.message ?? '') as ApplicationLogEvent;
  } catch {
    return undefined;
  }
  const body = entry?.event;
  if (entry?.event_type !== 'StartIngestionJob.ResourceStatusChanged' || !body) return undefined;
  if (!body.status) return managedDocumentOf(body);
  const reasons = [body.status_reasons ?? []].flat().map(clause).filter(Boolean);
  return {
    ...locationOf(body.document_location ?? {}),
    errorCode: body.status,
    message: reasons.join('; ') || 'no reason given',
  };
}

/** A managed knowledge base's event: the first phase that FAILED names it ("index_status FAILED"). */
function managedDocumentOf(body: ManagedDocumentEvent): FailedDocument | undefined {
  if (!body.source_uri && !body.document_id) return undefined;
  const failed = MANAGED_PHASES.find((phase) => body[phase]?.Status === 'FAILED');
  return {
    ...(body.source_uri ? { uri: body.source_uri } : { documentId: body.document_id }),
    errorCode: failed ? `${failed} FAILED` : 'SUCCESS',
    message: clause(body.error_message ?? '') || 'no reason given',
  };
}

/** `{type: "S3", s3_location: {uri}}`, `web_location: {url}`, `custom_document_location: {id}`. */
function locationOf(location: Record<string, unknown>): Pick<FailedDocument, 'uri' | 'documentId'> {
  for (const value of Object.values(location)) {
    if (typeof value !== 'object' || value === null) continue;
    const { uri, url, id } = value as Record<string, unknown>;
    if (typeof uri === 'string' || typeof url === 'string') return { uri: String(uri ?? url) };
    if (typeof id === 'string') return { documentId: id };
  }
  return {};
}

/** One line that says which delivery read could not be made, and what would let it be. */
function deliveryUnreadable(error: unknown, context: DocumentsContext): string {
  const operation =
    error instanceof AwsCallError ? error.context.operation : 'DescribeDeliverySources';
  const cause = error instanceof AwsCallError ? error.cause : error;
  const { name, message } = asAwsError(cause);
  const { region } = context;
  const account = accountOf(context.credentials?.principal());
  const resource =
    operation === 'GetDeliveryDestination'
      ? `arn:${partitionOf(region)}:logs:${region}:${account}:delivery-destination:*`
      : '*';
  if (name === 'AccessDeniedException') {
    return `Could not find the knowledge base's application logs: not allowed to call logs:${operation}. Allow "logs:${operation}" on "${resource}" to see the documents here.`;
  }
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `Could not find the knowledge base's application logs: CloudWatch Logs did not answer within ${FIND_TIMEOUT_MS / 1000} s.`;
  }
  return `Could not find the knowledge base's application logs (${operation}): ${name ?? 'Error'}: ${clause(message ?? String(cause))}.`;
}
