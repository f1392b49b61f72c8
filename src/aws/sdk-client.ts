// The SDK's HTTP handler as every client of the action uses it. Imported only by the modules that
// load an SDK client: the handler is part of the SDK's weight, kept off the start path like them.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { whenWritten } from './warm-up.js';
import { CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS, USER_AGENT } from './network.js';
import { proxyAgent, proxyFor } from './proxy.js';

/**
 * The SDK's HTTP handler with bounded connect and answer times, through a proxy if one is set.
 * `onSent` hears when its first request has been written to the network.
 */
async function requestHandler(endpoint: string, onSent?: () => void): Promise<NodeHttpHandler> {
  const proxy = proxyFor(new URL(endpoint));
  const agent = proxy ? await proxyAgent(proxy) : undefined;
  const handler = new NodeHttpHandler({
    connectionTimeout: CONNECT_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Without this the SDK only logs a warning when requestTimeout passes, and the step hangs.
    throwOnRequestTimeout: true,
    ...(agent && { httpAgent: agent, httpsAgent: agent }),
  });
  if (onSent) {
    const handle = handler.handle.bind(handler);
    let first = true;
    handler.handle = (request, options) => {
      if (first) whenWritten(onSent);
      first = false;
      return handle(request, options);
    };
  }
  return handler;
}

/** What every SDK client of the action is configured with. */
export async function clientConfig(endpoint: string, region: string, onSent?: () => void) {
  return {
    region,
    customUserAgent: USER_AGENT,
    requestHandler: await requestHandler(endpoint, onSent),
  };
}
