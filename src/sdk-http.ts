// Imported only by the modules that load an SDK client (sts.ts, kendra.ts, ...): the handler
// is part of the SDK's weight, kept off the start path like the clients themselves.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ClientRequest } from 'node:http';
import { CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS, USER_AGENT } from './http.js';
import { proxyAgent, proxyFor } from './proxy.js';

/**
 * The SDK's HTTP handler with bounded connect and answer times, through a proxy if one is set.
 * `onSent` hears when its first request has been written to the network.
 */
export async function requestHandler(
  endpoint: string,
  onSent?: () => void,
): Promise<NodeHttpHandler> {
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

/** Calls `written` once the next HTTP request this process makes is on the wire (or failed). */
function whenWritten(written: () => void): void {
  const channels = process.getBuiltinModule('node:diagnostics_channel');
  const started = (message: unknown) => {
    channels.unsubscribe('http.client.request.start', started);
    const { request } = message as { request: ClientRequest };
    request.once('finish', written);
    request.once('close', written);
  };
  channels.subscribe('http.client.request.start', started);
}

/** What every SDK client of the action is configured with. */
export async function clientConfig(endpoint: string, region: string, onSent?: () => void) {
  return {
    region,
    customUserAgent: USER_AGENT,
    requestHandler: await requestHandler(endpoint, onSent),
  };
}

/** Made-up keys for warmUp's throwaway clients: signing happens locally, nothing is sent. */
export const WARM_UP_KEYS = { accessKeyId: 'AKIAWARMUPWARMUPWARM', secretAccessKey: 'warm-up' };

/** A request handler that sends nothing and fails at once: for warmUp's throwaway clients. */
export const OFFLINE = {
  handle: (): Promise<never> => Promise.reject(new Error('offline: warm-up only')),
};

/**
 * Runs one command through a throwaway client built with OFFLINE, so no request leaves. The
 * SDK's one-time set-up for the process (serializers, endpoint rules, signing: about 15 ms per
 * service on Node 24, measured in bench/) then happens while the step waits on the network,
 * instead of after the answer it waits for.
 */
export function warmUp(
  client: { send(command: never): Promise<unknown>; destroy(): void },
  command: unknown,
): void {
  // After the I/O already waiting: an answer that has come in is handled first, not after this.
  setImmediate(() => {
    void client
      .send(command as never)
      .catch(() => undefined) // OFFLINE's own failure: nothing was sent
      .finally(() => client.destroy());
  });
}
