/**
 * The simulator world every tool starts from: a role that trusts the workflow's OIDC token, a
 * Kendra index and its data sources, and how jobs end unless a caller scripts otherwise. Tests,
 * the demo, the benchmark and `npm run sim` seed it here, so they agree on what "the usual
 * fixtures" are.
 */
import type {
  BedrockDataSourceOptions,
  CorpusDocument,
  IngestionJobScript,
  JobScript,
  KnowledgeBaseOptions,
  Simulator,
} from '../sim/index.js';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/kendra-sync';
export const REGION = 'us-east-1';
/** The repository runAction's runner environment claims to be (GITHUB_REPOSITORY). */
export const REPOSITORY = 'octo-org/docs';

interface DataSourceSpec {
  name: string;
  /** Kendra DataSourceType, e.g. 'WEBCRAWLER' or 'S3'. */
  type?: string;
}

export interface WorldOptions {
  /** Default ROLE_ARN. */
  roleArn?: string;
  /** The role's trust-policy condition on `sub` (glob). Default: any ref of REPOSITORY. */
  subject?: string;
  /** Default 'docs-index'. */
  indexName?: string;
  /** Default one data source, 'website'. */
  dataSources?: Array<string | DataSourceSpec>;
  /** How unscripted jobs run; `null` keeps the simulator's built-in default. Default: 300 ms + 300 ms, SUCCEEDED. */
  defaultJob?: JobScript | null;
  /** The role may also read the index's CloudWatch Logs (the README's optional statement). */
  allowLogs?: boolean;
}

export interface SeededWorld {
  roleArn: string;
  region: string;
  indexId: string;
  /** IDs of the data sources, in the order of `options.dataSources`. */
  dataSourceIds: string[];
  /** The same IDs by data source name. */
  dataSourcesByName: Record<string, string>;
}

/** Seeds `sim` (fresh or just reset) and returns the IDs it assigned. */
export function seedWorld(sim: Simulator, options: WorldOptions = {}): SeededWorld {
  const roleArn = options.roleArn ?? ROLE_ARN;
  sim.addRole(roleArn, {
    subject: options.subject ?? `repo:${REPOSITORY}:*`,
    ...(options.allowLogs && { allow: ['kendra:*', 'logs:*'] }),
  });
  const indexId = sim.addIndex({ name: options.indexName ?? 'docs-index' });
  const dataSourcesByName: Record<string, string> = {};
  const dataSourceIds = (options.dataSources ?? ['website']).map((spec) => {
    const { name, type } = typeof spec === 'string' ? { name: spec, type: undefined } : spec;
    const id = sim.addDataSource(indexId, type ? { name, type } : { name });
    dataSourcesByName[name] = id;
    return id;
  });
  const defaultJob =
    options.defaultJob === undefined
      ? ({ status: 'SUCCEEDED', syncingMs: 300, indexingMs: 300 } satisfies JobScript)
      : options.defaultJob;
  if (defaultJob) sim.setDefaultJob(defaultJob);
  return { roleArn, region: REGION, indexId, dataSourceIds, dataSourcesByName };
}

export interface BedrockWorldOptions {
  /** The knowledge base; default name 'docs-kb', a random ID, REGION, type VECTOR. */
  knowledgeBase?: Omit<KnowledgeBaseOptions, 'name'> & { name?: string };
  /** Default one data source, 'website' (a web crawler); a spec with an ID keeps that ID. */
  dataSources?: Array<string | BedrockDataSourceOptions>;
  /** Minimum ms between accepted starts (the real limit is 10 s). Default 1000; 0 turns it off. */
  startIntervalMs?: number;
  /** How unscripted jobs run; `null` keeps the simulator's built-in default. Default: 200 ms + 400 ms, COMPLETE. */
  defaultJob?: IngestionJobScript | null;
}

export interface BedrockWorld {
  roleArn: string;
  region: string;
  knowledgeBaseId: string;
  /** IDs of the data sources, in the order of `options.dataSources`. */
  dataSourceIds: string[];
  dataSourcesByName: Record<string, string>;
}

/**
 * A Bedrock world: the same role (allowed bedrock:*), a knowledge base 'docs-kb' and its data
 * sources. Starts are rate-limited to one a second, not the real ten, so tools stay quick.
 */
export function seedBedrockWorld(sim: Simulator, options: BedrockWorldOptions = {}): BedrockWorld {
  sim.addRole(ROLE_ARN, { subject: `repo:${REPOSITORY}:*`, allow: ['bedrock:*'] });
  const { name = 'docs-kb', region = REGION, ...rest } = options.knowledgeBase ?? {};
  const knowledgeBaseId = sim.addKnowledgeBase({ ...rest, name, region });
  const dataSourcesByName: Record<string, string> = {};
  const dataSourceIds = (options.dataSources ?? ['website']).map((spec) => {
    const id = sim.addBedrockDataSource(
      knowledgeBaseId,
      typeof spec === 'string' ? { name: spec } : spec,
    );
    dataSourcesByName[typeof spec === 'string' ? spec : spec.name] = id;
    return id;
  });
  const defaultJob =
    options.defaultJob === undefined
      ? ({ status: 'COMPLETE', startingMs: 200, inProgressMs: 400 } satisfies IngestionJobScript)
      : options.defaultJob;
  if (defaultJob) sim.setDefaultIngestionJob(defaultJob);
  sim.setStartRateLimit(options.startIntervalMs ?? 1000);
  return { roleArn: ROLE_ARN, region, knowledgeBaseId, dataSourceIds, dataSourcesByName };
}

/**
 * A small docs site, for the search check: what the demo and `npm run sim` seed in a data source
 * (served by Retrieve once a sync job on it ends). "install the cli" finds the install guide
 * first.
 */
export const SAMPLE_DOCS: CorpusDocument[] = [
  {
    location: 'https://docs.example.com/guide/install',
    title: 'Install the octo CLI',
    text: 'Install the octo CLI with your package manager: brew install octo on macOS, apt install octo on Debian and Ubuntu, winget install octo on Windows. Then run octo --version to check the install.',
  },
  {
    location: 'https://docs.example.com/guide/configure',
    title: 'Configure the CLI',
    text: 'Run octo configure to set your region, output format and credentials. Profiles keep several configurations apart.',
  },
  {
    location: 'https://docs.example.com/guide/upgrade',
    title: 'Upgrade',
    text: 'Upgrade the CLI with the package manager you installed it with. Release notes list what changed.',
  },
  {
    location: 'https://docs.example.com/api/authentication',
    title: 'Authentication',
    text: 'API requests are signed with your access key. Rotate keys every 90 days.',
  },
];
