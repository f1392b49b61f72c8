import { KendraClient } from '@aws-sdk/client-kendra';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { CONNECT_TIMEOUT_MS, endpointOf, REQUEST_TIMEOUT_MS } from './endpoints.js';
import { proxyAgent, proxyFor } from './proxy.js';

const USER_AGENT = 'kendra-sync/1';

async function requestHandler(endpoint: string): Promise<NodeHttpHandler> {
  const proxy = proxyFor(new URL(endpoint));
  const agent = proxy ? await proxyAgent(proxy) : undefined;
  return new NodeHttpHandler({
    connectionTimeout: CONNECT_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Without this the SDK only logs a warning when requestTimeout passes, and the step hangs.
    throwOnRequestTimeout: true,
    ...(agent && { httpAgent: agent, httpsAgent: agent }),
  });
}

export async function createStsClient(region: string): Promise<STSClient> {
  return new STSClient({
    region,
    customUserAgent: USER_AGENT,
    requestHandler: await requestHandler(endpointOf('sts', region)),
  });
}

/** Without `credentials` the client uses the SDK's default chain (environment, profile, ...). */
export async function createKendraClient(
  region: string,
  credentials?: AwsCredentialIdentityProvider,
): Promise<KendraClient> {
  return new KendraClient({
    region,
    customUserAgent: USER_AGENT,
    requestHandler: await requestHandler(endpointOf('kendra', region)),
    ...(credentials && { credentials }),
  });
}
