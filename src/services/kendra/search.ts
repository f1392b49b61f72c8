// Kendra's Retrieve, for the search check: loaded only when a run has check-query (kendra.ts's
// search() is the seam), so a run without a check carries none of it.
import {
  RetrieveCommand,
  type KendraClient,
  type RetrieveResultItem,
} from '@aws-sdk/client-kendra';
import type { ServiceCalls } from '../calls.js';
import type { SearchResult } from '../../model.js';
import { excerpt } from '../../base/text.js';

/** Kendra returns at most 100 passages however many are asked for. */
const MAX_PAGE_SIZE = 100;

/**
 * The index's top `count` passages for `query`, as `user` (UserContext.UserId) when given; denied:
 * kendra:Retrieve on the index ARN.
 */
export async function retrieve(
  client: Pick<KendraClient, 'send'>,
  calls: ServiceCalls,
  indexId: string,
  { query, count, user }: { query: string; count: number; user?: string },
): Promise<SearchResult[]> {
  const output = await calls.send('Retrieve', { containerId: indexId }, (options) =>
    client.send(
      new RetrieveCommand({
        IndexId: indexId,
        QueryText: query,
        PageSize: Math.min(count, MAX_PAGE_SIZE),
        ...(user !== undefined && { UserContext: { UserId: user } }),
      }),
      options,
    ),
  );
  return (output.ResultItems ?? []).map(toSearchResult);
}

/** A passage as the check sees it: located by its URI, else its document ID. */
export function toSearchResult(item: RetrieveResultItem): SearchResult {
  const location = item.DocumentURI ?? item.DocumentId ?? '';
  return {
    location,
    ...(item.DocumentId && item.DocumentId !== location && { documentId: item.DocumentId }),
    ...(item.DocumentTitle && { title: item.DocumentTitle }),
    ...(item.Content && { excerpt: excerpt(item.Content) }),
    ...(item.ScoreAttributes?.ScoreConfidence && { score: item.ScoreAttributes.ScoreConfidence }),
  };
}
