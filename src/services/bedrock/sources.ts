// What the sources of a Bedrock job's documents share: what the service lends them, and what each
// answers (./documents.ts tries them in order; ./application-logs.ts is one).
import type { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import type { Credentials } from '../../credentials/credentials.js';
import type { FailedDocument } from '../../model.js';
import type { ServiceCalls } from '../calls.js';

/** What the service module lends the sources: its client, its calls and the run's facts. */
export interface DocumentsContext {
  client: BedrockAgentClient;
  calls: ServiceCalls;
  region: string;
  credentials: Pick<Credentials, 'invalidate' | 'principal' | 'provider'> | undefined;
  /** The knowledge base in the console, for when no log group can be linked. */
  consoleLink: string;
  now: Date;
}

/** What one source came to: documents (maybe none), or why it could not say. */
export type SourceAnswer =
  | { documents: FailedDocument[]; link: string; linkText: string }
  | {
      unavailable: string;
      /** true: nothing is set up, which is no error to report. */
      quiet?: boolean;
    };
