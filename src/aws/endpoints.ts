/**
 * An AWS service as the SDK finds it: the host its endpoints start with and the AWS_ENDPOINT_URL_*
 * variable that overrides them, and how messages name it. The services the action syncs declare
 * theirs in their own folders (src/services/); these two serve every run.
 */
export interface Endpoint {
  label: string;
  host: string;
  env: string;
}

export const STS: Endpoint = { label: 'STS', host: 'sts', env: 'AWS_ENDPOINT_URL_STS' };

export const CLOUDWATCH_LOGS: Endpoint = {
  label: 'CloudWatch Logs',
  host: 'logs',
  env: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
};

/** The partition of a Region, for ARNs, endpoints and console links. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The endpoint a service's calls go to, honouring the SDK's AWS_ENDPOINT_URL_* variables. */
export function endpointOf(service: Endpoint, region: string, env = process.env): string {
  const { host, env: specific } = service;
  const suffix = partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return env[specific] || env.AWS_ENDPOINT_URL || `https://${host}.${region}.${suffix}`;
}

/** The partition's console host: China and GovCloud Regions have their own. */
export function consoleHost(region: string): string {
  const hosts = { 'aws-cn': 'console.amazonaws.cn', 'aws-us-gov': 'console.amazonaws-us-gov.com' };
  const partition = partitionOf(region);
  return partition === 'aws' ? `${region}.console.aws.amazon.com` : hosts[partition];
}

/** The account of an assumed-role session ARN, for ARNs in hints; a placeholder when unknown. */
export function accountOf(principal: string | undefined): string {
  return /^arn:[^:]+:(?:sts|iam)::(\d{12}):/.exec(principal ?? '')?.[1] ?? '<account-id>';
}
