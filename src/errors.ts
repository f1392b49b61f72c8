/** Bad inputs: every problem found, each naming the input, its value and the rule. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

/** An expected failure whose message already tells the user what happened and what to change. */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

/** The fields AWS SDK v3 errors carry that the action looks at. */
export interface AwsErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function asAwsError(error: unknown): AwsErrorLike {
  return typeof error === 'object' && error !== null ? (error as AwsErrorLike) : {};
}

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalServerException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  // STS, while refreshing credentials mid-wait; the SDK names it with the Exception suffix.
  'IDPCommunicationErrorException',
]);
/** How a request failed on the network, in the words messages use. */
export type NetworkFailure = 'refused' | 'unresolved' | 'dropped' | 'timed-out';

/** Every network failure the action names, by Node's code (or the SDK's error name). */
const NETWORK_FAILURES: Record<string, { failure: NetworkFailure; transient: boolean }> = {
  ECONNREFUSED: { failure: 'refused', transient: true },
  ECONNRESET: { failure: 'dropped', transient: true },
  EPIPE: { failure: 'dropped', transient: true },
  ETIMEDOUT: { failure: 'timed-out', transient: true },
  TimeoutError: { failure: 'timed-out', transient: true },
  EAI_AGAIN: { failure: 'unresolved', transient: true },
  // A name that does not resolve is a setting to fix (region, endpoint), not a passing fault.
  ENOTFOUND: { failure: 'unresolved', transient: false },
};

/** The network failure an error is, if it is one. */
export function networkFailure(
  error: unknown,
): { failure: NetworkFailure; transient: boolean } | undefined {
  const { code, name } = asAwsError(error);
  const key = code ?? name ?? '';
  return Object.hasOwn(NETWORK_FAILURES, key) ? NETWORK_FAILURES[key] : undefined;
}

/** Throttling, server faults and dropped connections: worth another try later. */
export function isTransient(error: unknown): boolean {
  const { name, $metadata } = asAwsError(error);
  return (
    TRANSIENT_NAMES.has(name ?? '') ||
    (networkFailure(error)?.transient ?? false) ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  );
}
