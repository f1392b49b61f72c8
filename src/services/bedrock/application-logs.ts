// A knowledge base's application logs (vended logs, APPLICATION_LOGS): found through CloudWatch
// Logs' delivery API (the delivery source that holds the knowledge base, its delivery to a log
// group, that destination's log group), then this job's document events read from it. Loaded only
// after a job ended with something to explain: a run that succeeds never loads the Logs client.
import {
  CloudWatchLogsClient,
  DescribeDeliveriesCommand,
  DescribeDeliverySourcesCommand,
  FilterLogEventsCommand,
  GetDeliveryDestinationCommand,
  type Delivery,
  type DeliverySource,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { accountOf, partitionOf } from '../../aws/endpoints.js';
import { withRequestId } from '../../aws/diagnostics.js';
import { AwsCallError, asAwsError, type ServiceExplainer } from '../../errors.js';
import type { FailedDocument, SyncJob, Target } from '../../model.js';
import { clause } from '../../report/text.js';
import { ServiceCalls } from '../calls.js';
import { clientOptions } from '../sdk-service.js';
import { logGroupLink } from '../kendra/cloudwatch-logs.js';
import type { DocumentsContext, SourceAnswer } from './documents.js';

/** Pages of each listing, and seconds in all: the step's verdict never waits on logs. */
const MAX_PAGES = 5;
export const LOGS_TIMEOUT_MS = 10_000;
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

/** CloudWatch Logs errors are explained here, one line each, never by the step's explainer. */
const LOGS: ServiceExplainer = {
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
  };
}

interface Reader {
  client: CloudWatchLogsClient;
  calls: ServiceCalls;
  abortSignal: AbortSignal;
  /** The log group's ARN, once found: what a denied FilterLogEvents needs allowed. */
  logGroupArn?: string;
}

export async function readApplicationLogs(
  context: DocumentsContext,
  target: Target,
  job: SyncJob,
): Promise<SourceAnswer> {
  const { region, credentials } = context;
  const reader: Reader = {
    // One try per request: a missing permission is not worth retrying.
    client: new CloudWatchLogsClient({
      ...(await clientOptions('logs', region, credentials)),
      maxAttempts: 1,
    }),
    calls: new ServiceCalls('logs', region, credentials, LOGS),
    abortSignal: AbortSignal.timeout(LOGS_TIMEOUT_MS),
  };
  try {
    const found = await findLogGroup(reader, target.containerId);
    if (!('logGroupArn' in found)) return found;
    reader.logGroupArn = found.logGroupArn;
    const logGroupName = /:log-group:([^:]+)/.exec(found.logGroupArn)?.[1] ?? found.logGroupArn;
    const documents = await readEvents(reader, found.logGroupArn, job, context.now);
    if (documents.length === 0) {
      return {
        unavailable: `Bedrock has written no document events to ${logGroupName} for this ingestion job yet (its logs can lag the job by minutes).`,
      };
    }
    const link = logGroupLink(region, logGroupName);
    return { documents, link, linkText: 'all entries in CloudWatch Logs' };
  } catch (error) {
    return { unavailable: withRequestId(unavailable(error, context, reader.logGroupArn), error) };
  } finally {
    reader.client.destroy();
  }
}

/** Every item of a Describe* listing, its pages bounded. */
async function listAll<Page, Item>(
  reader: Reader,
  operation: string,
  send: (nextToken: string | undefined, options: object) => Promise<Page>,
  items: (page: Page) => Item[] | undefined,
  nextToken: (page: Page) => string | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  let pages = 0;
  for await (const page of reader.calls.pages(operation, {}, send, nextToken, reader.abortSignal)) {
    all.push(...(items(page) ?? []));
    if (++pages === MAX_PAGES) break;
  }
  return all;
}

/** Where the knowledge base's application logs go: a log group's ARN, or why none can be read. */
async function findLogGroup(
  reader: Reader,
  knowledgeBaseId: string,
): Promise<{ logGroupArn: string } | SourceAnswer> {
  const { client } = reader;
  const sources = await listAll(
    reader,
    'DescribeDeliverySources',
    (nextToken, options) =>
      client.send(new DescribeDeliverySourcesCommand({ nextToken, limit: 50 }), options),
    (page) => page.deliverySources,
    (page) => page.nextToken,
  );
  const source = sources.find(
    (s: DeliverySource) =>
      s.logType === 'APPLICATION_LOGS' &&
      (s.resourceArns ?? []).some((arn) => arn.endsWith(`:knowledge-base/${knowledgeBaseId}`)),
  );
  // No delivery at all is no error: the hint on turning logs on is said once, at the end.
  if (!source) return { unavailable: 'no delivery', quiet: true };
  const deliveries = (
    await listAll(
      reader,
      'DescribeDeliveries',
      (nextToken, options) =>
        client.send(new DescribeDeliveriesCommand({ nextToken, limit: 50 }), options),
      (page) => page.deliveries,
      (page) => page.nextToken,
    )
  ).filter((d: Delivery) => d.deliverySourceName === source.name);
  const toLogs = deliveries.find((d) => d.deliveryDestinationType === 'CWL');
  if (!toLogs) {
    if (deliveries.length === 0) return { unavailable: 'no delivery', quiet: true };
    const where = deliveries.map((d) => d.deliveryDestinationType ?? 'elsewhere').join(' and ');
    return {
      unavailable: `The knowledge base delivers its application logs to ${where}, which the action cannot read: add a delivery to CloudWatch Logs to see the documents here.`,
    };
  }
  const name = toLogs.deliveryDestinationArn?.split(':delivery-destination:')[1] ?? '';
  const { deliveryDestination } = await reader.calls.send(
    'GetDeliveryDestination',
    {},
    (options) => client.send(new GetDeliveryDestinationCommand({ name }), options),
    reader.abortSignal,
  );
  const arn = deliveryDestination?.deliveryDestinationConfiguration?.destinationResourceArn;
  if (!arn) return { unavailable: 'no delivery', quiet: true };
  // A log group's ARN may end in ":*"; logGroupIdentifier takes it without.
  return { logGroupArn: arn.replace(/:\*$/, '') };
}

/** This job's problem documents, the latest event of each. */
async function readEvents(
  reader: Reader,
  logGroupIdentifier: string,
  job: SyncJob,
  now: Date,
): Promise<FailedDocument[]> {
  const startTime = (job.startTime?.getTime() ?? now.getTime()) - WINDOW_BEFORE_MS;
  const endTime = (job.endTime?.getTime() ?? now.getTime()) + WINDOW_AFTER_MS;
  // Documents indexed without trouble log at INFO: leaving them out keeps a big job's pages few.
  const filterPattern = `{ $.event.ingestion_job_id = "${job.executionId}" && $.level != "INFO" }`;
  const found = new Map<string, FailedDocument>();
  let pages = 0;
  for await (const page of reader.calls.pages(
    'FilterLogEvents',
    {},
    (nextToken, options) =>
      reader.client.send(
        new FilterLogEventsCommand({
          logGroupIdentifier,
          filterPattern,
          startTime,
          endTime,
          nextToken,
          limit: 1000,
        }),
        options,
      ),
    (page) => page.nextToken,
    reader.abortSignal,
  )) {
    for (const event of page.events ?? []) {
      const document = documentOf(event);
      if (document) found.set(document.uri ?? document.documentId ?? '', document);
    }
    if (++pages === MAX_PAGES) break;
  }
  return [...found.values()].filter((document) => PROBLEMS.has(document.errorCode ?? ''));
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
  if (entry?.event_type !== 'StartIngestionJob.ResourceStatusChanged' || !body?.status) {
    return undefined;
  }
  const reasons = [body.status_reasons ?? []].flat().map(clause).filter(Boolean);
  return {
    ...locationOf(body.document_location ?? {}),
    errorCode: body.status,
    message: reasons.join('; ') || 'no reason given',
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

/** One line that says which call could not be made, and what would let it be. */
function unavailable(error: unknown, context: DocumentsContext, logGroupArn?: string): string {
  const operation = error instanceof AwsCallError ? error.context.operation : 'FilterLogEvents';
  const { name, message } = asAwsError(error);
  const { region } = context;
  const prefix = `arn:${partitionOf(region)}:logs:${region}:${accountOf(context.credentials?.principal())}`;
  const resources: Record<string, string> = {
    DescribeDeliverySources: '*',
    DescribeDeliveries: '*',
    GetDeliveryDestination: `${prefix}:delivery-destination:*`,
    FilterLogEvents: `${logGroupArn ?? `${prefix}:log-group:<log group>`}:*`,
  };
  if (name === 'AccessDeniedException') {
    return `Could not read the knowledge base's application logs: not allowed to call logs:${operation}. Allow "logs:${operation}" on "${resources[operation]}" to see the documents here.`;
  }
  if (name === 'ResourceNotFoundException' && operation === 'FilterLogEvents') {
    return `Could not read the knowledge base's application logs: their log group ${logGroupArn ?? ''} does not exist (the delivery names a log group that was deleted).`;
  }
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `Could not read the knowledge base's application logs: CloudWatch Logs did not answer within ${LOGS_TIMEOUT_MS / 1000} s.`;
  }
  return `Could not read the knowledge base's application logs (${operation}): ${name ?? 'Error'}: ${clause(message ?? String(error))}.`;
}
