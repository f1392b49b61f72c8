// Every service the action syncs: its SDK-free description (read by inputs.ts before anything
// opens) and the loader of its module. Adding a service is its folder plus one entry here.
import type { Credentials } from '../credentials/credentials.js';
import type { SyncService } from '../model.js';
import type { Clock } from '../time.js';
import { BEDROCK } from './bedrock/describe.js';
import type { ServiceDescription } from './description.js';
import { KENDRA } from './kendra/describe.js';

export interface RegisteredService extends ServiceDescription {
  /** Loads the service's module, SDK client and all, and opens it: only the service a run syncs. */
  open(region: string, credentials: Credentials, clock: Clock): Promise<SyncService>;
}

/** By the ID inputs.ts picks from the container inputs; the first is named when none is given. */
export const SERVICES = {
  kendra: {
    ...KENDRA,
    open: async (...args) => (await import('./kendra/kendra.js')).openKendra(...args),
  },
  bedrock: {
    ...BEDROCK,
    open: async (...args) => (await import('./bedrock/bedrock.js')).openBedrock(...args),
  },
} satisfies Record<string, RegisteredService>;

export type ServiceId = keyof typeof SERVICES;
