// What the server needs of one simulated service. Each service folder exports a factory that
// returns one (kendra/service.ts, bedrock/service.ts, ...); SimServer asks them in order.
import type { Call, Reply } from './protocol.js';
import type { FaultRule, ServiceName } from '../types.js';

/**
 * One simulated service: `identify` names the operation a request is for (undefined: not this
 * service), `handle` answers it, and the fault answers are in its own wire format.
 */
export interface SimService {
  name: ServiceName;
  /** SigV4 signing name, to route requests no `identify` recognises (errors in the right format). */
  signingName?: string;
  identify(call: Call): string | undefined;
  handle(call: Call): Reply;
  /** The request's parameters for the log, without side effects. Default: the JSON body. */
  params?(call: Call): unknown;
  /** An `error` fault's answer in this service's format. */
  faultError(rule: FaultRule): Reply;
  /** A `malformed` fault's answer: the success status, a body cut off mid-document. */
  malformed(action: string): Reply;
}
