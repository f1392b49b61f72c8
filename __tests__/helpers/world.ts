/** A simulator with the usual fixtures: an OIDC-trusting role, an index and a data source. */
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { startSimulator } from '../../sim/index.js';
import type { Simulator } from '../../sim/types.js';
import { runAction, type RunOptions, type RunResult } from '../../tools/runner.js';
import { REGION, ROLE_ARN, seedWorld } from '../../tools/world.js';

export { REGION, ROLE_ARN };

/** The happy path's requests, in order: one token, one STS call, one start. */
export const HAPPY_PATH = [
  'oidc:GetIdToken',
  'sts:AssumeRoleWithWebIdentity',
  'kendra:StartDataSourceSyncJob',
];

export interface World {
  sim: Simulator;
  indexId: string;
  dataSourceId: string;
  /** Runs the bundle against the simulator with the OIDC variables and the role set. */
  run(inputs?: Record<string, string>, options?: Omit<RunOptions, 'inputs'>): Promise<RunResult>;
}

/**
 * Starts one simulator for the test file and resets it to the fixtures after each test. Returns a
 * handle whose fields are filled in before the first test runs.
 */
export function useWorld(): World {
  const world = {} as World;
  const seed = () => {
    // Jobs end quickly (300 ms + 300 ms) unless a test scripts otherwise.
    const seeded = seedWorld(world.sim);
    world.indexId = seeded.indexId;
    world.dataSourceId = seeded.dataSourceIds[0];
  };
  beforeAll(async () => {
    world.sim = await startSimulator();
    seed();
  });
  afterEach(() => {
    world.sim.reset();
    seed();
  });
  afterAll(async () => {
    await world.sim.close();
  });
  world.run = (inputs = {}, options = {}) =>
    runAction({
      ...options,
      inputs: {
        'index-id': world.indexId,
        'data-source-id': world.dataSourceId,
        'aws-region': REGION,
        'role-to-assume': ROLE_ARN,
        ...inputs,
      },
      env: { ...world.sim.env(), ...options.env },
    });
  return world;
}

/** Every place a secret could leak to: the log, outputs, summary and GITHUB_ENV. */
export function expectNoSecrets(sim: Simulator, result: RunResult): void {
  const secrets = sim.issuedSecrets();
  if (secrets.length === 0) throw new Error('the simulator issued no secrets to look for');
  // `::add-mask::` lines are how secrets are registered with the runner, which consumes them.
  const log = (result.stdout + result.stderr)
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const places = {
    log,
    outputs: JSON.stringify(result.outputs),
    summary: result.summary,
    githubEnv: result.githubEnv,
  };
  for (const [place, text] of Object.entries(places)) {
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`a secret leaked into ${place}`);
    }
  }
}
