// Every service the action syncs, by the ID inputs.ts picks from the container inputs. SDK-free:
// the service's own module (with its SDK client) loads only in open.ts.
import { BEDROCK } from './bedrock/describe.js';
import type { ServiceDescription } from './description.js';
import { KENDRA } from './kendra/describe.js';

export const SERVICES = { kendra: KENDRA, bedrock: BEDROCK } satisfies Record<
  string,
  ServiceDescription
>;

export type ServiceId = keyof typeof SERVICES;
