// The start path: from inputs to a service with credentials, in the order that lets loading code
// overlap the network. Loading an SDK client blocks the event loop (Node 24 loads an import()ed
// graph without a turn of it), so each load waits until the request before it is on the wire:
//
//   1. the OIDC token request leaves first (credentials.ts, before anything loads);
//   2. the STS client loads during the token's round trip;
//   3. the STS request leaves, and `sent` settles once it is written (warm-up.ts's whenWritten);
//   4. the service's client loads during STS's round trip;
//   5. each client's one-time SDK set-up (serializers, endpoint rules, signing) runs offline on a
//      throwaway client during a network wait (warm-up.ts's warmUp), not after the answer.
//
// What it buys (npm run bench, Node 24, 50 ms per answer, 15 paired runs, two rounds, 2026-12-04):
// with both, Kendra 1.14x the floor (about 245 ms) and Bedrock 1.12-1.17x; without the warm-ups
// Kendra 1.17-1.28x and Bedrock 1.20-1.22x (+12 to +39 ms); loading the service only after STS
// answers, Kendra 1.21-1.24x and Bedrock 1.26-1.47x (+24 ms and more). Each buys over 10 ms, so
// both stay. __tests__/unit/start-up.test.ts pins the order.
import { startCredentials, type Credentials } from '../credentials/credentials.js';
import type { Inputs } from '../inputs.js';
import type { SyncService } from '../model.js';
import { openService } from '../services/open.js';
import type { Clock } from '../time.js';

export interface Started {
  credentials: Credentials;
  service: SyncService;
}

/** Credentials and the service, opened in the order above; fails as credentials fail. */
export async function startUp(inputs: Inputs, clock: Clock): Promise<Started> {
  const credentials = await startCredentials(inputs, process.env, clock);
  try {
    await credentials.sent;
    const service = await openService(inputs, credentials, clock);
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
