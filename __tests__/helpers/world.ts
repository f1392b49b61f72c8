/**
 * A simulator with the usual fixtures, for either service: an OIDC-trusting role and an index or
 * a knowledge base with its data sources, seeded through tools/world.ts.
 */
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { startSimulator } from '../../sim/index.js';
import type { SimOptions, Simulator } from '../../sim/types.js';
import { runAction, type RunOptions, type RunResult } from '../../tools/runner.js';
import {
  REGION,
  ROLE_ARN,
  seedBedrockWorld,
  seedWorld,
  type BedrockWorldOptions,
  type WorldOptions,
} from '../../tools/world.js';

export { REGION, ROLE_ARN };

/** The happy path's requests, in order: one token, one STS call, one start. */
export const HAPPY_PATH = [
  'oidc:GetIdToken',
  'sts:AssumeRoleWithWebIdentity',
  'kendra:StartDataSourceSyncJob',
];

/** What every world has: its simulator, and a run of the bundle against it. */
interface SimWorld {
  sim: Simulator;
  /** Runs the bundle against the simulator with the OIDC variables and the role set. */
  run(inputs?: Record<string, string>, options?: Omit<RunOptions, 'inputs'>): Promise<RunResult>;
}

export interface World extends SimWorld {
  indexId: string;
  dataSourceId: string;
  /** Every data source of the world, in the order of `dataSources`. */
  dataSourceIds: string[];
}

export interface BedrockTestWorld extends SimWorld {
  knowledgeBaseId: string;
  /** The first data source, the one `run` syncs unless told otherwise. */
  dataSourceId: string;
  dataSourceIds: string[];
}

/** How the simulator lives in a test file, for both services. */
export interface Lifetime {
  /** The simulator's own options (e.g. the account). */
  sim?: SimOptions;
  /**
   * true (default): reset the simulator to the fixtures after each test. false: keep one state
   * for the whole file, for files whose runs share a world across tests (e.g. run concurrently
   * in beforeAll, with each test asserting on its own run).
   */
  resetAfterEach?: boolean;
}

/**
 * One simulator for the test file, seeded with `seed` before the first test and (unless told
 * otherwise) reset and seeded again after each. `world`'s fields are filled in by then.
 */
function useSimulator<W extends SimWorld>(
  world: W,
  seed: () => void,
  inputs: () => Record<string, string>,
  lifetime: Lifetime,
): W {
  beforeAll(async () => {
    world.sim = await startSimulator(lifetime.sim);
    seed();
  });
  if (lifetime.resetAfterEach ?? true) {
    afterEach(() => {
      world.sim.reset();
      seed();
    });
  }
  afterAll(async () => {
    await world.sim.close();
  });
  world.run = (runInputs = {}, options = {}) =>
    runAction({
      ...options,
      inputs: { 'aws-region': REGION, 'role-to-assume': ROLE_ARN, ...inputs(), ...runInputs },
      env: { ...world.sim.env(), ...options.env },
    });
  return world;
}

/**
 * A Kendra world (tools/world.ts's seedWorld): an OIDC-trusting role, an index and its data
 * sources. Jobs end quickly (300 ms + 300 ms) unless a test scripts otherwise.
 */
export function useWorld(options: WorldOptions & Lifetime = {}): World {
  const world = {} as World;
  return useSimulator(
    world,
    () => {
      const seeded = seedWorld(world.sim, options);
      world.indexId = seeded.indexId;
      world.dataSourceIds = seeded.dataSourceIds;
      world.dataSourceId = seeded.dataSourceIds[0];
    },
    () => ({ 'index-id': world.indexId, 'data-source-id': world.dataSourceId }),
    options,
  );
}

/**
 * A Bedrock world (tools/world.ts's seedBedrockWorld): the same role, a knowledge base and its
 * data sources. Jobs end quickly (200 ms + 400 ms) unless a test scripts otherwise.
 */
export function useBedrockWorld(options: BedrockWorldOptions & Lifetime = {}): BedrockTestWorld {
  const world = {} as BedrockTestWorld;
  return useSimulator(
    world,
    () => {
      const seeded = seedBedrockWorld(world.sim, options);
      world.knowledgeBaseId = seeded.knowledgeBaseId;
      world.dataSourceIds = seeded.dataSourceIds;
      world.dataSourceId = seeded.dataSourceIds[0];
    },
    () => ({ 'knowledge-base-id': world.knowledgeBaseId, 'data-source-id': world.dataSourceId }),
    options,
  );
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
