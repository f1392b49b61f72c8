import { ActionError } from '../errors.js';
import type { Named, SyncService, Target } from '../model.js';
import { capitalize } from '../base/text.js';

/** A data source name that did not resolve to exactly one data source. */
export interface Unresolved {
  containerId: string;
  dataSourceName: string;
  failure: string;
}

const LISTED_AT_MOST = 20;

function listNames(items: Named[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, LISTED_AT_MOST).map((item) => `"${item.name}" (${item.id})`);
  const more = items.length > LISTED_AT_MOST ? `, and ${items.length - LISTED_AT_MOST} more` : '';
  return shown.join(', ') + more;
}

/** Finds the container with exactly this name (case-sensitive), with one listing of all. */
export async function resolveContainerId(service: SyncService, name: string): Promise<string> {
  const { terms } = service;
  const containers = await service.listContainers();
  const matches = containers.filter((container) => container.name === name);
  if (matches.length === 1) return matches[0].id;
  // Stryker disable next-line EqualityOperator: one match returned above, so > 1 and >= 1 agree
  if (matches.length > 1) {
    throw new ActionError(
      `Input '${terms.containerNameInput}' is "${name}", but ${matches.length} ${terms.containers} in region ${service.region} have that name: ${listNames(matches)}. Use ${terms.containerIdInput} instead.`,
    );
  }
  throw new ActionError(
    `Input '${terms.containerNameInput}' is "${name}", but no ${terms.container} in region ${service.region} has that name (names are case-sensitive). ${capitalize(terms.containers)} there: ${listNames(containers)}.`,
  );
}

/**
 * Finds each named data source in the container, with one listing for all the names. A name that
 * matches none or several is reported on its own, so the others still sync.
 */
export async function resolveDataSources(
  service: SyncService,
  containerId: string,
  names: string[],
): Promise<Array<Target | Unresolved>> {
  const { container } = service.terms;
  const dataSources = await service.listDataSources(containerId);
  return names.map((name) => {
    const matches = dataSources.filter((dataSource) => dataSource.name === name);
    if (matches.length === 1) {
      return { containerId, dataSourceId: matches[0].id, dataSourceName: name };
    }
    const failure =
      // Stryker disable next-line EqualityOperator: one match returned above, so > 1 and >= 1 agree
      matches.length > 1
        ? `${matches.length} data sources in ${container} ${containerId} are named "${name}": ${listNames(matches)}. Use data-source-id instead.`
        : `No data source named "${name}" in ${container} ${containerId} (region ${service.region}; names are case-sensitive). Data sources in that ${container}: ${listNames(dataSources)}.`;
    return { containerId, dataSourceName: name, failure };
  });
}
