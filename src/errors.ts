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
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // STS, while refreshing credentials mid-wait; the SDK names it with the Exception suffix.
  'IDPCommunicationErrorException',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Throttling, server faults and dropped connections: worth another try later. */
export function isTransient(error: unknown): boolean {
  const { name, code, $metadata } = asAwsError(error);
  return (
    TRANSIENT_NAMES.has(name ?? '') ||
    TRANSIENT_CODES.has(code ?? '') ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  );
}
