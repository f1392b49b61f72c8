// What the sources of a Bedrock job's documents share: what the service lends them, and what each
// answers (./documents.ts tries them in order; ./application-logs.ts is one).
import type { ListKnowledgeBaseDocumentsCommandOutput } from '@aws-sdk/client-bedrock-agent';
import type { Credentials } from '../../credentials/credentials.js';
import type { FailedDocument, Target } from '../../model.js';
import type { SendOptions, ServiceCalls } from '../calls.js';

/** What the service module lends the sources: its calls and the run's facts. */
export interface DocumentsContext {
  /** One page of the data source's document list (the SDK client stays in ./bedrock.ts). */
  listDocuments(
    target: Target,
    nextToken: string | undefined,
    options: SendOptions,
  ): Promise<ListKnowledgeBaseDocumentsCommandOutput>;
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
