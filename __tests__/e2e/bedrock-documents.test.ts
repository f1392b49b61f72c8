/**
 * Which documents a Bedrock ingestion job failed on or ignored, and why, through the committed
 * bundle: from the knowledge base's application logs (found through CloudWatch Logs' delivery
 * API), else its document list (S3 and custom data sources), else the job's failureReasons with
 * a line on turning the logs on. Never a failure of its own; never a call after a clean job.
 */
import { describe, expect, it } from '@jest/globals';
import type { BedrockDocumentScript, IngestionJobScript } from '../../sim/index.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { ROLE_ARN, useBedrockWorld } from '../helpers/world.js';

const world = useBedrockWorld({
  dataSources: [
    { name: 'website', type: 'WEB' },
    { name: 'manuals', type: 'S3' },
  ],
  startIntervalMs: 0,
});

const WAIT = {
  'wait-for-completion': 'true',
  'poll-interval-seconds': '1',
  'fail-on-incomplete': 'false',
};
const LOG_GROUP = () =>
  `/aws/vendedlogs/bedrock/knowledge-base/APPLICATION_LOGS/${world.knowledgeBaseId}`;
const KB_ARN = () =>
  `arn:aws:bedrock:us-east-1:123456789012:knowledge-base/${world.knowledgeBaseId}`;

/** The calls made after the job ended: to CloudWatch Logs, and the document list. */
const explaining = () =>
  world.sim.requests
    .filter((r) => r.service === 'logs' || r.action === 'ListKnowledgeBaseDocuments')
    .map((r) => `${r.action}${r.errorCode ? `:${r.errorCode}` : ''}`);

const WEB_DOCUMENTS: BedrockDocumentScript[] = [
  {
    location: 'https://docs.example.com/guide/huge-video-transcript',
    status: 'RESOURCE_IGNORED',
    reasons: ['Resource exceeded allowed size limit of 50 Megabytes.'],
  },
  { location: 'https://docs.example.com/guide/install', status: 'INDEXED' },
  {
    location: 'https://docs.example.com/api/reference',
    status: 'EMBEDDING_FAILED',
    reasons: ['The embedding model could not process the chunk: input is too long.'],
  },
];

function script(dataSourceId: string, job: IngestionJobScript): void {
  world.sim.scriptIngestionJobs(world.knowledgeBaseId, dataSourceId, {
    startingMs: 200,
    inProgressMs: 400,
    ...job,
  });
}

/** One failed and one ignored document on the web crawler: COMPLETE, incomplete. */
function scriptWeb(): void {
  script(world.dataSourceIds[0], {
    statistics: { numberOfDocumentsFailed: 1, numberOfDocumentsSkipped: 1 },
    documents: WEB_DOCUMENTS,
  });
}

const allow = (...actions: string[]) =>
  world.sim.addRole(ROLE_ARN, { subject: 'repo:octo-org/docs:*', allow: actions });

describe('Bedrock documents from the application logs', () => {
  it('found through the delivery API: failed first, then ignored, in the log, summary and results', async () => {
    allow('bedrock:*', 'logs:*');
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
    scriptWeb();
    const result = await world.run(WAIT, { env: { RUNNER_DEBUG: '1' } });
    expectCleanSuccess(result);
    expect(explaining()).toEqual([
      'DescribeDeliverySources',
      'DescribeDeliveries',
      'GetDeliveryDestination',
      'FilterLogEvents',
    ]);
    // Through the calls layer: one debug line each, as every AWS call has.
    const debug = result.stdout
      .split('\n')
      .filter((l) => l.startsWith('::debug::AWS call CloudWatch Logs'));
    expect(debug.map((l) => /CloudWatch Logs (\w+): HTTP 200/.exec(l)?.[1])).toEqual(explaining());
    const filter = world.sim.requests.find((r) => r.action === 'FilterLogEvents')!.body as Record<
      string,
      unknown
    >;
    expect(filter.logGroupName).toBe(LOG_GROUP());
    expect(filter.filterPattern).toBe(
      `{ $.event.ingestion_job_id = "${result.outputs['execution-id']}" && $.level != "INFO" }`,
    );
    expect(typeof filter.startTime).toBe('number');
    const failed = result.stdout.indexOf(
      'https://docs.example.com/api/reference (EMBEDDING_FAILED): The embedding model could not process the chunk: input is too long',
    );
    const ignored = result.stdout.indexOf(
      'https://docs.example.com/guide/huge-video-transcript (RESOURCE_IGNORED): Resource exceeded allowed size limit of 50 Megabytes',
    );
    expect(failed).toBeGreaterThan(0);
    expect(ignored).toBeGreaterThan(failed);
    expect(result.stdout).not.toContain('guide/install (');
    expect(result.summary).toContain(`<h4>Failed documents: ${world.dataSourceIds[0]}</h4>`);
    expect(result.summary).toContain(
      '<code>https://docs.example.com/api/reference</code> <b>EMBEDDING_FAILED</b>',
    );
    expect(result.summary).toContain('$252Faws$252Fvendedlogs$252Fbedrock$252Fknowledge-base');
    expect(result.summary).toContain('All entries in CloudWatch Logs');
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry.failedDocuments.map((d: { errorCode: string }) => d.errorCode)).toEqual([
      'EMBEDDING_FAILED',
      'RESOURCE_IGNORED',
    ]);
  });

  it('more problem documents than failed-documents: that many, and how many more', async () => {
    allow('bedrock:*', 'logs:*');
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
    script(world.dataSourceIds[0], { statistics: { numberOfDocumentsFailed: 25 } });
    const result = await world.run({ ...WAIT, 'failed-documents': '5' });
    expectCleanSuccess(result);
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry.failedDocuments).toHaveLength(5);
    expect(result.stdout).toContain('5 shown, 20 more');
    expect(result.summary).toContain('and 20 more');
  });

  it('without the delivery reads: says what to grant, and the document list names them', async () => {
    allow('bedrock:*');
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
    script(world.dataSourceIds[1], { statistics: { numberOfDocumentsFailed: 2 } });
    const result = await world.run({ ...WAIT, 'data-source-id': world.dataSourceIds[1] });
    expectCleanSuccess(result);
    expect(explaining()).toEqual([
      'DescribeDeliverySources:AccessDeniedException',
      'ListKnowledgeBaseDocuments',
    ]);
    expect(result.stdout).toContain(
      'not allowed to call logs:DescribeDeliverySources. Allow "logs:DescribeDeliverySources" on "*"',
    );
    expect(result.stdout).toMatch(/AWS request ID: [\w-]+/);
    expect(result.stdout).toContain('s3://docs-example-bucket/site/page-1.html (FAILED)');
  });

  it('without logs:FilterLogEvents: names the log group to allow it on', async () => {
    allow(
      'bedrock:*',
      'logs:DescribeDeliverySources',
      'logs:DescribeDeliveries',
      'logs:GetDeliveryDestination',
    );
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
    scriptWeb();
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(explaining()).toEqual([
      'DescribeDeliverySources',
      'DescribeDeliveries',
      'GetDeliveryDestination',
      'FilterLogEvents:AccessDeniedException',
      'ListKnowledgeBaseDocuments:ValidationException',
    ]);
    expect(result.stdout).toContain(
      `Allow "logs:FilterLogEvents" on "arn:aws:logs:us-east-1:123456789012:log-group:${LOG_GROUP()}:*"`,
    );
  });

  it('no events yet (the logs lag the job): says so, and the verdict stands', async () => {
    allow('bedrock:*', 'logs:*');
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId, { logLagMs: 600_000 });
    scriptWeb();
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(result.outputs.outcome).toBe('incomplete');
    expect(result.stdout).toContain(
      `Bedrock has written no document events to ${LOG_GROUP()} for this ingestion job yet`,
    );
    // The logs are on: no advice to turn them on.
    expect(result.stdout).not.toContain("turn on the knowledge base's application logs");
  });

  it('a Logs endpoint that never answers: one line, the document list still names them, the step ends promptly', async () => {
    allow('bedrock:*', 'logs:*');
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
    world.sim.fault({ service: 'logs', kind: 'hang' });
    script(world.dataSourceIds[1], { statistics: { numberOfDocumentsFailed: 1 } });
    // Killed (and failed) if the Logs read held the step: the job takes about a second.
    const result = await world.run(
      { ...WAIT, 'data-source-id': world.dataSourceIds[1] },
      { timeoutMs: 30_000 },
    );
    expect(result.timedOut).toBe(false);
    expectCleanSuccess(result);
    expect(result.stdout).toContain('CloudWatch Logs did not answer within 10 s');
    expect(result.stdout).toContain('s3://docs-example-bucket/site/page-1.html (FAILED)');
  });

  it('a delivery to S3: says it cannot be read', async () => {
    allow('bedrock:*', 'logs:*');
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId, { destination: 'S3' });
    scriptWeb();
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(explaining()).toEqual([
      'DescribeDeliverySources',
      'DescribeDeliveries',
      'ListKnowledgeBaseDocuments:ValidationException',
    ]);
    expect(result.stdout).toContain(
      'The knowledge base delivers its application logs to S3, which the action cannot read',
    );
  });
});

describe('Bedrock documents without application logs', () => {
  it('S3 data source: from the document list, only what this job touched', async () => {
    allow('bedrock:*', 'logs:*');
    const manuals = world.dataSourceIds[1];
    // An earlier job left a document failed: not this run's to report.
    world.sim.addIngestionJob(world.knowledgeBaseId, manuals, {
      status: 'COMPLETE',
      endedAt: new Date(Date.now() - 3600_000),
      script: {
        documents: [{ location: 's3://docs-example-bucket/old.html', status: 'INDEXING_FAILED' }],
      },
    });
    script(manuals, {
      statistics: { numberOfDocumentsSkipped: 1 },
      documents: [
        { location: 's3://docs-example-bucket/site/index.html', status: 'INDEXED' },
        {
          location: 's3://docs-example-bucket/manuals/big.pdf',
          status: 'RESOURCE_IGNORED',
          reasons: ['Resource exceeded allowed size limit of 50 Megabytes.'],
        },
      ],
    });
    const result = await world.run({ ...WAIT, 'data-source-id': manuals });
    expectCleanSuccess(result);
    expect(explaining()).toEqual(['DescribeDeliverySources', 'ListKnowledgeBaseDocuments']);
    expect(result.stdout).toContain(
      's3://docs-example-bucket/manuals/big.pdf (IGNORED): Resource exceeded allowed size limit of 50 Megabytes',
    );
    expect(result.stdout).not.toContain('old.html');
    expect(result.stdout).not.toContain('Could not');
    expect(result.summary).toContain('<code>s3://docs-example-bucket/manuals/big.pdf</code>');
    expect(result.summary).toContain('The knowledge base in the Bedrock console');
  });

  it('without bedrock:ListKnowledgeBaseDocuments: says what to grant, then the reasons and the hint', async () => {
    allow(
      'bedrock:StartIngestionJob',
      'bedrock:GetIngestionJob',
      'bedrock:ListIngestionJobs',
      'logs:*',
    );
    script(world.dataSourceIds[1], {
      statistics: { numberOfDocumentsFailed: 1 },
      failureReasons: ['1 document failed to index.'],
    });
    const result = await world.run({ ...WAIT, 'data-source-id': world.dataSourceIds[1] });
    expectCleanSuccess(result);
    expect(explaining()).toEqual([
      'DescribeDeliverySources',
      'ListKnowledgeBaseDocuments:AccessDeniedException',
    ]);
    expect(result.stdout).toContain(
      `Allow "bedrock:ListKnowledgeBaseDocuments" on "${KB_ARN()}" to see them here.`,
    );
    expect(result.stdout).toContain("turn on the knowledge base's application logs");
    expect(result.stdout).toContain('1 document failed to index');
  });

  it('web crawler, no logging: the failureReasons alone, with the hint', async () => {
    allow('bedrock:*', 'logs:*');
    script(world.dataSourceIds[0], {
      statistics: { numberOfDocumentsSkipped: 383, numberOfNewDocumentsIndexed: 0 },
      failureReasons: ['383 files were ignored: their metadata exceeded 1 KB.'],
    });
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(result.outputs.outcome).toBe('succeeded');
    expect(explaining()).toEqual([
      'DescribeDeliverySources',
      'ListKnowledgeBaseDocuments:ValidationException',
    ]);
    expect(result.stdout).toContain("turn on the knowledge base's application logs");
    // The reasons are the succeeded job's warnings; the hint is one line under the table.
    expect(result.summary).toContain('⚠️ <b>');
    expect(result.summary).toContain('383 files were ignored: their metadata exceeded 1 KB');
    expect(result.summary).toContain('To see which documents and why, turn on');
    expect(result.summary).not.toContain('<h4>');
    expect(result.warnings.join('\n')).toContain('383');
  });

  it('a clean COMPLETE makes none of these calls', async () => {
    allow('bedrock:*', 'logs:*');
    world.sim.setKnowledgeBaseLogging(world.knowledgeBaseId);
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(explaining()).toEqual([]);
    expect(result.summary).not.toContain('<h4>');
  });
});
