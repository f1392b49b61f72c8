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
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return specific || env.AWS_ENDPOINT_URL || `https://${service}.${region}.${suffix}`;
}
