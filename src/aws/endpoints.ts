/** The services the action calls, by the names of their SDK endpoint variables and hosts. */
const SERVICES = {
  sts: { label: 'STS', host: 'sts', env: 'AWS_ENDPOINT_URL_STS' },
  kendra: { label: 'Kendra', host: 'kendra', env: 'AWS_ENDPOINT_URL_KENDRA' },
  bedrock: { label: 'Bedrock', host: 'bedrock-agent', env: 'AWS_ENDPOINT_URL_BEDROCK_AGENT' },
  // The knowledge base runtime (Retrieve): its own host and variable, signed as "bedrock".
  'bedrock-runtime': {
    label: 'Bedrock',
    host: 'bedrock-agent-runtime',
    env: 'AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME',
  },
  logs: { label: 'CloudWatch Logs', host: 'logs', env: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS' },
} as const;

export type AwsService = keyof typeof SERVICES;

/** How messages name a service: "Kendra", "CloudWatch Logs". */
export const serviceLabel = (service: AwsService): string => SERVICES[service].label;

/** The partition of a Region, for ARNs, endpoints and console links. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The endpoint a service's calls go to, honouring the SDK's AWS_ENDPOINT_URL_* variables. */
export function endpointOf(service: AwsService, region: string, env = process.env): string {
  const { host, env: specific } = SERVICES[service];
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
