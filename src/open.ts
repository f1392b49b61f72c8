// Opening the service a run syncs, with its credentials, in the order that lets loading code
// overlap the network. Loading an SDK client blocks the event loop (Node 24 loads an import()ed
// graph without a turn of it), so each load waits until the request before it is on the wire:
//
//   1. the OIDC token request leaves first (credentials.ts, before anything loads);
//   2. the STS client loads during the token's round trip;
//   3. the STS request leaves, and `sent` settles once it is written (aws/warm-up.ts's whenWritten);
//   4. the service's client loads during STS's round trip;
//   5. each client's one-time SDK set-up (serializers, endpoint rules, signing) runs offline on a
//      throwaway client during a network wait (aws/warm-up.ts's warmUp), not after the answer.
//
// bench/README.md has what each step buys; __tests__/e2e/start-order.test.ts pins the order on
// the committed bundle.
import { startCredentials, type Credentials } from './credentials/credentials.js';
import type { CredentialInputs } from './credentials/source.js';
import type { SyncService } from './model.js';
import { SERVICES, type ServiceId } from './services/registry.js';
import type { Clock } from './time.js';

export interface Opened {
  credentials: Credentials;
  service: SyncService;
}

/** Credentials and the service, opened in the order above; fails as credentials fail. */
export async function openService(
  inputs: CredentialInputs & { service: ServiceId },
  clock: Clock,
): Promise<Opened> {
  const credentials = await startCredentials(inputs, process.env, clock);
  try {
    await credentials.sent;
    const service = await SERVICES[inputs.service].open(inputs.region, credentials, clock);
    try {
      await credentials.ready;
    } catch (error) {
      service.close();
      throw error;
    }
    return { credentials, service };
  } catch (error) {
    credentials.close();
    throw error;
  }
}
