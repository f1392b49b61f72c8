/**
 * Job summaries of each outcome: the golden test compares their HTML, and
 * scripts/render-summaries.ts screenshots them in Chromium for a person to look at. What the step
 * says (judged failures, unresolved names, why a check did not run) comes from the product's own
 * functions, so a fixture cannot keep a message the product no longer writes.
 */
import type {
  CheckResult,
  DataSourceResult,
  FailedDocuments,
  SearchResult,
  SyncJob,
  SyncService,
  Target,
} from '../src/model.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { cancelSyncs } from '../src/lifecycle/cancel.js';
import { decideCheck } from '../src/lifecycle/check.js';
import { SyncProgress } from '../src/lifecycle/progress.js';
import { judgeJob } from '../src/lifecycle/judge.js';
import { resolveDataSources } from '../src/lifecycle/names.js';
import { endedResult, unresolvedResult } from '../src/lifecycle/sync.js';
import { writeFailureSummary, writeSummary } from '../src/report/summary.js';
import { BEDROCK, bedrockConsoleLink } from '../src/services/bedrock/describe.js';
import { logGroupLink } from '../src/services/cloudwatch-logs.js';
import { KENDRA, kendraConsoleLink } from '../src/services/kendra/describe.js';

const INDEX = '0123456789abcdef0123456789abcdef0123';
const KB = 'KB12AB34CD';
const T = Date.UTC(2026, 11, 1, 9, 0, 0);
const at = (seconds: number) => new Date(T + seconds * 1000);
const metrics = (
  added: number,
  modified: number,
  deleted: number,
  failed: number,
  scanned: number,
  skipped = 0,
) => ({
  added,
  modified,
  deleted,
  failed,
  scanned,
  skipped,
});

/** Just what the summary and the functions that write its messages use of a service. */
function fakeService(id: 'kendra' | 'bedrock'): SyncService {
  const region = 'us-east-1';
  return {
    id,
    region,
    terms: id === 'kendra' ? KENDRA.terms : BEDROCK.terms,
    consoleLink: (target: Target) =>
      id === 'kendra'
        ? kendraConsoleLink(region, target)
        : bedrockConsoleLink(region, target, 'docs-kb'),
    listDataSources: async () => [
      { id: 'c0ffee00-1111-2222-3333-444455556666', name: 'website' },
      { id: 'd00dfeed-1111-2222-3333-444455556666', name: 'pdfs' },
    ],
  } as unknown as SyncService;
}

/** A data source whose job ended, made as the step makes it: judged, then its result built. */
function ended(
  serviceId: 'kendra' | 'bedrock',
  target: Target,
  job: Omit<SyncJob, 'dataSourceId'>,
  options: { failOnIncomplete?: boolean; failedDocuments?: FailedDocuments } = {},
): DataSourceResult {
  const endedJob: SyncJob = { ...job, dataSourceId: target.dataSourceId };
  const { failure } = judgeJob(
    fakeService(serviceId),
    endedJob,
    options.failOnIncomplete ?? true,
    target,
  );
  const started: DataSourceResult = { ...target, outcome: 'started', skipped: false };
  return endedResult(started, endedJob, failure, options.failedDocuments);
}

/** A data source given by a name the index does not have, as the step reports it. */
async function unresolved(name: string): Promise<DataSourceResult> {
  const [found] = await resolveDataSources(fakeService('kendra'), INDEX, [name]);
  if (!('failure' in found)) throw new Error(`"${name}" resolved: no failure to show`);
  return unresolvedResult(found);
}

/**
 * The rows a cancellation reports (lifecycle/cancel.ts), from where each data source stood: the
 * job it waited on, stopped; one that ended before the cancel; one waiting for another run's job.
 */
async function cancelled(): Promise<DataSourceResult[]> {
  const service = { ...fakeService('kendra'), stopJob: async () => ({ stopped: true }) };
  const wiki: Target = {
    ...WEBSITE,
    dataSourceId: 'beefcafe-1111-2222-3333-444455556666',
    dataSourceName: 'wiki',
  };
  const progress = new SyncProgress([WEBSITE, PDFS, wiki]);
  progress.started(0, {
    ...WEBSITE,
    executionId: EXECUTION,
    status: 'SYNCING',
    outcome: 'started',
    skipped: false,
    startTime: at(0),
  });
  progress.track(0, WEBSITE, EXECUTION);
  progress.ended(
    1,
    ended('kendra', PDFS, {
      executionId: '6a3d2b0f-9e8c-4d4b-af20-1b2c3d4e5f60',
      status: 'SUCCEEDED',
      outcome: 'succeeded',
      startTime: at(0),
      endTime: at(61),
      metrics: metrics(3, 1, 0, 0, 57),
    }),
  );
  progress.waiting(2, {
    executionId: '7b4e3c1a-0f9d-4e5c-b031-2c3d4e5f6071',
    dataSourceId: wiki.dataSourceId,
    status: 'SYNCING',
    metrics: metrics(0, 0, 0, 0, 0),
  });
  return cancelSyncs(service as SyncService, progress, true, 'SIGINT');
}

const failedDocuments: FailedDocuments = {
  documents: [
    {
      documentId: 'doc-1',
      uri: 'https://docs.example.com/guide/install',
      errorCode: 'InvalidDocumentMetadata',
      message: 'The metadata attribute _version is not defined in the index',
    },
    {
      documentId: 'doc-2',
      uri: 's3://docs-bucket/manuals/big.pdf',
      errorCode: 'DocumentTooLarge',
      message: 'The document is larger than 50 MB',
    },
  ],
  more: 2,
  link: logGroupLink('us-east-1', `/aws/kendra/${INDEX}`),
};

const WEBSITE: Target = {
  containerId: INDEX,
  dataSourceId: 'c0ffee00-1111-2222-3333-444455556666',
  dataSourceName: 'website',
};
const PDFS: Target = {
  ...WEBSITE,
  dataSourceId: 'd00dfeed-1111-2222-3333-444455556666',
  dataSourceName: 'pdfs',
};
const KB_WEBSITE: Target = {
  containerId: KB,
  dataSourceId: 'DS56EF78GH',
  dataSourceName: 'website',
};
const KB_PDFS: Target = { ...KB_WEBSITE, dataSourceName: 'pdfs' };
const EXECUTION = '5f2c1a9e-8d7b-4c3a-9e1f-0a1b2c3d4e5f';

export interface SummaryCase {
  name: string;
  service: 'kendra' | 'bedrock';
  results: DataSourceResult[];
  note?: string;
  /** A failure before any data source: writeFailureSummary. */
  problems?: string[];
  /** The search check's result (check-query). */
  check?: CheckResult;
}

/** Top results of a search of the docs site, as the services' Retrieve gives them. */
const SEARCHED: SearchResult[] = [
  {
    location: 'https://docs.example.com/guide/install',
    title: 'Install the octo CLI',
    score: 'VERY_HIGH',
    excerpt:
      'Install the octo CLI with your package manager: brew install octo on macOS, apt install octo on Debian and Ubuntu, winget install octo on Windows. Then run octo --version to check the install.',
  },
  {
    location: 'https://docs.example.com/guide/configure',
    title: 'Configure the CLI',
    score: 'MEDIUM',
    excerpt: 'Run octo configure to set your region, output format and credentials.',
  },
  {
    location: 's3://docs-site/manuals/admin guide & FAQ.pdf',
    documentId: 'admin-guide-2026',
    title: 'Administration guide',
    score: 'LOW',
    excerpt: 'Chapter 2. Installing the server & the CLI <on premises>.',
  },
];

const succeeded = (): DataSourceResult =>
  ended('kendra', WEBSITE, {
    executionId: EXECUTION,
    status: 'SUCCEEDED',
    outcome: 'succeeded',
    startTime: at(0),
    endTime: at(95),
    metrics: metrics(12, 30, 2, 0, 412),
  });

const incompleteJob: Omit<SyncJob, 'dataSourceId'> = {
  executionId: EXECUTION,
  status: 'INCOMPLETE',
  outcome: 'incomplete',
  startTime: at(0),
  endTime: at(130),
  metrics: metrics(8, 20, 0, 4, 400),
};

const failedJob: Omit<SyncJob, 'dataSourceId'> = {
  executionId: EXECUTION,
  status: 'FAILED',
  outcome: 'failed',
  startTime: at(0),
  endTime: at(42),
  metrics: metrics(0, 0, 0, 0, 0),
  errorMessage: 'The web crawler could not reach https://docs.example.com: HTTP 403 Forbidden.',
  errorCode: 'InternalError',
};

export const SUMMARY_CASES: SummaryCase[] = [
  { name: 'success', service: 'kendra', results: [succeeded()] },
  {
    name: 'started-by-id',
    service: 'kendra',
    results: [
      {
        containerId: INDEX,
        dataSourceId: WEBSITE.dataSourceId,
        skipped: false,
        executionId: EXECUTION,
        status: 'SYNCING',
        outcome: 'started',
        startTime: at(0),
      },
    ],
  },
  {
    name: 'incomplete',
    service: 'kendra',
    results: [ended('kendra', WEBSITE, incompleteJob, { failedDocuments })],
  },
  {
    // fail-on-incomplete: false: the same job, a warning, not a failure.
    name: 'incomplete-accepted',
    service: 'kendra',
    results: [
      ended('kendra', WEBSITE, incompleteJob, { failOnIncomplete: false, failedDocuments }),
    ],
  },
  { name: 'failed', service: 'kendra', results: [ended('kendra', WEBSITE, failedJob)] },
  {
    // The index does not log to CloudWatch: no link to a log group that is not there.
    name: 'failed-no-log-group',
    service: 'kendra',
    results: [
      ended('kendra', WEBSITE, failedJob, {
        failedDocuments: {
          documents: [],
          more: 0,
          note: `Could not read which documents failed: the log group /aws/kendra/${INDEX} does not exist in region us-east-1 (Kendra creates it when the index logs to CloudWatch). AWS request ID: 9d5a065e-ea34-4d1f-b29e-b5f129acdc8e`,
        },
      }),
    ],
  },
  {
    name: 'skipped',
    service: 'kendra',
    results: [
      {
        ...WEBSITE,
        skipped: true,
        executionId: '0a0a0a0a-1111-2222-3333-444455556666',
        status: 'SYNCING_INDEXING',
        outcome: 'skipped',
        startTime: at(-300),
      },
    ],
  },
  {
    name: 'cancelled',
    service: 'kendra',
    note: 'Cancelled (SIGINT) while the step ran.',
    results: await cancelled(),
  },
  {
    name: 'several',
    service: 'kendra',
    results: [
      succeeded(),
      ended('kendra', PDFS, {
        executionId: '6a3d2b0f-9e8c-4d4b-af20-1b2c3d4e5f60',
        status: 'SUCCEEDED',
        outcome: 'succeeded',
        startTime: at(0),
        endTime: at(61),
        metrics: metrics(3, 1, 0, 0, 57),
      }),
      await unresolved('blog'),
    ],
  },
  {
    name: 'bedrock',
    service: 'bedrock',
    results: [
      ended(
        'bedrock',
        KB_WEBSITE,
        {
          executionId: 'JOB9XY8ZW7',
          status: 'COMPLETE',
          outcome: 'incomplete',
          startTime: at(0),
          endTime: at(75),
          metrics: metrics(5, 3, 1, 1, 40),
          reasons: ['File manuals/big.pdf exceeds the 50 MB limit and was skipped'],
        },
        {
          // What Bedrock gives: reasons for the job, no document of their own.
          failedDocuments: {
            documents: [
              { message: 'File manuals/big.pdf exceeds the 50 MB limit and was skipped' },
            ],
            more: 0,
          },
        },
      ),
    ],
  },
  {
    name: 'bedrock-skipped-file',
    service: 'bedrock',
    results: [
      ended('bedrock', KB_PDFS, {
        executionId: 'JOB1AB2CD3',
        status: 'COMPLETE',
        outcome: 'succeeded',
        startTime: at(0),
        endTime: at(48),
        metrics: metrics(3, 1, 0, 0, 57, 1),
        reasons: ['File manuals/scan-1998.tiff is not a supported file type and was skipped.'],
      }),
    ],
  },
  {
    // The field case: COMPLETE, nothing failed, every file left out for its metadata; Bedrock
    // gives reasons for a few of them.
    name: 'bedrock-nothing-indexed',
    service: 'bedrock',
    results: [
      ended('bedrock', KB_PDFS, {
        executionId: 'JOB1AB2CD3',
        status: 'COMPLETE',
        outcome: 'succeeded',
        startTime: at(0),
        endTime: at(95),
        metrics: metrics(0, 0, 0, 0, 383, 383),
        reasons: [1, 2, 3, 4].map(
          (n) =>
            `File docs/api/reference-${n}.md was skipped: its metadata is larger than the 1 KB limit.`,
        ),
      }),
    ],
  },
  {
    // Named from the knowledge base's application logs: failed first, then ignored.
    name: 'bedrock-documents-from-logs',
    service: 'bedrock',
    results: [
      {
        containerId: KB,
        dataSourceId: 'DS56EF78GH',
        dataSourceName: 'website',
        skipped: false,
        executionId: 'JOB9XY8ZW7',
        status: 'COMPLETE',
        outcome: 'incomplete',
        startTime: at(0),
        endTime: at(75),
        metrics: metrics(5, 3, 1, 2, 40, 1),
        failure:
          'Ingestion job JOB9XY8ZW7 on data source "website" (DS56EF78GH) ended COMPLETE with 2 failed documents. Set fail-on-incomplete: false to accept partly indexed syncs.',
        failedDocuments: {
          documents: [
            {
              uri: 'https://docs.example.com/api/reference',
              errorCode: 'EMBEDDING_FAILED',
              message: 'The embedding model could not process the chunk: input is too long',
            },
            {
              uri: 'https://docs.example.com/guide/tables',
              errorCode: 'INDEXING_FAILED',
              message: 'The vector store rejected the document: mapping conflict on field title',
            },
            {
              uri: 'https://docs.example.com/media/talk-transcript.pdf',
              errorCode: 'RESOURCE_IGNORED',
              message: 'Resource exceeded allowed size limit of 50 Megabytes',
            },
          ],
          more: 0,
          link: `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Fvendedlogs$252Fbedrock$252Fknowledge-base$252FAPPLICATION_LOGS$252F${KB}`,
          linkText: 'all entries in CloudWatch Logs',
        },
      },
    ],
  },
  {
    // Named from the document list of an S3 data source, after the logs could not be found.
    name: 'bedrock-documents-from-list',
    service: 'bedrock',
    results: [
      {
        containerId: KB,
        dataSourceId: 'DS56EF78GH',
        dataSourceName: 'pdfs',
        skipped: false,
        executionId: 'JOB1AB2CD3',
        status: 'COMPLETE',
        outcome: 'succeeded',
        startTime: at(0),
        endTime: at(48),
        metrics: metrics(3, 1, 0, 0, 57, 12),
        notes: ['12 files were ignored.'],
        failedDocuments: {
          documents: [
            {
              uri: 's3://docs-example-bucket/manuals/scan-1998.tiff',
              errorCode: 'IGNORED',
              message: 'Unsupported file type: .tiff files are not supported',
            },
            {
              uri: 's3://docs-example-bucket/manuals/training-video.pdf',
              errorCode: 'IGNORED',
              message: 'Resource exceeded allowed size limit of 50 Megabytes',
            },
          ],
          more: 10,
          link: `https://us-east-1.console.aws.amazon.com/bedrock/home?region=us-east-1#/knowledge-bases/knowledge-base/docs-kb/${KB}/0`,
          linkText: 'the knowledge base in the Bedrock console',
          note: 'Could not find the knowledge base\'s application logs: not allowed to call logs:DescribeDeliverySources. Allow "logs:DescribeDeliverySources" on "*" to see the documents here. AWS request ID: 5f0c1a52-7d3e-4c1b-9a0e-2b7c8d9e0f11',
        },
      },
    ],
  },
  {
    // A web crawler without logging: the job's reasons, and how to turn the logs on.
    name: 'bedrock-documents-from-reasons',
    service: 'bedrock',
    results: [
      {
        containerId: KB,
        dataSourceId: 'DS56EF78GH',
        dataSourceName: 'website',
        skipped: false,
        executionId: 'JOB9XY8ZW7',
        status: 'FAILED',
        outcome: 'failed',
        startTime: at(0),
        endTime: at(31),
        metrics: metrics(0, 0, 0, 0, 12),
        errorMessage: 'The crawler was denied by https://docs.example.com/robots.txt',
        failure:
          'Ingestion job JOB9XY8ZW7 on data source "website" (DS56EF78GH) ended FAILED: The crawler was denied by https://docs.example.com/robots.txt.',
        failedDocuments: {
          documents: [{ message: 'The crawler was denied by https://docs.example.com/robots.txt' }],
          more: 0,
          link: `https://us-east-1.console.aws.amazon.com/bedrock/home?region=us-east-1#/knowledge-bases/knowledge-base/docs-kb/${KB}/0`,
          linkText: 'the knowledge base in the Bedrock console',
          note: "To see which documents and why, turn on the knowledge base's application logs to CloudWatch Logs (Bedrock console: the knowledge base's Log delivery section) and allow this role to read them (README: Bedrock policy).",
        },
      },
    ],
  },
  {
    name: 'check-passed',
    service: 'kendra',
    results: [succeeded()],
    check: {
      status: 'passed',
      query: 'install the cli',
      expect: '/guide/install',
      count: 5,
      rank: 1,
      results: SEARCHED,
      searches: 2,
      elapsedMs: 10_400,
    },
  },
  {
    name: 'check-not-found',
    service: 'bedrock',
    results: [bedrockCompleted()],
    check: {
      status: 'not-found',
      query: 'install the cli',
      expect: '/guide/uninstall',
      count: 5,
      results: SEARCHED.map((result, index) => ({
        location: result.location,
        ...(result.excerpt && { excerpt: result.excerpt }),
        score: (0.95 - index * 0.2).toFixed(3),
      })),
      searches: 7,
      elapsedMs: 60_300,
    },
  },
  {
    // A managed knowledge base's access-controlled wiki, searched without check-user.
    name: 'check-not-found-without-user',
    service: 'bedrock',
    results: [bedrockCompleted()],
    check: {
      status: 'not-found',
      query: 'rotate the signing keys',
      expect: '/runbooks/rotate-signing-keys',
      count: 5,
      results: [],
      searches: 7,
      elapsedMs: 60_300,
      hint: BEDROCK.terms.searchWithoutUser,
    },
  },
  {
    name: 'check-passed-as-user',
    service: 'bedrock',
    results: [bedrockCompleted()],
    check: {
      status: 'passed',
      query: 'rotate the signing keys',
      expect: '/runbooks/rotate-signing-keys',
      count: 5,
      user: { id: 'dev@example.com', secret: false },
      rank: 1,
      results: [
        {
          location: 'https://wiki.example.com/runbooks/rotate-signing-keys',
          excerpt: 'How to rotate the signing keys of the docs site, step by step.',
          score: '0.950',
        },
      ],
      searches: 1,
      elapsedMs: 300,
    },
  },
  checkNotRun(),
  {
    name: 'start-failure',
    service: 'kendra',
    results: [],
    problems: [
      "Could not assume role arn:aws:iam::123456789012:role/kendra-sync with the job's OIDC token: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity. Check the role's trust policy.",
    ],
  },
];

/** The knowledge base's website synced, COMPLETE: what the Bedrock search checks follow. */
function bedrockCompleted(): DataSourceResult {
  return ended(
    'bedrock',
    { ...KB_WEBSITE, dataSourceId: 'DS12AB34CD' },
    {
      executionId: 'JOB9ZY8XW7',
      status: 'COMPLETE',
      outcome: 'succeeded',
      startTime: at(0),
      endTime: at(62),
      metrics: metrics(12, 30, 2, 0, 412),
    },
  );
}

/** A failed sync, so no search: the reason is the one the step gives. */
function checkNotRun(): SummaryCase {
  const result = ended('kendra', WEBSITE, {
    ...failedJob,
    errorMessage:
      'The web crawler could not reach the seed URL https://docs.example.com/: connection timed out.',
  });
  const decision = decideCheck([result]);
  if (decision.run) throw new Error('a failed sync must not be searched');
  return {
    name: 'check-not-run',
    service: 'kendra',
    results: [result],
    check: {
      status: 'not-run',
      query: 'install the cli',
      expect: '/guide/install',
      count: 5,
      reason: decision.reason,
    },
  };
}

/** The HTML the step would write for a case. */
export async function renderSummary(summaryCase: SummaryCase, file: string): Promise<string> {
  writeFileSync(file, '');
  const previous = process.env.GITHUB_STEP_SUMMARY;
  process.env.GITHUB_STEP_SUMMARY = file;
  try {
    const service = fakeService(summaryCase.service);
    if (summaryCase.problems)
      await writeFailureSummary(service.terms.service, summaryCase.problems);
    else
      await writeSummary(service, summaryCase.results, {
        note: summaryCase.note,
        check: summaryCase.check,
      });
  } finally {
    process.env.GITHUB_STEP_SUMMARY = previous;
  }
  return readFileSync(file, 'utf8');
}
