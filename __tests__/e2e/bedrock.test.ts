/**
 * Amazon Bedrock Knowledge Bases through the committed bundle, against the simulator: the same
 * lifecycle as Kendra's, with Bedrock's rules (one job per knowledge base, idempotent starts,
 * a start rate limit, jobs read and stopped by ID).
 */
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { BedrockAgentClient, StopIngestionJobCommand } from '@aws-sdk/client-bedrock-agent';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { whenLogged } from '../helpers/lifecycle.js';
import { expectNoSecrets, REGION, useBedrockWorld } from '../helpers/world.js';

// The real limit is one start per 10 s per account; tests that need it set it themselves.
const world = useBedrockWorld({ dataSources: ['website', 'pdfs'], startIntervalMs: 0 });

const WAIT = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' };

const bedrockCalls = (action?: string) =>
  world.sim.requests.filter((r) => r.service === 'bedrock' && (!action || r.action === action));

describe('Bedrock: the happy path', () => {
  it('one token, one STS call, one StartIngestionJob signed with the STS key for bedrock', async () => {
    const result = await world.run();
    expectCleanSuccess(result);
    expect(world.sim.requests.map((r) => `${r.service}:${r.action}`)).toEqual([
      'oidc:GetIdToken',
      'sts:AssumeRoleWithWebIdentity',
      'bedrock:StartIngestionJob',
    ]);
    const start = world.sim.requests[2];
    expect(start.status).toBe(202);
    expect(start.accessKeyId).toMatch(/^ASIA/);
    const body = start.body as { clientToken: string; description: string };
    expect(body.clientToken).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){32,255}$/);
    expect(body.description.length).toBeLessThanOrEqual(200);
    const [job] = world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceId);
    expect(result.outputs['execution-id']).toBe(job.ingestionJobId);
    expect(result.outputs.status).toBe('STARTING');
    expect(result.outputs.outcome).toBe('started');
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry).toMatchObject({
      service: 'bedrock',
      dataSourceId: world.dataSourceId,
      outcome: 'started',
    });
    expect(result.summary).toContain('<h3>Bedrock sync</h3>');
    expect(result.summary).toContain(
      `${REGION}.console.aws.amazon.com/bedrock/home?region=${REGION}#/knowledge-bases`,
    );
    expectNoSecrets(world.sim, result);
    // A Kendra run loads no Bedrock code; this one loaded no Kendra code (the bench checks files).
    expect(result.stdout).not.toMatch(/kendra:/i);
  });

  it.each([
    [
      'knowledge-base-id',
      'kb-1',
      /Input 'knowledge-base-id' is "kb-1": a Bedrock knowledge base ID is exactly 10/,
    ],
    ['data-source-id', 'DS12345', /It is 7 characters long/],
  ])('rejects %s = %j before any request', async (name, value, pattern) => {
    const result = await world.run({ [name]: value });
    expect(result.code).toBe(1);
    expect(result.errors.join('\n')).toMatch(pattern);
    expect(world.sim.requests).toHaveLength(0);
  });

  it('rejects a knowledge base together with an index', async () => {
    const result = await world.run({ 'index-id': '0123456789abcdef0123456789abcdef0123' });
    expect(result.code).toBe(1);
    expect(result.errors.join('\n')).toMatch(/'index-id' and 'knowledge-base-id' are both set/);
    expect(world.sim.requests).toHaveLength(0);
  });
});

describe('Bedrock: waiting', () => {
  it('COMPLETE: counts from the statistics, outcome succeeded, summary row', async () => {
    world.sim.scriptIngestionJobs(world.knowledgeBaseId, world.dataSourceId, {
      status: 'COMPLETE',
      startingMs: 200,
      inProgressMs: 1200,
      statistics: {
        numberOfDocumentsScanned: 40,
        numberOfNewDocumentsIndexed: 5,
        numberOfModifiedDocumentsIndexed: 3,
        numberOfDocumentsDeleted: 1,
        numberOfDocumentsFailed: 0,
      },
    });
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(result.outputs).toMatchObject({
      status: 'COMPLETE',
      outcome: 'succeeded',
      'documents-added': '5',
      'documents-modified': '3',
      'documents-deleted': '1',
      'documents-failed': '0',
      'documents-scanned': '40',
      // Bedrock's numberOfDocumentsSkipped, 0 here: a clean job is a quiet success.
      'documents-skipped': '0',
    });
    expect(result.warnings).toEqual([]);
    expect(result.summary).not.toContain('Succeeded with warnings');
    expect(result.summary).not.toContain('<th>Skipped</th>');
    expect(bedrockCalls('GetIngestionJob').length).toBeGreaterThan(0);
    expect(bedrockCalls('ListIngestionJobs')).toHaveLength(0);
    expect(result.stdout).toMatch(/ended COMPLETE after \d+s: documents scanned 40, added 5/);
    expect(result.summary).toContain('✅ COMPLETE');
  });

  it('COMPLETE with failed documents is incomplete: fails under fail-on-incomplete, reasons shown', async () => {
    const reasons = [
      'File report.pdf exceeds the 50 MB limit and was skipped.',
      'Could not parse notes.html',
    ];
    world.sim.scriptIngestionJobs(
      world.knowledgeBaseId,
      world.dataSourceId,
      ...[1, 2].map(() => ({
        status: 'COMPLETE' as const,
        startingMs: 100,
        inProgressMs: 300,
        statistics: { numberOfDocumentsScanned: 10, numberOfDocumentsFailed: 2 },
        failureReasons: reasons,
      })),
    );
    const failing = await world.run(WAIT);
    expect(failing.code).toBe(1);
    expect(failing.outputs.outcome).toBe('incomplete');
    expect(failing.outputs.status).toBe('COMPLETE');
    expect(failing.errors.join('\n')).toContain('fail-on-incomplete: false');
    expect(failing.warnings.join('\n')).toContain('exceeds the 50 MB limit');
    const [entry] = JSON.parse(failing.outputs.results);
    expect(entry.failedDocuments).toEqual([
      { message: 'File report.pdf exceeds the 50 MB limit and was skipped' },
      { message: 'Could not parse notes.html' },
    ]);
    expect(failing.summary).toContain('Failure reasons');

    const lenient = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expect(lenient.code).toBe(0);
    expect(lenient.outputs.outcome).toBe('incomplete');
  });

  it('FAILED: the failureReasons are the error', async () => {
    world.sim.scriptIngestionJobs(world.knowledgeBaseId, world.dataSourceId, {
      status: 'FAILED',
      startingMs: 100,
      inProgressMs: 300,
      failureReasons: ['The S3 bucket docs-site does not exist.'],
    });
    const result = await world.run(WAIT);
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'FAILED', outcome: 'failed' });
    expect(result.errors[0]).toContain('ended FAILED: The S3 bucket docs-site does not exist');
    expect(result.errors[0]).not.toContain('..');
    expect(result.summary).toContain('❌ FAILED');
  });
});

describe('Bedrock: one job per knowledge base', () => {
  const running = () =>
    world.sim.addIngestionJob(world.knowledgeBaseId, world.dataSourceIds[1], {
      status: 'IN_PROGRESS',
      startedAt: new Date(Date.now() - 60_000),
      script: { status: 'COMPLETE', inProgressMs: 1500 },
    });

  it('skip: a job of another data source holds the knowledge base; starts nothing, reports it', async () => {
    const theirs = running();
    const result = await world.run({ 'if-running': 'skip' });
    expectCleanSuccess(result);
    expect(result.outputs).toMatchObject({
      skipped: 'true',
      outcome: 'skipped',
      'execution-id': theirs,
    });
    expect(result.stdout).toContain(`data source ${world.dataSourceIds[1]}`);
    expect(world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceId)).toHaveLength(0);
    expect(bedrockCalls('StartIngestionJob')).toHaveLength(1);
  });

  it('two data sources of one knowledge base run one after another, never skipped for our own job', async () => {
    const result = await world.run({
      'data-source-id': `${world.dataSourceId},${world.dataSourceIds[1]}`,
      'if-running': 'skip',
      'poll-interval-seconds': '1',
    });
    expectCleanSuccess(result);
    const [first] = world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceId);
    const [second] = world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceIds[1]);
    expect(first.status).toBe('COMPLETE');
    expect(second.startedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    expect(result.outputs.skipped).toBe('false');
    expect(JSON.parse(result.outputs['execution-ids'])).toEqual({
      [world.dataSourceId]: first.ingestionJobId,
      [world.dataSourceIds[1]]: second.ingestionJobId,
    });
    expect(result.stdout).toContain('one ingestion job at a time per knowledge base');
  });
});

describe('Bedrock: the account at its limit of concurrent jobs (402)', () => {
  // A job of another knowledge base holds the account's one slot: nothing of ours to look up.
  const elsewhere = () => {
    world.sim.setAccountJobLimit(1);
    const otherBase = world.sim.addKnowledgeBase({ name: 'elsewhere', region: REGION });
    const otherSource = world.sim.addBedrockDataSource(otherBase, { name: 'other' });
    return world.sim.addIngestionJob(otherBase, otherSource, {
      status: 'IN_PROGRESS',
      startedAt: new Date(Date.now() - 60_000),
      script: { status: 'COMPLETE', inProgressMs: 1500 },
    });
  };

  it('skip: starts nothing, succeeds as skipped (skipped: false: no running job was left alone), and says the account is the cause', async () => {
    elsewhere();
    const result = await world.run({ 'if-running': 'skip' });
    expectCleanSuccess(result);
    expect(result.outputs).toMatchObject({ skipped: 'false', outcome: 'skipped' });
    expect(result.outputs['execution-id']).toBeUndefined();
    expect(result.stdout).toContain("the cause is the account's limit");
    expect(bedrockCalls('StartIngestionJob').map((r) => r.status)).toEqual([402]);
    expect(world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceId)).toHaveLength(0);
  });

  it('wait: tries again each poll until the slot frees, then starts', async () => {
    const theirs = elsewhere();
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    const starts = bedrockCalls('StartIngestionJob');
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(starts.at(-1)!.status).toBe(202);
    const [ours] = world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceId);
    expect(ours.startedAt.getTime()).toBeGreaterThanOrEqual(
      world.sim.ingestionJob(theirs)!.updatedAt.getTime(),
    );
  });
});

describe('Bedrock: starts that meet trouble', () => {
  it('a lost answer: the retry carries the same clientToken and gets the same job', async () => {
    world.sim.fault({
      service: 'bedrock',
      action: 'StartIngestionJob',
      kind: 'lost-answer',
      times: 1,
    });
    const result = await world.run();
    expectCleanSuccess(result);
    const starts = bedrockCalls('StartIngestionJob');
    expect(starts).toHaveLength(2);
    const tokens = starts.map((r) => (r.body as { clientToken: string }).clientToken);
    expect(tokens[0]).toBe(tokens[1]);
    const jobs = world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceId);
    expect(jobs).toHaveLength(1);
    expect(result.outputs['execution-id']).toBe(jobs[0].ingestionJobId);
  });

  it('AccessDenied names the bedrock: action and the knowledge base ARN', async () => {
    world.sim.addRole('arn:aws:iam::123456789012:role/narrow', {
      subject: 'repo:octo-org/docs:*',
      allow: [{ action: 'bedrock:GetIngestionJob', resource: '*' }],
    });
    const result = await world.run({ 'role-to-assume': 'arn:aws:iam::123456789012:role/narrow' });
    expect(result.code).toBe(1);
    expect(result.errors[0]).toContain('bedrock:StartIngestionJob');
    expect(result.errors[0]).toContain(
      `arn:aws:bedrock:${REGION}:123456789012:knowledge-base/${world.knowledgeBaseId}`,
    );
  });

  it('a knowledge base that does not exist in the Region: ResourceNotFound explained', async () => {
    const result = await world.run({ 'knowledge-base-id': 'NOSUCHKB00' });
    expect(result.code).toBe(1);
    expect(result.errors[0]).toContain('ResourceNotFoundException');
    expect(result.errors[0]).toContain(`region ${REGION}`);
  });

  it.each([
    ['ValidationException', 400],
    ['InternalServerException', 500],
  ])('%s from Bedrock is explained, not a stack trace', async (code, status) => {
    world.sim.fault({
      service: 'bedrock',
      action: 'StartIngestionJob',
      kind: 'error',
      code,
      status,
    });
    const result = await world.run();
    expect(result.code).toBe(1);
    expect(result.errors[0]).toContain('Bedrock StartIngestionJob failed');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe('Bedrock: names and cancellation', () => {
  it('finds the knowledge base and data source by name across pages', async () => {
    for (let i = 0; i < 120; i++) world.sim.addKnowledgeBase({ name: `other-kb-${i}` });
    const result = await world.run({
      'knowledge-base-id': '',
      'knowledge-base-name': 'docs-kb',
      'data-source-id': '',
      'data-source-name': 'pdfs',
    });
    expectCleanSuccess(result);
    expect(bedrockCalls('ListKnowledgeBases').length).toBeGreaterThanOrEqual(2);
    expect(world.sim.ingestionJobs(world.knowledgeBaseId, world.dataSourceIds[1])).toHaveLength(1);
    expect(result.summary).toContain(`/knowledge-base/docs-kb/${world.knowledgeBaseId}/0`);
  });

  it('SIGINT while waiting stops the job it started, by its ID', async () => {
    world.sim.scriptIngestionJobs(world.knowledgeBaseId, world.dataSourceId, {
      status: 'COMPLETE',
      startingMs: 100,
      inProgressMs: 120_000,
      stoppingMs: 200,
    });
    let signalled: Promise<RegExpExecArray> | undefined;
    const result = await world.run(WAIT, {
      timeoutMs: 30_000,
      onSpawn: (child: ChildProcess, output) => {
        signalled = whenLogged(output.stdout, /Started ingestion job (\S+) on /).then((match) => {
          child.kill('SIGINT');
          return match;
        });
      },
    });
    const match = await signalled!;
    expect(result.code).toBe(1);
    expect(result.errors).toEqual(['Cancelled (SIGINT).']);
    const stops = bedrockCalls('StopIngestionJob');
    expect(stops).toHaveLength(1);
    expect(world.sim.ingestionJob(match[1])!.stopRequested).toBe(true);
    expect(result.stdout).toContain(`Stopped ingestion job ${match[1]}`);
  });
});

describe('Bedrock: a job someone else stops', () => {
  it('ends STOPPED: outcome stopped, and the step fails', async () => {
    world.sim.scriptIngestionJobs(world.knowledgeBaseId, world.dataSourceId, {
      status: 'COMPLETE',
      startingMs: 100,
      inProgressMs: 60_000,
      stoppingMs: 300,
    });
    // Another person stops the job from the console or the CLI while the step waits on it.
    const user = world.sim.addUser('operator', { allow: ['bedrock:*'] });
    const operator = new BedrockAgentClient({
      region: REGION,
      endpoint: world.sim.url,
      credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
    });
    const result = await world.run(WAIT, {
      timeoutMs: 30_000,
      onSpawn: (_child, output) => {
        void whenLogged(output.stdout, /Started ingestion job (\S+) on /).then((match) =>
          operator.send(
            new StopIngestionJobCommand({
              knowledgeBaseId: world.knowledgeBaseId,
              dataSourceId: world.dataSourceId,
              ingestionJobId: match[1],
            }),
          ),
        );
      },
    });
    operator.destroy();
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'STOPPED', outcome: 'stopped' });
    expect(result.errors[0]).toContain('ended STOPPED');
    expect(result.summary).toContain('⏹️ STOPPED');
  });
});
