// The knowledge base runtime's Retrieve, for the search check: its own SDK client and host
// (bedrock-agent-runtime, signed as "bedrock"). Loaded only when a run has check-query
// (bedrock.ts's search() is the seam): about 75 kB of the bundle (the client and the event-stream
// code its configuration pulls in; measured 2026-12-04) that a run without a check never loads.
import {
  BedrockAgentRuntimeClient,
  RetrieveCommand,
  type KnowledgeBaseRetrievalResult,
  type RetrievalResultLocation,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { ServiceCalls } from '../calls.js';
import { BEDROCK_RUNTIME } from './describe.js';
import { clientOptions } from '../sdk-service.js';
import type { Credentials } from '../../credentials/credentials.js';
import type { ServiceExplainer } from '../../aws/call-error.js';
import type { SearchResult } from '../../model.js';
import { excerpt } from '../../base/text.js';

/** numberOfResults is 1-100 in the model. */
const MAX_RESULTS = 100;

export class BedrockSearch {
  constructor(
    readonly client: Pick<BedrockAgentRuntimeClient, 'send' | 'destroy'>,
    private readonly calls: ServiceCalls,
  ) {}

  /** The knowledge base's top `count` chunks for `query`; denied: bedrock:Retrieve on its ARN. */
  /** As `user` (userContext.userId): ACL-enabled data sources return nothing to a search without. */
  async search(
    knowledgeBaseId: string,
    query: string,
    count: number,
    user?: string,
  ): Promise<SearchResult[]> {
    const output = await this.calls.send('Retrieve', { containerId: knowledgeBaseId }, (options) =>
      this.client.send(
        new RetrieveCommand({
          knowledgeBaseId,
          retrievalQuery: { text: query },
          retrievalConfiguration: {
            vectorSearchConfiguration: { numberOfResults: Math.min(count, MAX_RESULTS) },
          },
          ...(user !== undefined && { userContext: { userId: user } }),
        }),
        options,
      ),
    );
    return (output.retrievalResults ?? []).map(toSearchResult);
  }

  close(): void {
    this.client.destroy();
  }
}

/**
 * The runtime client, with the HTTP/1.1 handler every client of the action has: the runtime's
 * default HTTP/2 handler would ignore HTTPS_PROXY and the action's timeouts.
 */
export async function openBedrockSearch(
  region: string,
  credentials: Pick<Credentials, 'invalidate' | 'principal' | 'provider'> | undefined,
  explainer: ServiceExplainer,
): Promise<BedrockSearch> {
  const client = new BedrockAgentRuntimeClient(
    await clientOptions(BEDROCK_RUNTIME, region, credentials),
  );
  return new BedrockSearch(
    client,
    new ServiceCalls(BEDROCK_RUNTIME, region, credentials, explainer),
  );
}

/** A chunk as the check sees it: located by its source's URI, URL or ID. */
export function toSearchResult(result: KnowledgeBaseRetrievalResult): SearchResult {
  const text = result.content?.text;
  return {
    location: locationOf(result.location),
    ...(text && { excerpt: excerpt(text) }),
    ...(result.score !== undefined && { score: result.score.toFixed(3) }),
  };
}

/** Where a chunk came from, whichever kind of data source it is (an SQL source: its query). */
export function locationOf(location: RetrievalResultLocation | undefined): string {
  if (!location) return '';
  return (
    location.s3Location?.uri ??
    location.webLocation?.url ??
    location.customDocumentLocation?.id ??
    location.confluenceLocation?.url ??
    location.salesforceLocation?.url ??
    location.sharePointLocation?.url ??
    location.oneDriveLocation?.url ??
    location.googleDriveLocation?.url ??
    location.kendraDocumentLocation?.uri ??
    location.sqlLocation?.query ??
    ''
  );
}
