import type { Target } from './kendra.js';

/** The partition's console host: China and GovCloud Regions have their own. */
function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return `${region}.console.aws.amazon.com`;
}

/** The data source's page in the Kendra console. */
export function consoleLink(region: string, target: Target): string {
  return (
    `https://${consoleHost(region)}/kendra/home?region=${region}` +
    `#/indexes/${target.indexId}/datasources/${target.dataSourceId}/details`
  );
}

/** The partition of a Region, for ARNs. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** How logs and errors name a data source: by name and ID when the name is known. */
export function describeTarget(target: Target): string {
  return target.dataSourceName
    ? `data source "${target.dataSourceName}" (${target.dataSourceId})`
    : `data source ${target.dataSourceId}`;
}
