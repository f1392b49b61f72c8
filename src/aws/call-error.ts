// A failed AWS call with what the action was doing, and the seam through which each service adds
// its own explanations; explain.ts turns it into the user's terms.
import { asAwsError } from '../errors.js';
import type { Endpoint } from './endpoints.js';

/** What the action was doing when an AWS call failed: the facts an explanation needs. */
export interface CallContext {
  service: Endpoint;
  operation: string;
  region: string;
  /** The index or knowledge base, and the data source, the call was about. */
  containerId?: string;
  dataSourceId?: string;
  roleArn?: string;
  audience?: string;
  /** The OIDC token's subject, for trust-policy hints. */
  subject?: string;
  /** The principal that made the call, when known (assumed-role session ARN). */
  principal?: string;
}

/** An AWS error in the terms explanations use. */
export interface ErrorDetails {
  name: string;
  /** AWS's message without a closing full stop: explanations add their own. */
  message: string;
  /** "Name: message". */
  said: string;
  /** " after N attempts", or empty. */
  after: string;
}

/** What a service adds to the explanation of its errors (each service module has one). */
export interface ServiceExplainer {
  /** Which resource the call was about: "data source web in index … in region …". */
  where(context: CallContext): string;
  /** The IAM action of an operation: "kendra:StartDataSourceSyncJob". */
  iamAction(operation: string): string;
  /** The ARNs an IAM policy must allow the action on (every resource type it requires). */
  resources(context: CallContext): string[];
  /** Advice for the service's own error names; undefined leaves the error to the general words. */
  specific(context: CallContext, details: ErrorDetails, prefix: string): string | undefined;
}

/** An AWS call that failed, with its context; explain.ts turns it into the user's terms. */
export class AwsCallError extends Error {
  constructor(
    readonly context: CallContext,
    readonly cause: unknown,
    /** The calling service's explanations (each service module has its own). */
    readonly explainer?: ServiceExplainer,
  ) {
    super(asAwsError(cause).message ?? String(cause));
    this.name = asAwsError(cause).name ?? 'Error';
  }
}
