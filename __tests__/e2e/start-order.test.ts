/**
 * The start path's order (src/open.ts), pinned on the committed bundle: the token request leaves
 * before any SDK client loads, the STS client loads during the token's round trip, the service's
 * module loads after the STS request is on the wire and before its answer, and the warm-ups put
 * nothing on the wire. A preload (helpers/start-order.mjs) writes the loads and requests in order.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBedrockWorld, useWorld, type BedrockTestWorld, type World } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const preload = fileURLToPath(new URL('../helpers/start-order.mjs', import.meta.url));
/** Long enough that the service's module loads well inside STS's round trip, even on a busy machine. */
const sim = { latencyMs: 400 };

/** The loads and requests of one run, in order. */
async function startOrder(world: World | BedrockTestWorld): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-order-'));
  const log = path.join(dir, 'order.log');
  try {
    const result = await world.run(
      {},
      { env: { ...world.sim.env(), NODE_OPTIONS: `--import=${preload}`, START_ORDER_LOG: log } },
    );
    expectCleanSuccess(result);
    return readFileSync(log, 'utf8').trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the first event matching `pattern` stands; fails the test if there is none. */
function at(events: string[], pattern: RegExp): number {
  const index = events.findIndex((event) => pattern.test(event));
  if (index < 0) throw new Error(`no event matches ${pattern} in:\n${events.join('\n')}`);
  return index;
}

describe.each([
  ['Kendra', useWorld({ sim }), /^load kendra-\w+\.js$/, /^request StartDataSourceSyncJob$/],
  // StartIngestionJob: PUT /knowledgebases/{id}/datasources/{id}/ingestionjobs/
  [
    'Bedrock',
    useBedrockWorld({ sim }),
    /^load bedrock-\w+\.js$/,
    /^request PUT .*\/ingestionjobs\/$/,
  ],
] as const)('%s: the start path', (_service, world, serviceModule, start) => {
  it('overlaps each load with a request on the wire, and sends only the three requests', async () => {
    const events = await startOrder(world);
    const requests = events.filter((event) => event.startsWith('request '));
    expect(requests).toHaveLength(3);
    expect(requests[0]).toBe('request oidc');
    expect(requests[1]).toBe('request sts');
    expect(requests[2]).toMatch(start);

    const stsClient = at(events, /^load sts-\w+\.js$/);
    const service = at(events, serviceModule);
    // 1. The token request leaves before the STS client loads; 2. that load overlaps its trip.
    expect(at(events, /^request oidc$/)).toBeLessThan(stsClient);
    expect(stsClient).toBeLessThan(at(events, /^answer oidc$/));
    // 3-4. The service's module loads once the STS request is on the wire, before its answer.
    expect(at(events, /^request sts$/)).toBeLessThan(service);
    expect(service).toBeLessThan(at(events, /^answer sts$/));
  });
});
