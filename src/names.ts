import { ActionError } from './errors.js';
import type { KendraApi, Target } from './kendra.js';

/** A data source name that did not resolve to exactly one data source. */
export interface Unresolved {
  dataSourceName: string;
  failure: string;
}

const LISTED_AT_MOST = 20;

function listNames(items: Array<{ Name?: string; Id?: string }>): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, LISTED_AT_MOST).map((item) => `"${item.Name}" (${item.Id})`);
  const more = items.length > LISTED_AT_MOST ? `, and ${items.length - LISTED_AT_MOST} more` : '';
  return shown.join(', ') + more;
}

/** Finds the index with exactly this name (case-sensitive), with one listing of all indexes. */
export async function resolveIndexId(api: KendraApi, indexName: string): Promise<string> {
  const indices = await api.listIndices();
  const matches = indices.filter((index) => index.Name === indexName);
  if (matches.length === 1 && matches[0].Id) return matches[0].Id;
  if (matches.length > 1) {
    throw new ActionError(
      `Input 'index-name' is "${indexName}", but ${matches.length} indexes in region ${api.region} have that name: ${listNames(matches)}. Use index-id instead.`,
    );
  }
  throw new ActionError(
    `Input 'index-name' is "${indexName}", but no index in region ${api.region} has that name (names are case-sensitive). Indexes there: ${listNames(indices)}.`,
  );
}

/**
 * Finds each named data source in the index, with one listing for all the names. A name that
 * matches none or several is reported on its own, so the others still sync.
 */
export async function resolveDataSources(
  api: KendraApi,
  indexId: string,
  names: string[],
): Promise<Array<Target | Unresolved>> {
  const dataSources = await api.listDataSources(indexId);
  return names.map((name) => {
    const matches = dataSources.filter((dataSource) => dataSource.Name === name);
    if (matches.length === 1 && matches[0].Id) {
      return { indexId, dataSourceId: matches[0].Id, dataSourceName: name };
    }
    const failure =
      matches.length > 1
        ? `${matches.length} data sources in index ${indexId} are named "${name}": ${listNames(matches)}. Use data-source-id instead.`
        : `No data source named "${name}" in index ${indexId} (region ${api.region}; names are case-sensitive). Data sources in that index: ${listNames(dataSources)}.`;
    return { dataSourceName: name, failure };
  });
}
