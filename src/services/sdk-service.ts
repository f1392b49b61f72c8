// What the two services share around their SDK clients: opening one the action's way (bounded
// HTTP handler, proxy, the step's credentials), the service's clock, the call plumbing, closing.
import type { Credentials } from '../credentials/credentials.js';
import { endpointOf, type Endpoint } from '../aws/endpoints.js';
import { clientConfig } from '../aws/sdk-client.js';
import { offlineConfig, warmUp } from '../aws/warm-up.js';
import type { Target, Terms } from '../model.js';
import type { Clock } from '../time.js';
import { ServiceCalls, type About } from './calls.js';
import type { ServiceDescription } from './description.js';

/** The parts of an SDK client this base uses. */
export interface SdkClient {
  config: { systemClockOffset?: number };
  destroy(): void;
}

/**
 * A service's SDK client, made the action's way; a throwaway twin runs `warmUpWith` offline
 * meanwhile, so the SDK's one-time set-up happens during a network wait (src/open.ts).
 */
export async function openClient<Client extends Parameters<typeof warmUp>[0]>(
  Sdk: new (config: object) => Client,
  service: Endpoint,
  region: string,
  credentials: Pick<Credentials, 'provider'>,
  warmUpWith: unknown,
): Promise<Client> {
  const client = new Sdk(await clientOptions(service, region, credentials));
  warmUp(new Sdk(offlineConfig(region)), warmUpWith);
  return client;
}

/** The configuration every SDK client of the action is made with. */
export async function clientOptions(
  service: Endpoint,
  region: string,
  credentials: Pick<Credentials, 'provider'> | undefined,
) {
  return {
    ...(await clientConfig(endpointOf(service, region), region)),
    // Without a provider the SDK uses its default chain (environment, profile, ...).
    ...(credentials?.provider && { credentials: credentials.provider }),
  };
}

export abstract class SdkService<Client extends SdkClient> {
  readonly id: string;
  readonly terms: Terms;
  protected readonly calls: ServiceCalls;

  constructor(
    description: ServiceDescription,
    readonly client: Client,
    readonly region: string,
    credentials: Pick<Credentials, 'invalidate' | 'principal'> | undefined,
    protected readonly clock: Clock,
  ) {
    this.id = description.id;
    this.terms = description.terms;
    this.calls = new ServiceCalls(description.endpoint, region, credentials, description.explainer);
  }

  /** The service's clock as the SDK knows it (corrected for skew). */
  now(): Date {
    return new Date(this.clock.now() + (this.client.config.systemClockOffset ?? 0));
  }

  close(): void {
    this.client.destroy();
  }

  /** An ID the answer must carry: without it the call failed, whatever its status said. */
  protected required(
    id: string | undefined,
    operation: string,
    about: About | Target,
    what: string,
  ): string {
    if (id) return id;
    throw this.calls.error(
      operation,
      about,
      new Error(`${this.terms.service} answered without ${what}`),
    );
  }
}
