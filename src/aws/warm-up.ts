// The two tricks of the start path (src/open.ts says the order; docs/benchmark.md what they buy): hearing when a request is on
// the wire, and running a client's one-time SDK set-up offline while the step waits on the network.
import type { ClientRequest } from 'node:http';

export /** Calls `written` once the next HTTP request this process makes is on the wire (or failed). */
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

/** Made-up keys for warmUp's throwaway clients: signing happens locally, nothing is sent. */
const WARM_UP_KEYS = { accessKeyId: 'AKIAWARMUPWARMUPWARM', secretAccessKey: 'warm-up' };

/** A request handler that sends nothing and fails at once: for warmUp's throwaway clients. */
const OFFLINE = {
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

/** The configuration of warmUp's throwaway clients: nothing leaves, no credentials are looked up. */
export const offlineConfig = (region: string) => ({
  region,
  requestHandler: OFFLINE,
  maxAttempts: 1,
  credentials: WARM_UP_KEYS,
});
