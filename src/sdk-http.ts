// Imported only by the modules that load an SDK client (sts.ts, kendra.ts, ...): the handler
// is part of the SDK's weight, kept off the start path like the clients themselves.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS, USER_AGENT } from './http.js';
import { proxyAgent, proxyFor } from './proxy.js';

/** The SDK's HTTP handler with bounded connect and answer times, through a proxy if one is set. */
export async function requestHandler(endpoint: string): Promise<NodeHttpHandler> {
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

/** What every SDK client of the action is configured with. */
export async function clientConfig(endpoint: string, region: string) {
  return { region, customUserAgent: USER_AGENT, requestHandler: await requestHandler(endpoint) };
}
