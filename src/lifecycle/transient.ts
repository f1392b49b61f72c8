// A service call worth another try later, and the line that says so: shared by every loop in the
// lifecycle that reads again after a failure (the wait's polls, the search check's searches).
import { withRequestId } from '../aws/diagnostics.js';
import { AwsCallError } from '../aws/call-error.js';
import { isTransient } from '../errors.js';

/** Throttling, a server fault or a dropped connection that outlasted the SDK's own retries. */
export function isTransientCall(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError && isTransient(error.cause);
}

/** "<what failed> (<Name>: <message>); <what next>." ending with AWS's request ID. */
export function retryLine(failed: string, error: AwsCallError, next: string): string {
  return withRequestId(`${failed} (${error.name}: ${error.message}); ${next}.`, error);
}
