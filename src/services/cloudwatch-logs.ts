// Reading a log group's events for one job, for the services that write their failed documents to
// CloudWatch Logs, through the same calls layer as every other AWS call (debug line, expired
// credentials refreshed once, errors that name the IAM action and the ARN). Loaded only after a
// waited job ended with something to explain: a run that succeeds never loads it.
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { asAwsError } from '../errors.js';
import { AwsCallError, type ServiceExplainer } from '../aws/call-error.js';
import { accountOf, CLOUDWATCH_LOGS, consoleHost, partitionOf } from '../aws/endpoints.js';
import { clause } from '../base/text.js';
import type { Credentials } from '../credentials/credentials.js';
import { ServiceCalls } from './calls.js';
import { clientOptions } from './sdk-service.js';

/** At most this many pages, and this long in all: the step's verdict never waits on logs. */
const MAX_PAGES = 3;
const LOGS_TIMEOUT_MS = 5_000;

/** The events of one log group to read: a time window, optionally a stream prefix and a pattern. */
export interface LogWindow {
  logGroupName: string;
  logStreamNamePrefix?: string;
  /** A CloudWatch Logs filter pattern: only the events that match are read (and paged). */
  filterPattern?: string;
  startTime: number;
  endTime: number;
}

type LogsCredentials = Pick<Credentials, 'provider' | 'principal' | 'invalidate'>;

/** The log group's ARN as IAM policies name it (its streams included). */
function logGroupArn(region: string, logGroupName: string, principal?: string): string {
  return `arn:${partitionOf(region)}:logs:${region}:${accountOf(principal)}:log-group:${logGroupName}:*`;
}

/** The log group in the CloudWatch console (its paths encode "/" as "$252F"). */
export function logGroupLink(region: string, logGroupName: string): string {
  const encoded = encodeURIComponent(logGroupName).replace(/%/g, '$25');
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encoded}`;
}

/** Reads up to MAX_PAGES pages of a window's events within LOGS_TIMEOUT_MS; throws AwsCallErrors. */
export async function readLogEvents(
  region: string,
  credentials: LogsCredentials | undefined,
  window: LogWindow,
): Promise<FilteredLogEvent[]> {
  const client = new CloudWatchLogsClient({
    ...(await clientOptions(CLOUDWATCH_LOGS, region, credentials)),
    // One try per request: a missing permission or group is not worth retrying.
    maxAttempts: 1,
  });
  const calls = new ServiceCalls(CLOUDWATCH_LOGS, region, credentials, explainer(window));
  const abortSignal = AbortSignal.timeout(LOGS_TIMEOUT_MS);
  const events: FilteredLogEvent[] = [];
  try {
    let pages = 0;
    for await (const page of calls.pages(
      'FilterLogEvents',
      {},
      (nextToken, options) =>
        client.send(new FilterLogEventsCommand({ ...window, nextToken, limit: 1000 }), options),
      (page) => (++pages < MAX_PAGES ? page.nextToken : undefined),
      abortSignal,
    )) {
      events.push(...(page.events ?? []));
    }
    return events;
  } finally {
    client.destroy();
  }
}

/** Logs' errors name the log group, and its ARN as the resource to allow. */
function explainer(window: LogWindow): ServiceExplainer {
  return {
    where: (context) => `log group ${window.logGroupName} in region ${context.region}`,
    iamAction: (operation) => `logs:${operation}`,
    resources: (context) => [logGroupArn(context.region, window.logGroupName, context.principal)],
    specific: () => undefined,
  };
}

/**
 * One line that says why a log group's failed documents could not be read, and what would let
 * them be: `error` is what readLogEvents threw; `missing` says who creates the group.
 */
export function unreadable(
  error: unknown,
  region: string,
  logGroupName: string,
  missing = '',
): string {
  const cause = error instanceof AwsCallError ? error.cause : error;
  const principal = error instanceof AwsCallError ? error.context.principal : undefined;
  const { name, message } = asAwsError(cause);
  switch (name) {
    case 'AccessDeniedException':
      return `Could not read which documents failed: not allowed to call logs:FilterLogEvents on ${logGroupName}. Allow "logs:FilterLogEvents" on "${logGroupArn(region, logGroupName, principal)}" to see them here.`;
    case 'ResourceNotFoundException':
      return `Could not read which documents failed: the log group ${logGroupName} does not exist in region ${region}${missing && ` (${missing})`}.`;
    case 'TimeoutError':
    case 'AbortError':
      return `Could not read which documents failed: CloudWatch Logs did not answer within ${LOGS_TIMEOUT_MS / 1000} s.`;
    default:
      return `Could not read which documents failed from ${logGroupName}: ${name ?? 'Error'}: ${clause(message ?? String(cause))}.`;
  }
}
