/** Tells AWS (CloudTrail) and the token service which tool made the calls. */
export const USER_AGENT = 'kendra-sync/1';

/** The partition of a Region, for ARNs, endpoints and console links. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Time allowed to open a connection (TCP and TLS). */
export const CONNECT_TIMEOUT_MS = 5_000;
/**
 * Time allowed for an answer once the request is sent. With the SDK's 3 attempts (AWS_MAX_ATTEMPTS)
 * an endpoint that never answers fails the call in about 3 x 20 s plus backoff, well under 2 minutes.
 */
export const REQUEST_TIMEOUT_MS = 20_000;

/** The endpoint a service's calls go to, honouring the SDK's AWS_ENDPOINT_URL_* variables. */
export function endpointOf(service: 'sts' | 'kendra', region: string, env = process.env): string {
  const specific = service === 'sts' ? env.AWS_ENDPOINT_URL_STS : env.AWS_ENDPOINT_URL_KENDRA;
  const suffix = partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return specific || env.AWS_ENDPOINT_URL || `https://${service}.${region}.${suffix}`;
}
