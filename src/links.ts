import { partitionOf } from './endpoints.js';
import type { Target } from './kendra.js';

/** The partition's console host: China and GovCloud Regions have their own. */
function consoleHost(region: string): string {
  const hosts = { 'aws-cn': 'console.amazonaws.cn', 'aws-us-gov': 'console.amazonaws-us-gov.com' };
  const partition = partitionOf(region);
  return partition === 'aws' ? `${region}.console.aws.amazon.com` : hosts[partition];
}

/** The data source's page in the Kendra console. */
export function consoleLink(region: string, target: Target): string {
  return (
    `https://${consoleHost(region)}/kendra/home?region=${region}` +
    `#/indexes/${target.indexId}/datasources/${target.dataSourceId}/details`
  );
}

/** How logs and errors name a data source: by name and ID when the name is known. */
export function describeTarget(target: Target): string {
  return target.dataSourceName
    ? `data source "${target.dataSourceName}" (${target.dataSourceId})`
    : `data source ${target.dataSourceId}`;
}
