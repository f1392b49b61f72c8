/**
 * Which documents a Kendra sync failed on, and why: read from the index's CloudWatch Logs after a
 * waited job ends with failed documents, shown in the log, the summary and `results`; never a
 * failure of its own, and never loaded or called when nothing failed.
 */
import { describe, expect, it } from '@jest/globals';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { WAIT } from '../helpers/lifecycle.js';
import { ROLE_ARN, useWorld } from '../helpers/world.js';

const world = useWorld();

const logsCalls = () => world.sim.requests.filter((r) => r.service === 'logs');

const FAILED_DOCS = [
  {
    documentId: 'guide-install',
    sourceUri: 'https://docs.example.com/guide/install',
    errorCode: 'InvalidDocumentMetadata',
    errorMessage: 'The metadata attribute _version is not defined in the index.',
  },
  {
    documentId: 'manual-pdf',
    s3Path: 's3://docs-bucket/manuals/big.pdf',
    errorCode: 'DocumentTooLarge',
    errorMessage: 'The document is larger than 50 MB.',
    stream: 'document' as const,
  },
  {
    documentId: 'faq',
    sourceUri: 'https://docs.example.com/faq',
    errorCode: 'InvalidDocumentMetadata',
    errorMessage: 'The metadata attribute _audience is not defined in the index.',
  },
];

/** The role as the README's optional statement leaves it: Kendra, plus reading the index's logs. */
const allowLogs = () =>
  world.sim.addRole(ROLE_ARN, { subject: 'repo:octo-org/docs:*', allow: ['kendra:*', 'logs:*'] });

function scriptFailed(
  status: 'INCOMPLETE' | 'FAILED',
  failedDocuments: typeof FAILED_DOCS | number = FAILED_DOCS,
) {
  const failed = typeof failedDocuments === 'number' ? failedDocuments : failedDocuments.length;
  allowLogs();
  world.sim.scriptJobs(world.indexId, world.dataSourceId, {
    status,
    syncingMs: 300,
    indexingMs: 300,
    metrics: { scanned: 40, added: 10, modified: 2, deleted: 0, failed },
    failedDocuments,
    ...(status === 'FAILED' && { errorMessage: 'Too many documents failed to index.' }),
  });
}

describe('failed documents from CloudWatch Logs', () => {
  it('INCOMPLETE: shows each failed document with its code and message, in the log, summary and results', async () => {
    scriptFailed('INCOMPLETE');
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expectCleanSuccess(result);
    expect(logsCalls().map((r) => r.action)).toEqual(['FilterLogEvents']);
    const filter = logsCalls()[0].body as Record<string, unknown>;
    expect(filter).toMatchObject({
      logGroupName: `/aws/kendra/${world.indexId}`,
      logStreamNamePrefix: `${world.dataSourceId}/`,
    });
    expect(typeof filter.startTime).toBe('number');
    expect(typeof filter.endTime).toBe('number');
    expect(result.stdout).toContain(
      'https://docs.example.com/guide/install (InvalidDocumentMetadata): The metadata attribute _version is not defined in the index',
    );
    expect(result.stdout).toContain('s3://docs-bucket/manuals/big.pdf (DocumentTooLarge)');
    expect(result.stdout).not.toContain('index..');
    expect(result.summary).toContain('Failed documents');
    expect(result.summary).toContain('<code>https://docs.example.com/faq</code>');
    expect(result.summary).toContain('logsV2:log-groups/log-group/$252Faws$252Fkendra$252F');
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry.failedDocuments).toHaveLength(3);
    expect(entry.failedDocuments[0]).toMatchObject({
      errorCode: expect.any(String),
      message: expect.any(String),
    });
  });

  it('FAILED: shows them too, and the step still fails with the job’s own verdict', async () => {
    scriptFailed('FAILED');
    const result = await world.run(WAIT);
    expect(result.code).toBe(1);
    expect(result.errors[0]).toContain('ended FAILED');
    expect(result.stdout).toContain('DocumentTooLarge');
  });

  it('more failures than failed-documents: shows that many and says how many more', async () => {
    scriptFailed('INCOMPLETE', 25);
    const result = await world.run({
      ...WAIT,
      'fail-on-incomplete': 'false',
      'failed-documents': '5',
    });
    expectCleanSuccess(result);
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry.failedDocuments).toHaveLength(5);
    expect(result.stdout).toContain('5 shown, 20 more');
    expect(result.summary).toContain('and 20 more');
  });

  it('failed-documents: 0 makes no Logs call', async () => {
    scriptFailed('INCOMPLETE');
    const result = await world.run({
      ...WAIT,
      'fail-on-incomplete': 'false',
      'failed-documents': '0',
    });
    expectCleanSuccess(result);
    expect(logsCalls()).toHaveLength(0);
    expect(result.summary).not.toContain('Failed documents');
  });

  it('SUCCEEDED makes no Logs call', async () => {
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(logsCalls()).toHaveLength(0);
  });

  it('without logs:FilterLogEvents: one line that says what to grant, and the verdict stands', async () => {
    scriptFailed('INCOMPLETE');
    world.sim.addRole(ROLE_ARN, { subject: 'repo:octo-org/docs:*', allow: ['kendra:*'] });
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expectCleanSuccess(result);
    expect(logsCalls()).toHaveLength(1);
    expect(result.stdout).toContain(
      `Allow "logs:FilterLogEvents" on "arn:aws:logs:us-east-1:123456789012:log-group:/aws/kendra/${world.indexId}:*"`,
    );
  });

  it('without the log group: says so, once', async () => {
    world.sim.setKendraLogs(world.indexId, { enabled: false });
    scriptFailed('INCOMPLETE');
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expectCleanSuccess(result);
    expect(logsCalls()).toHaveLength(1);
    expect(result.stdout).toContain(`the log group /aws/kendra/${world.indexId} does not exist`);
  });

  it('entries not written yet (logs lag the job): says so', async () => {
    world.sim.setKendraLogs(world.indexId, { logLagMs: 60_000 });
    scriptFailed('INCOMPLETE');
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expectCleanSuccess(result);
    expect(result.stdout).toContain('has written no failed-document entries');
  });

  it('a Logs endpoint that never answers: the step still ends promptly with its verdict', async () => {
    world.sim.fault({ service: 'logs', kind: 'hang' });
    scriptFailed('INCOMPLETE');
    // Killed (and failed) if the Logs read held the step: the job takes about a second.
    const result = await world.run(WAIT, { timeoutMs: 20_000 });
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    expect(result.errors[0]).toContain('ended INCOMPLETE');
    expect(result.stdout).toContain('CloudWatch Logs did not answer within 5 s');
  });
});
