import type { Credentials } from '../credentials/credentials.js';
import type { Inputs } from '../inputs.js';
import type { SyncService } from '../model.js';
import type { Clock } from '../time.js';

/**
 * The one seam where a service's SDK client loads: only the service this run syncs, so a Kendra
 * run loads no Bedrock code and the other way round.
 */
export async function openService(
  inputs: Pick<Inputs, 'service' | 'region'>,
  credentials: Credentials,
  clock: Clock,
): Promise<SyncService> {
  if (inputs.service === 'bedrock') {
    const { openBedrock } = await import('./bedrock/bedrock.js');
    return openBedrock(inputs.region, credentials, clock);
  }
  const { openKendra } = await import('./kendra/kendra.js');
  return openKendra(inputs.region, credentials, clock);
}
