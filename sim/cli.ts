// `npm run sim [-- FLAGS]`: the local simulator as a process, seeded with the usual world
// (tools/world.ts), for running dist/index.js or the AWS CLI against it by hand (docs/simulator.md).
// stdout: one JSON line once listening (scripts read it); stderr: the same for people.
// Serves until SIGINT/SIGTERM.
import type { FinalJobStatus, JobScript } from './types.js';
import { startSimulator } from './index.js';
import { SAMPLE_DOCS, seedWorld } from '../tools/world.js';

interface Options {
  port: number;
  latencyMs: number;
  jobStatus: FinalJobStatus;
  syncingMs: number;
  indexingMs: number;
  running: boolean;
  bedrock: boolean;
}

const JOB_STATUSES: FinalJobStatus[] = ['SUCCEEDED', 'INCOMPLETE', 'FAILED', 'ABORTED'];

/** Every flag: how it reads its value and what it does. Usage is generated from this table. */
const FLAGS: Array<{
  flag: string;
  value?: string;
  help: string;
  apply(options: Options, value: string): void;
}> = [
  {
    flag: '--port',
    value: 'N',
    help: 'listen on this port (default: any free one)',
    apply: (o, v) => (o.port = whole(v, '--port')),
  },
  {
    flag: '--latency',
    value: 'MS',
    help: 'add MS to every answer (default 0)',
    apply: (o, v) => (o.latencyMs = whole(v, '--latency')),
  },
  {
    flag: '--job-status',
    value: JOB_STATUSES.join('|'),
    help: 'how sync jobs end (default SUCCEEDED; INCOMPLETE: 3 failed documents)',
    apply: (o, v) => {
      if (!JOB_STATUSES.includes(v as FinalJobStatus))
        usage(`--job-status must be one of ${JOB_STATUSES.join(', ')}`);
      o.jobStatus = v as FinalJobStatus;
    },
  },
  {
    flag: '--syncing-ms',
    value: 'MS',
    help: 'how long a job is SYNCING (default 1200)',
    apply: (o, v) => (o.syncingMs = whole(v, '--syncing-ms')),
  },
  {
    flag: '--indexing-ms',
    value: 'MS',
    help: 'how long a job is SYNCING_INDEXING (default 800)',
    apply: (o, v) => (o.indexingMs = whole(v, '--indexing-ms')),
  },
  {
    flag: '--job-ms',
    value: 'MS',
    help: 'a whole job in MS, half syncing, half indexing',
    apply: (o, v) => {
      const ms = whole(v, '--job-ms');
      o.syncingMs = Math.floor(ms / 2);
      o.indexingMs = ms - o.syncingMs;
    },
  },
  {
    flag: '--running',
    help: "a sync job is already running on 'website'",
    apply: (o) => (o.running = true),
  },
  {
    flag: '--bedrock',
    help: "also a Bedrock knowledge base 'docs-kb' with data sources 'website' and 'pdfs'; its jobs end as --job-status says (SUCCEEDED: COMPLETE, INCOMPLETE: COMPLETE with failed documents)",
    apply: (o) => (o.bedrock = true),
  },
];

function whole(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) usage(`${flag} needs a whole number of 0 or more, not '${value}'`);
  return Number(value);
}

function usageText(): string {
  const rows = FLAGS.map(({ flag, value, help }) => [value ? `${flag} ${value}` : flag, help]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    'usage: npm run sim [-- FLAGS]     (or: npx tsx sim/cli.ts [FLAGS])',
    '',
    'A local GitHub OIDC token endpoint, STS, Kendra, Bedrock Agent and CloudWatch Logs on one',
    'loopback port, seeded with a role,',
    "an index 'docs-index' and two data sources. Prints one JSON line on stdout once listening,",
    'and on stderr the environment and a command to run dist/index.js against it (docs/simulator.md).',
    '',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    `  ${'--help'.padEnd(width)}  this text`,
  ].join('\n');
}

function usage(message: string): never {
  process.stderr.write(`sim: ${message}\n\n${usageText()}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    port: 0,
    latencyMs: 0,
    jobStatus: 'SUCCEEDED',
    syncingMs: 1200,
    indexingMs: 800,
    running: false,
    bedrock: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usageText()}\n`);
      process.exit(0);
    }
    const eq = arg.indexOf('=');
    const [name, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const spec = FLAGS.find((f) => f.flag === name);
    if (!spec) usage(`unknown argument: ${arg}`);
    let value = '';
    if (spec.value) {
      const next = inline ?? argv[++i];
      if (next === undefined) usage(`${name} needs a value (${spec.value})`);
      value = next;
    } else if (inline !== undefined) usage(`${name} takes no value`);
    spec.apply(options, value);
  }
  return options;
}

/** How jobs end, with what a job of that status looks like on the real service. */
function jobScript(options: Options): JobScript {
  const script: JobScript = {
    status: options.jobStatus,
    syncingMs: options.syncingMs,
    indexingMs: options.indexingMs,
    metrics: { scanned: 412, added: 12, modified: 30, deleted: 2, failed: 0 },
  };
  if (options.jobStatus === 'INCOMPLETE') script.metrics = { ...script.metrics, failed: 3 };
  if (options.jobStatus === 'FAILED') {
    script.errorCode = 'InvalidRequest';
    script.errorMessage =
      'The web crawler could not reach the seed URL https://docs.example.com/: connection timed out.';
  }
  return script;
}

/** Quoted for a POSIX shell when it needs to be. */
const sh = (text: string) =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;

const options = parseArgs(process.argv.slice(2));
const sim = await startSimulator({ port: options.port, latencyMs: options.latencyMs });
const script = jobScript(options);
const world = seedWorld(sim, {
  dataSources: [
    { name: 'website', type: 'WEBCRAWLER' },
    { name: 'pdfs', type: 'S3' },
  ],
  defaultJob: script,
});
const [website, pdfs] = world.dataSourceIds;
// Past syncs, so the console-like listings (ListDataSourceSyncJobs) are not empty.
sim.addHistory(world.indexId, website, 6);
sim.addHistory(world.indexId, pdfs, 4);
let runningExecutionId: string | undefined;
if (options.running) {
  // Started 30 s ago by someone else; it ends as scripted, a full job's time from now.
  runningExecutionId = sim.addJob(world.indexId, website, {
    status: 'SYNCING',
    startTime: new Date(Date.now() - 30_000),
    script,
  });
}
// A small docs site in 'website', served to Retrieve once a sync job on it ends.
sim.addDocuments(world.indexId, website, SAMPLE_DOCS);
const search = {
  query: 'install the cli',
  expect: '/guide/install',
  documents: SAMPLE_DOCS.length,
};
const bedrock = options.bedrock ? seedBedrock(options) : undefined;
// Long-term keys for clients that do not use OIDC (ambient credentials, the AWS CLI).
const user = sim.addUser('local-ci');

/** The Bedrock side: a knowledge base and two data sources whose jobs end as the flags say. */
function seedBedrock(o: Options) {
  const knowledgeBaseId = sim.addKnowledgeBase({ name: 'docs-kb' });
  const dataSources = {
    website: sim.addBedrockDataSource(knowledgeBaseId, { name: 'website' }),
    pdfs: sim.addBedrockDataSource(knowledgeBaseId, { name: 'pdfs' }),
  };
  const failed = o.jobStatus === 'INCOMPLETE' ? 3 : 0;
  sim.setDefaultIngestionJob({
    status: o.jobStatus === 'FAILED' ? 'FAILED' : 'COMPLETE',
    startingMs: o.syncingMs,
    inProgressMs: o.indexingMs,
    statistics: {
      numberOfDocumentsScanned: 412,
      numberOfNewDocumentsIndexed: 12,
      numberOfModifiedDocumentsIndexed: 30,
      numberOfDocumentsDeleted: 2,
      numberOfDocumentsFailed: failed,
    },
    failureReasons:
      o.jobStatus === 'FAILED'
        ? ['The S3 bucket docs-site does not exist in us-east-1.']
        : failed > 0
          ? ['File manuals/admin-guide.pdf exceeds the 50 MB limit and was not ingested.']
          : [],
  });
  sim.addKnowledgeBaseDocuments(knowledgeBaseId, dataSources.website, SAMPLE_DOCS);
  // One start a second, not the real one per ten, so trying it by hand stays quick.
  sim.setStartRateLimit(1000);
  return { knowledgeBaseId, dataSources };
}

const env = sim.env();
const info = {
  url: sim.url,
  env,
  region: world.region,
  roleArn: world.roleArn,
  indexId: world.indexId,
  dataSources: world.dataSourcesByName,
  job: { status: options.jobStatus, syncingMs: options.syncingMs, indexingMs: options.indexingMs },
  ...(runningExecutionId ? { runningExecutionId } : {}),
  ...(bedrock ? { bedrock } : {}),
  search,
  user,
};
const inputs: Record<string, string> = {
  'INPUT_INDEX-ID': world.indexId,
  'INPUT_DATA-SOURCE-ID': website,
  'INPUT_AWS-REGION': world.region,
  'INPUT_ROLE-TO-ASSUME': world.roleArn,
  'INPUT_ROLE-SESSION-NAME': 'kendra-sync-by-hand',
  'INPUT_WAIT-FOR-COMPLETION': 'true',
  'INPUT_POLL-INTERVAL-SECONDS': '1',
  'INPUT_CHECK-QUERY': search.query,
  'INPUT_CHECK-EXPECT': search.expect,
};
const files = {
  GITHUB_OUTPUT: '/tmp/kendra-sync-output',
  GITHUB_STEP_SUMMARY: '/tmp/kendra-sync-summary.html',
};
const lines = [
  `kendra-sync simulator on ${sim.url} (GitHub OIDC token endpoint, STS, Kendra, Bedrock Agent and its runtime, CloudWatch Logs)`,
  `  region       ${world.region}`,
  `  role         ${world.roleArn}`,
  `  index        docs-index  ${world.indexId}`,
  `  data source  website     ${website}  (WEBCRAWLER)`,
  `  data source  pdfs        ${pdfs}  (S3)`,
  `  sync jobs    end ${options.jobStatus} after ${options.syncingMs} ms syncing + ${options.indexingMs} ms indexing`,
  ...(runningExecutionId
    ? [`  running      ${runningExecutionId} on website (started 30 s ago)`]
    : []),
  `  search       ${search.documents} documents in website (docs.example.com), searchable once a sync of it ends: "${search.query}" finds ${search.expect} first`,
  ...(bedrock
    ? [
        `  knowledge base  docs-kb  ${bedrock.knowledgeBaseId}  (Bedrock: INPUT_KNOWLEDGE-BASE-ID instead of INPUT_INDEX-ID)`,
        `  data source  website     ${bedrock.dataSources.website}`,
        `  data source  pdfs        ${bedrock.dataSources.pdfs}`,
      ]
    : []),
  `  IAM user     ${user.arn}  (AWS_ACCESS_KEY_ID=${user.accessKeyId} AWS_SECRET_ACCESS_KEY=${user.secretAccessKey})`,
  '',
  'The action finds the simulator through these (export them, or prefix a command with them):',
  ...Object.entries(env).map(([name, value]) => `  export ${name}=${sh(value)}`),
  '',
  'Run the committed bundle by hand, as the runner would (INPUT_ names keep their hyphens, so `env` sets them):',
  `  : > ${files.GITHUB_OUTPUT}; : > ${files.GITHUB_STEP_SUMMARY}`,
  `  env ${Object.entries({ ...env, ...files, GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '1' })
    .map(([name, value]) => `${name}=${sh(value)}`)
    .join(' \\\n      ')} \\`,
  `      ${Object.entries(inputs)
    .map(([name, value]) => sh(`${name}=${value}`))
    .join(' \\\n      ')} \\`,
  '      node dist/index.js',
  `  cat ${files.GITHUB_OUTPUT}`,
  '',
  'Ctrl-C stops the simulator.',
];
process.stderr.write(lines.join('\n') + '\n');
// Last: a script that has read this line can use the simulator.
process.stdout.write(JSON.stringify(info) + '\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
