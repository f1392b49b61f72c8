// What AWS Support asks for and a maintainer reads in a strange run: the request ID of every AWS
// error the action reports, and one debug line per AWS call (with the runner's debug logging on).
import { asAwsError } from '../errors.js';
import { AwsCallError } from './call-error.js';
import * as log from '../base/log.js';
import type { Endpoint } from './endpoints.js';

interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}

/** The request ID AWS gave the failed call (x-amzn-RequestId, or STS's XML RequestId). */
function requestIdOf(error: unknown): string | undefined {
  const failure = error instanceof AwsCallError ? error.cause : error;
  return (asAwsError(failure).$metadata as Metadata | undefined)?.requestId || undefined;
}

/** An explanation of a failed AWS call, ending with its request ID when AWS gave one. */
export function withRequestId(message: string, error: unknown): string {
  const requestId = requestIdOf(error);
  return requestId ? `${message} AWS request ID: ${requestId}` : message;
}

/**
 * Runs one AWS call; with debug logging on, says how it went in one line: service, operation,
 * HTTP status (and error name), request ID, attempts, milliseconds. Never the request or answer.
 */
export async function traced<Output>(
  service: Endpoint,
  operation: string,
  call: () => Promise<Output>,
): Promise<Output> {
  if (!log.debugging()) return call();
  const began = performance.now();
  try {
    const output = await call();
    const metadata = (output as { $metadata?: Metadata } | undefined)?.$metadata;
    log.debug(callLine(service, operation, metadata, began));
    return output;
  } catch (error) {
    const { name, $metadata } = asAwsError(error);
    log.debug(callLine(service, operation, $metadata as Metadata | undefined, began, name));
    throw error;
  }
}

function callLine(
  service: Endpoint,
  operation: string,
  metadata: Metadata | undefined,
  began: number,
  errorName?: string,
): string {
  const status = metadata?.httpStatusCode ? `HTTP ${metadata.httpStatusCode}` : 'no answer';
  const attempts = metadata?.attempts ?? 1;
  return [
    `AWS call ${service.label} ${operation}: ${status}${errorName ? ` ${errorName}` : ''}`,
    `request ID ${metadata?.requestId || 'none'}`,
    `${attempts} attempt${attempts === 1 ? '' : 's'}`,
    `${Math.round(performance.now() - began)} ms`,
  ].join(', ');
}
