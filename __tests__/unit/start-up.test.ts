/**
 * The start path's order (src/open.ts), pinned against the simulator in this
 * process: the token request leaves first, `sent` settles once the STS request is on the wire
 * and well before its answer (`ready`), the service opens in between, and a warm-up never puts
 * a request on the wire.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { KendraClient, StartDataSourceSyncJobCommand } from '@aws-sdk/client-kendra';
import diagnostics from 'node:diagnostics_channel';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/types.js';
import { startCredentials } from '../../src/credentials/credentials.js';
import { readInputs } from '../../src/inputs.js';
import { openService } from '../../src/open.js';
import { offlineConfig, warmUp } from '../../src/aws/warm-up.js';
import { systemClock } from '../../src/time.js';
import { REGION, ROLE_ARN, seedWorld } from '../../tools/world.js';

/** Every answer this late: the gap between a request on the wire and its answer is visible. */
const LATENCY_MS = 150;

let sim: Simulator;
let indexId: string;
let dataSourceId: string;
const saved = { ...process.env };

beforeAll(async () => {
  sim = await startSimulator({ latencyMs: LATENCY_MS });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  process.env = { ...saved };
  sim.reset();
});

/** The step's environment pointed at the simulator, and its inputs read from it. */
function stepInputs() {
  ({
    indexId,
    dataSourceIds: [dataSourceId],
  } = seedWorld(sim));
  Object.assign(process.env, sim.env(), {
    'INPUT_INDEX-ID': indexId,
    'INPUT_DATA-SOURCE-ID': dataSourceId,
    'INPUT_AWS-REGION': REGION,
    'INPUT_ROLE-TO-ASSUME': ROLE_ARN,
  });
  return readInputs();
}

/** HTTP requests this process puts on the wire while `during` runs. */
async function requestsDuring(during: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const counted = () => count++;
  diagnostics.subscribe('http.client.request.start', counted);
  try {
    await during();
  } finally {
    diagnostics.unsubscribe('http.client.request.start', counted);
  }
  return count;
}

describe('the start path', () => {
  it('settles `sent` once the STS request is on the wire, before its answer settles `ready`', async () => {
    const inputs = stepInputs();
    const began = Date.now();
    const credentials = await startCredentials(inputs, process.env, systemClock);
    const settled: Array<[string, number]> = [];
    void credentials.sent.then(() => settled.push(['sent', Date.now() - began]));
    await credentials.ready;
    settled.push(['ready', Date.now() - began]);
    credentials.close();

    expect(settled.map(([name]) => name)).toEqual(['sent', 'ready']);
    const [[, sentAt], [, readyAt]] = settled;
    // STS answers LATENCY_MS after the request arrives: `sent` did not wait for that answer.
    expect(readyAt - sentAt).toBeGreaterThanOrEqual(LATENCY_MS - 20);
    expect(sim.requests.map((request) => request.action)).toEqual([
      'GetIdToken',
      'AssumeRoleWithWebIdentity',
    ]);
  });

  it('opens the service with credentials after the token and STS calls, and nothing else', async () => {
    const inputs = stepInputs();
    const opened = await openService(inputs, systemClock);
    // The warm-ups run on setImmediate: give them their turn before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    opened.service.close();
    opened.credentials.close();
    expect(opened.service.id).toBe('kendra');
    expect(sim.requests.map((request) => `${request.service}:${request.action}`)).toEqual([
      'oidc:GetIdToken',
      'sts:AssumeRoleWithWebIdentity',
    ]);
  });

  it('a warm-up runs the SDK pipeline but puts no request on the wire', async () => {
    const client = new KendraClient(offlineConfig(REGION));
    let sent = 0;
    const send = client.send.bind(client);
    client.send = ((...args: Parameters<typeof send>) => {
      sent++;
      return send(...args);
    }) as typeof client.send;
    const onWire = await requestsDuring(async () => {
      warmUp(client, new StartDataSourceSyncJobCommand({ IndexId: 'warm-up', Id: 'warm-up' }));
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    expect(sent).toBe(1);
    expect(onWire).toBe(0);
  });
});
