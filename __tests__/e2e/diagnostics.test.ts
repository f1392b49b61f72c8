/**
 * No quiet successes, and what support asks for, through the committed bundle: skipped documents
 * counted and marked, AWS's request ID at the end of every AWS error the step reports, one debug
 * line per AWS call with the runner's debug logging on (and never a secret), and a Bedrock wait
 * that outlives its credentials.
 */
import { describe, expect, it } from '@jest/globals';
import type { RequestRecord } from '../../sim/types.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { WAIT, whenLogged } from '../helpers/lifecycle.js';
import { expectNoSecrets, ROLE_ARN, useBedrockWorld, useWorld } from '../helpers/world.js';

const kendra = useWorld();
const bedrock = useBedrockWorld({ startIntervalMs: 0 });

const SUBJECT = 'repo:octo-org/docs:*';
/** The field case: COMPLETE, nothing failed, 383 files left out for their metadata. */
const OVERSIZED = [
  'File docs/api/reference-1.md was skipped: its metadata is larger than the 1 KB limit.',
  'File docs/api/reference-2.md was skipped: its metadata is larger than the 1 KB limit.',
  'File docs/api/reference-3.md was skipped: its metadata is larger than the 1 KB limit.',
  'File docs/api/reference-4.md was skipped: its metadata is larger than the 1 KB limit.',
];

/** The request ID the simulator sent with the one answer `matches` picks. */
function requestIdOf(requests: RequestRecord[], matches: (r: RequestRecord) => boolean): string {
  const found = requests.filter(matches);
  expect(found).toHaveLength(1);
  expect(found[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
  return found[0].requestId!;
}

describe('skipped documents are never a quiet success (Bedrock)', () => {
  it('COMPLETE with 383 skipped: counted, a warning annotation, a warning row, and the verdict says so', async () => {
    bedrock.sim.scriptIngestionJobs(bedrock.knowledgeBaseId, bedrock.dataSourceId, {
      status: 'COMPLETE',
      startingMs: 100,
      inProgressMs: 300,
      statistics: {
        numberOfDocumentsScanned: 383,
        numberOfNewDocumentsIndexed: 0,
        numberOfModifiedDocumentsIndexed: 0,
        numberOfDocumentsDeleted: 0,
        numberOfDocumentsFailed: 0,
        numberOfDocumentsSkipped: 383,
      },
      failureReasons: OVERSIZED,
    });
    const result = await bedrock.run(WAIT);
    expectCleanSuccess(result);
    // The outcome stays succeeded: nothing failed. The counter is there for workflows to read.
    expect(result.outputs).toMatchObject({ outcome: 'succeeded', 'documents-skipped': '383' });
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry.metrics).toMatchObject({ skipped: 383, added: 0, failed: 0 });
    // On the run page: one annotation with the count and the first reasons.
    expect(result.warnings).toHaveLength(1);
    const [warning] = result.warnings;
    expect(warning).toContain('Bedrock skipped 383 document(s) in data source');
    expect(warning).toContain(`ingestion job ${entry.executionId}`);
    expect(warning).toContain(OVERSIZED[0].replace(/\.$/, ''));
    expect(warning).toContain('(and 1 more)');
    // In the summary: the warning mark on the row, never the success mark, and the verdict line.
    expect(result.summary).toContain('<td>⚠️ COMPLETE</td>');
    expect(result.summary).not.toContain('✅');
    expect(result.summary).toContain('<b>Succeeded with warnings</b>');
    expect(result.summary).toContain('383 documents skipped in ');
    expect(result.summary).toContain(', nothing indexed.</p>');
    expect(result.summary).toContain('<th>Skipped</th>');
    expect(result.stdout).toContain('skipped 383.');
  });

  it('COMPLETE with reasons but no skipped counter: still a warning, counted as 0', async () => {
    bedrock.sim.scriptIngestionJobs(bedrock.knowledgeBaseId, bedrock.dataSourceId, {
      status: 'COMPLETE',
      startingMs: 100,
      inProgressMs: 300,
      statistics: { numberOfDocumentsSkipped: null },
      failureReasons: ['File manuals/scan-1998.tiff is not a supported file type and was skipped.'],
    });
    const result = await bedrock.run(WAIT);
    expectCleanSuccess(result);
    expect(result.outputs).toMatchObject({ outcome: 'succeeded', 'documents-skipped': '0' });
    expect(result.warnings).toEqual([
      expect.stringContaining('scan-1998.tiff is not a supported file type'),
    ]);
    expect(result.summary).toContain('<td>⚠️ COMPLETE</td>');
    expect(result.summary).toContain('1 warning from the service');
    expect(result.summary).not.toContain('<th>Skipped</th>');
  });

  it("Bedrock's words: an ingestion job, never a sync job", async () => {
    const result = await bedrock.run(WAIT);
    expectCleanSuccess(result);
    expect(result.stdout).toContain('Started ingestion job');
    expect(result.stdout).not.toMatch(/sync job/i);
  });
});

describe("every AWS error ends with AWS's request ID", () => {
  it('Kendra: in the log, the summary and results[].errorMessage', async () => {
    kendra.sim.addRole(ROLE_ARN, { subject: SUBJECT, allow: ['kendra:ListDataSources'] });
    const result = await kendra.run();
    expect(result.code).toBe(1);
    const id = requestIdOf(kendra.sim.requests, (r) => r.action === 'StartDataSourceSyncJob');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('kendra:StartDataSourceSyncJob');
    expect(result.errors[0]).toMatch(new RegExp(`AWS request ID: ${id}$`));
    expect(result.summary).toContain(`AWS request ID: ${id}`);
    expect(JSON.parse(result.outputs.results)[0].errorMessage).toMatch(
      new RegExp(`AWS request ID: ${id}$`),
    );
  });

  it('Bedrock: in the log, the summary and results[].errorMessage', async () => {
    const result = await bedrock.run({ 'data-source-id': 'NOSUCHDS00' });
    expect(result.code).toBe(1);
    const id = requestIdOf(bedrock.sim.requests, (r) => r.action === 'StartIngestionJob');
    expect(result.errors[0]).toContain('ResourceNotFoundException');
    expect(result.errors[0]).toMatch(new RegExp(`AWS request ID: ${id}$`));
    expect(result.summary).toContain(`AWS request ID: ${id}`);
    expect(JSON.parse(result.outputs.results)[0].errorMessage).toMatch(
      new RegExp(`AWS request ID: ${id}$`),
    );
  });

  it('STS (its request ID is in the XML body): in the log and the start-failure summary', async () => {
    kendra.sim.addRole(ROLE_ARN, { subject: 'repo:someone-else/docs:*' });
    const result = await kendra.run();
    expect(result.code).toBe(1);
    const id = requestIdOf(kendra.sim.requests, (r) => r.action === 'AssumeRoleWithWebIdentity');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain("Check the role's trust policy");
    expect(result.errors[0]).toMatch(new RegExp(`AWS request ID: ${id}$`));
    expect(result.summary).toContain('no sync was started');
    expect(result.summary).toContain(`AWS request ID: ${id}`);
  });

  it('CloudWatch Logs: the failed-documents note says what to grant, with the request ID', async () => {
    kendra.sim.addRole(ROLE_ARN, { subject: SUBJECT, allow: ['kendra:*'] });
    kendra.sim.scriptJobs(kendra.indexId, kendra.dataSourceId, {
      status: 'INCOMPLETE',
      syncingMs: 300,
      indexingMs: 300,
      metrics: { scanned: 4, added: 2, modified: 0, deleted: 0, failed: 2 },
    });
    const result = await kendra.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expectCleanSuccess(result);
    const id = requestIdOf(kendra.sim.requests, (r) => r.service === 'logs');
    const note = result.stdout
      .split('\n')
      .find((line) => line.startsWith('Could not read which documents failed'));
    expect(note).toContain('Allow "logs:FilterLogEvents"');
    expect(note).toMatch(new RegExp(`AWS request ID: ${id}$`));
    expect(result.summary).toContain(`AWS request ID: ${id}`);
  });
});

describe('a failed stop on cancellation ends with the request ID too', () => {
  it('Kendra: the stop is denied; the warning names the action and the request ID', async () => {
    const { sim, indexId, dataSourceId } = kendra;
    sim.addRole(ROLE_ARN, {
      subject: SUBJECT,
      allow: ['kendra:StartDataSourceSyncJob', 'kendra:ListDataSourceSyncJobs'],
    });
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 120_000,
      indexingMs: 1000,
    });
    let signalled: Promise<unknown> | undefined;
    const result = await kendra.run(WAIT, {
      timeoutMs: 30_000,
      onSpawn: (child, output) => {
        signalled = whenLogged(output.stdout, /Started sync job \S+ on /).then(() =>
          child.kill('SIGINT'),
        );
      },
    });
    await signalled;
    expect(result.code).toBe(1);
    const id = requestIdOf(sim.requests, (r) => r.action === 'StopDataSourceSyncJob');
    const warning = result.warnings.find((w) => w.startsWith('Could not stop sync job'));
    expect(warning).toContain('kendra:StopDataSourceSyncJob');
    expect(warning).toMatch(new RegExp(`AWS request ID: ${id}$`));
    expect(result.errors).toContain('Cancelled (SIGINT).');
  });
});

describe("the runner's debug logging (ACTIONS_STEP_DEBUG: RUNNER_DEBUG=1)", () => {
  const DEBUG = { env: { RUNNER_DEBUG: '1' } };
  const debugLines = (stdout: string) =>
    stdout.split('\n').filter((line) => line.startsWith('::debug::'));

  it('one line per AWS call (service, operation, HTTP status, request ID, attempts, ms), and the decisions', async () => {
    kendra.sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'error',
      code: 'ThrottlingException',
      times: 1,
    });
    const result = await kendra.run(WAIT, DEBUG);
    expectCleanSuccess(result);
    const lines = debugLines(result.stdout);
    const calls = lines.filter((line) => line.startsWith('::debug::AWS call '));
    const aws = kendra.sim.requests.filter((r) => r.service !== 'oidc');
    // The throttled start and its retry are one call of the SDK's: one line, 2 attempts.
    expect(calls).toHaveLength(aws.length - 1);
    const start = calls.find((line) => line.includes('StartDataSourceSyncJob'));
    const starts = aws.filter((r) => r.action === 'StartDataSourceSyncJob');
    expect(start).toMatch(
      new RegExp(
        `^::debug::AWS call Kendra StartDataSourceSyncJob: HTTP 200, request ID ${starts[1].requestId}, 2 attempts, \\d+ ms$`,
      ),
    );
    for (const request of aws.filter((r) => r.action !== 'StartDataSourceSyncJob')) {
      const label = request.service === 'sts' ? 'STS' : 'Kendra';
      const matching = calls.filter((line) =>
        line.startsWith(
          `::debug::AWS call ${label} ${request.action}: HTTP ${request.status}, request ID ${request.requestId}, 1 attempt, `,
        ),
      );
      expect(matching).toHaveLength(1);
    }
    expect(
      lines.some((line) => line.startsWith('::debug::Credentials: AssumeRoleWithWebIdentity into')),
    ).toBe(true);
    expect(lines).toContainEqual(
      '::debug::OIDC token for audience sts.amazonaws.com, subject repo:octo-org/docs:ref:refs/heads/main.',
    );
    expect(
      lines.filter((line) => line.startsWith('::debug::Poll of sync job')).length,
    ).toBeGreaterThan(0);
  });

  /** Each request the simulator answered (OIDC aside: GitHub's) has exactly one line, with its ID. */
  function expectOneLinePerCall(stdout: string, requests: RequestRecord[]): void {
    const LABELS: Record<string, string> = {
      sts: 'STS',
      kendra: 'Kendra',
      bedrock: 'Bedrock',
      logs: 'CloudWatch Logs',
    };
    const calls = debugLines(stdout).filter((line) => line.startsWith('::debug::AWS call '));
    const aws = requests.filter((r) => r.service !== 'oidc');
    expect(calls).toHaveLength(aws.length);
    for (const request of aws) {
      const head = `::debug::AWS call ${LABELS[request.service]} ${request.action}: HTTP ${request.status}`;
      const matching = calls.filter(
        (line) =>
          line.startsWith(head) &&
          line.includes(`, request ID ${request.requestId}, 1 attempt, `) &&
          /, \d+ ms$/.test(line),
      );
      expect({ request: request.action, lines: matching.length }).toEqual({
        request: request.action,
        lines: 1,
      });
    }
  }

  it('Bedrock by name: one line per call, lists and polls included', async () => {
    bedrock.sim.scriptIngestionJobs(bedrock.knowledgeBaseId, bedrock.dataSourceId, {
      status: 'COMPLETE',
      startingMs: 100,
      inProgressMs: 300,
    });
    const result = await bedrock.run(
      {
        ...WAIT,
        'knowledge-base-id': '',
        'data-source-id': '',
        'knowledge-base-name': 'docs-kb',
        'data-source-name': 'website',
      },
      DEBUG,
    );
    expectCleanSuccess(result);
    const actions = new Set(bedrock.sim.requests.map((r) => r.action));
    for (const action of ['ListKnowledgeBases', 'ListDataSources', 'GetIngestionJob']) {
      expect(actions).toContain(action);
    }
    expectOneLinePerCall(result.stdout, bedrock.sim.requests);
    expect(
      debugLines(result.stdout).filter((line) => line.startsWith('::debug::Poll of ingestion job'))
        .length,
    ).toBeGreaterThan(0);
    expectNoSecrets(bedrock.sim, result);
  });

  it('CloudWatch Logs: the failed-documents read is one line too', async () => {
    kendra.sim.addRole(ROLE_ARN, { subject: SUBJECT, allow: ['kendra:*', 'logs:*'] });
    kendra.sim.scriptJobs(kendra.indexId, kendra.dataSourceId, {
      status: 'INCOMPLETE',
      syncingMs: 300,
      indexingMs: 300,
      metrics: { scanned: 4, added: 2, modified: 0, deleted: 0, failed: 2 },
    });
    const result = await kendra.run({ ...WAIT, 'fail-on-incomplete': 'false' }, DEBUG);
    expectCleanSuccess(result);
    expect(kendra.sim.countOf('logs')).toBeGreaterThan(0);
    expectOneLinePerCall(result.stdout, kendra.sim.requests);
  });

  it('with debug on, no secret reaches the log, outputs, summary or GITHUB_ENV, nor the claims beyond sub and aud', async () => {
    const result = await kendra.run(WAIT, DEBUG);
    expectCleanSuccess(result);
    expect(debugLines(result.stdout).length).toBeGreaterThan(3);
    expectNoSecrets(kendra.sim, result);
    const sts = kendra.sim.requests.find((r) => r.action === 'AssumeRoleWithWebIdentity')!;
    const token = (sts.body as Record<string, string>).WebIdentityToken;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    // `::add-mask::` lines register secrets with the runner, which consumes them unprinted.
    const log = (result.stdout + result.stderr)
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const everything = log + result.summary + JSON.stringify(result.outputs);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2]);
    for (const [claim, value] of Object.entries(claims)) {
      if (claim === 'sub' || claim === 'aud' || typeof value !== 'string') continue;
      // Short or common values (a ref, the repository) appear for other reasons; these must not.
      if (['job_workflow_ref', 'jti', 'workflow', 'actor'].includes(claim)) {
        expect({ claim, found: everything.includes(value) }).toEqual({ claim, found: false });
      }
    }
  });

  it('with debug off, not one debug line', async () => {
    const result = await kendra.run(WAIT);
    expectCleanSuccess(result);
    expect(debugLines(result.stdout)).toEqual([]);
  });
});

describe('a Bedrock wait longer than the credentials last', () => {
  it('refreshes them before they expire, each time with a fresh OIDC token, and waits the job out', async () => {
    const { sim } = bedrock;
    sim.setCredentialLifetime(2);
    sim.scriptIngestionJobs(bedrock.knowledgeBaseId, bedrock.dataSourceId, {
      status: 'COMPLETE',
      startingMs: 500,
      inProgressMs: 5500,
    });
    const result = await bedrock.run(WAIT);
    expectCleanSuccess(result);
    expect(result.outputs).toMatchObject({ status: 'COMPLETE', outcome: 'succeeded' });
    const sts = sim.countOf('sts', 'AssumeRoleWithWebIdentity');
    expect(sts).toBeGreaterThan(1);
    expect(sim.countOf('oidc', 'GetIdToken')).toBe(sts);
    const tokens = sim.requests
      .filter((r) => r.action === 'AssumeRoleWithWebIdentity')
      .map((r) => (r.body as Record<string, string>).WebIdentityToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Refreshed ahead of expiry: Bedrock never saw expired credentials, and the polls were
    // signed with more than one set of them.
    const calls = sim.requests.filter((r) => r.service === 'bedrock');
    expect(calls.filter((r) => r.errorCode === 'ExpiredTokenException')).toEqual([]);
    expect(calls.every((r) => r.status === 200 || r.status === 202)).toBe(true);
    expect(new Set(calls.map((r) => r.accessKeyId)).size).toBeGreaterThan(1);
    expectNoSecrets(sim, result);
  });
});
