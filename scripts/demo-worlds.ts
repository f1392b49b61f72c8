/**
 * The demo's worlds: one simulator setup per outcome worth seeing. Each seeds a fresh simulator
 * (tools/world.ts, then its own job scripts), returns the step's inputs and says how the step
 * must end.
 */
import type { Simulator } from '../sim/index.js';
import { REPOSITORY, SAMPLE_DOCS, seedBedrockWorld, seedWorld } from '../tools/world.js';

export interface Expected {
  /** The step's exit code: 0 succeeded, 1 failed. */
  exitCode: 0 | 1;
  /** The `status` output. */
  status: string;
  /** How many `::warning::` annotations the run page shows (unchecked when absent). */
  warnings?: number;
}

export interface DemoWorld {
  name: string;
  description: string;
  /** Seeds the simulator; returns the step's `with:` inputs. */
  seed(sim: Simulator): Record<string, string>;
  expected: Expected;
}

/** Waited, polled every second: a demo run takes seconds. */
const WAIT = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' };
/** Short jobs unless a world scripts its own. */
const QUICK_JOB = { status: 'SUCCEEDED', syncingMs: 1200, indexingMs: 800 } as const;

function oneDataSource(sim: Simulator) {
  const world = seedWorld(sim, {
    dataSources: [{ name: 'website', type: 'WEBCRAWLER' }],
    defaultJob: QUICK_JOB,
    allowLogs: true,
  });
  const inputs = {
    'index-id': world.indexId,
    'data-source-id': world.dataSourceIds[0],
    'aws-region': world.region,
    'role-to-assume': world.roleArn,
    ...WAIT,
  };
  return { world, inputs };
}

export const WORLDS: DemoWorld[] = [
  {
    name: 'several',
    description: 'two data sources of one index, given by name; both syncs succeed',
    expected: { exitCode: 0, status: 'SUCCEEDED' },
    seed(sim) {
      const world = seedWorld(sim, {
        dataSources: [
          { name: 'website', type: 'WEBCRAWLER' },
          { name: 'pdfs', type: 'S3' },
        ],
      });
      const { website, pdfs } = world.dataSourcesByName;
      sim.scriptJobs(world.indexId, website, {
        status: 'SUCCEEDED',
        syncingMs: 1500,
        indexingMs: 1500,
        metrics: { scanned: 412, added: 12, modified: 30, deleted: 2, failed: 0 },
      });
      sim.scriptJobs(world.indexId, pdfs, {
        status: 'SUCCEEDED',
        syncingMs: 1000,
        indexingMs: 1000,
        metrics: { scanned: 57, added: 3, modified: 1, deleted: 0, failed: 0 },
      });
      return {
        'index-name': 'docs-index',
        'data-source-name': 'website\npdfs',
        'aws-region': world.region,
        'role-to-assume': world.roleArn,
        ...WAIT,
      };
    },
  },
  {
    name: 'running',
    description: 'a sync is already running (if-running: wait): the step waits for it, then syncs',
    expected: { exitCode: 0, status: 'SUCCEEDED' },
    seed(sim) {
      const { world, inputs } = oneDataSource(sim);
      // Started by someone else 40 s ago; ends about 3 s from now.
      sim.addJob(world.indexId, world.dataSourceIds[0], {
        status: 'SYNCING_INDEXING',
        startTime: new Date(Date.now() - 40_000),
        script: { status: 'SUCCEEDED', syncingMs: 0, indexingMs: 3000 },
        metrics: { scanned: 380, added: 2, modified: 11 },
      });
      return { ...inputs, 'if-running': 'wait' };
    },
  },
  {
    name: 'incomplete',
    description: 'the sync ends INCOMPLETE: 3 documents failed to index (fail-on-incomplete: true)',
    expected: { exitCode: 1, status: 'INCOMPLETE' },
    seed(sim) {
      const { world, inputs } = oneDataSource(sim);
      sim.scriptJobs(world.indexId, world.dataSourceIds[0], {
        status: 'INCOMPLETE',
        syncingMs: 1500,
        indexingMs: 1000,
        metrics: { scanned: 412, added: 9, modified: 27, deleted: 1, failed: 3 },
        // What Kendra writes to the index's CloudWatch Logs for each document it could not index.
        failedDocuments: [
          {
            sourceUri: 'https://docs.example.com/guide/install',
            errorCode: 'InvalidDocumentMetadata',
            errorMessage: 'The metadata attribute _version is not defined in the index.',
          },
          {
            s3Path: 's3://docs-site/manuals/admin-guide.pdf',
            errorCode: 'DocumentTooLarge',
            errorMessage: 'The document is larger than the 50 MB limit.',
            stream: 'document',
          },
          {
            sourceUri: 'https://docs.example.com/releases/2.0',
            errorCode: 'InvalidDocumentMetadata',
            errorMessage: 'The metadata attribute _audience is not defined in the index.',
          },
        ],
      });
      return inputs;
    },
  },
  {
    name: 'failed',
    description: 'the sync ends FAILED with the error message Kendra reports',
    expected: { exitCode: 1, status: 'FAILED' },
    seed(sim) {
      const { world, inputs } = oneDataSource(sim);
      sim.scriptJobs(world.indexId, world.dataSourceIds[0], {
        status: 'FAILED',
        syncingMs: 1500,
        indexingMs: 0,
        errorCode: 'InvalidRequest',
        errorMessage:
          'The web crawler could not reach the seed URL https://docs.example.com/: connection timed out.',
      });
      return inputs;
    },
  },
  {
    name: 'search',
    description:
      "after the sync, a search check: the index serves the new page 2 s after the job ends, so the first search misses and the next, 10 s later (the check's fixed pause), finds it",
    expected: { exitCode: 0, status: 'SUCCEEDED' },
    seed(sim) {
      const { world, inputs } = oneDataSource(sim);
      // Served 2 s after the job ends: the first search misses, the one 10 s later finds it.
      sim.addDocuments(world.indexId, world.dataSourceIds[0], SAMPLE_DOCS, {
        indexLatencyMs: 2000,
      });
      return {
        ...inputs,
        'check-query': 'install the cli',
        'check-expect': '/guide/install',
      };
    },
  },
  {
    name: 'bedrock',
    description:
      "a Bedrock knowledge base with two data sources: synced one after another, the second with skipped files named from the knowledge base's application logs",
    // The skipped files: a warning on the run page and on its summary row, never a quiet success.
    expected: { exitCode: 0, status: 'COMPLETE', warnings: 1 },
    seed(sim) {
      const world = seedBedrockWorld(sim, {
        dataSources: ['website', { name: 'pdfs', type: 'S3' }],
      });
      const { website, pdfs } = world.dataSourcesByName;
      // The knowledge base delivers its application logs, and the role may read them.
      sim.addRole(world.roleArn, {
        subject: `repo:${REPOSITORY}:*`,
        allow: ['bedrock:*', 'logs:*'],
      });
      sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
      sim.scriptIngestionJobs(world.knowledgeBaseId, website, {
        status: 'COMPLETE',
        startingMs: 500,
        inProgressMs: 2000,
        statistics: {
          numberOfDocumentsScanned: 412,
          numberOfNewDocumentsIndexed: 12,
          numberOfModifiedDocumentsIndexed: 30,
          numberOfDocumentsDeleted: 2,
          numberOfDocumentsFailed: 0,
        },
      });
      const bucket = 's3://docs-example-bucket/manuals';
      sim.scriptIngestionJobs(world.knowledgeBaseId, pdfs, {
        status: 'COMPLETE',
        startingMs: 500,
        inProgressMs: 1500,
        statistics: {
          numberOfDocumentsScanned: 57,
          numberOfNewDocumentsIndexed: 3,
          numberOfModifiedDocumentsIndexed: 1,
          numberOfDocumentsDeleted: 0,
          numberOfDocumentsFailed: 0,
          numberOfDocumentsSkipped: 2,
        },
        failureReasons: ['2 files were skipped: see the knowledge base logs for details.'],
        documents: [
          { location: `${bucket}/install-guide.pdf`, status: 'INDEXED' },
          {
            location: `${bucket}/scan-1998.tiff`,
            status: 'RESOURCE_IGNORED',
            reasons: ['Unsupported file type: .tiff files are not supported'],
          },
          {
            location: `${bucket}/training-video-transcript.pdf`,
            status: 'RESOURCE_IGNORED',
            reasons: ['Resource exceeded allowed size limit of 50 Megabytes'],
          },
        ],
      });
      return {
        'knowledge-base-name': 'docs-kb',
        'data-source-name': 'website\npdfs',
        'aws-region': world.region,
        'role-to-assume': world.roleArn,
        ...WAIT,
      };
    },
  },
  {
    name: 'managed',
    description:
      'a managed Bedrock knowledge base with four connectors: one created a moment before the step (waited for), all synced side by side, and the search check run as a user of the access-controlled wiki',
    expected: { exitCode: 0, status: 'COMPLETE' },
    seed(sim) {
      const world = seedBedrockWorld(sim, {
        knowledgeBase: { name: 'docs-managed', type: 'MANAGED' },
        dataSources: [
          { name: 'docs-site', connector: 'WEB' },
          { name: 'engineering-wiki', connector: 'CONFLUENCE', aclEnabled: true },
          { name: 'policies', connector: 'SHAREPOINT' },
          // Created by the deploy that runs this step: still CREATING for a few seconds.
          { name: 'handbook', connector: 'GOOGLE_DRIVE', status: 'CREATING', readyInMs: 4000 },
        ],
        // The real quota spaces starts 10 s apart; the demo shows the overlap, not the pacing.
        startIntervalMs: 0,
        defaultJob: { status: 'COMPLETE', startingMs: 500, inProgressMs: 2500 },
      });
      const wiki = world.dataSourcesByName['engineering-wiki'];
      sim.addKnowledgeBaseDocuments(world.knowledgeBaseId, wiki, [
        {
          location: 'https://wiki.example.com/runbooks/rotate-signing-keys',
          title: 'Rotate the signing keys',
          text: 'How to rotate the signing keys of the docs site, step by step.',
          allowedUsers: ['dev@example.com'],
        },
      ]);
      return {
        'knowledge-base-id': world.knowledgeBaseId,
        'data-source-name': 'docs-site\nengineering-wiki\npolicies\nhandbook',
        'aws-region': world.region,
        'role-to-assume': world.roleArn,
        ...WAIT,
        'check-query': 'rotate the signing keys',
        'check-expect': '/runbooks/rotate-signing-keys',
        'check-user': 'dev@example.com',
      };
    },
  },
];
