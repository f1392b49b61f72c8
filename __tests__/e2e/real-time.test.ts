/**
 * The bounds that only real time can prove, end to end with the committed bundle: a wait gives up
 * after wait-timeout-minutes, and a Kendra that never answers is abandoned after the SDK's
 * attempts. Each takes about a minute: the input's unit is whole minutes (at least 1), and a hung
 * request is given up after the request timeout (20 s) times the SDK's 3 attempts. A throttled
 * Bedrock start, which must pause 10 s and more, runs alongside them. So the runs
 * start together, in beforeAll, each against a world of its own (a fault hits every request of
 * its kind), and the minute is paid once; each test then asserts on its own run. The
 * virtual-time unit tests (unit/wait.test.ts) cover the rest of the timeout logic.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { RunResult } from '../../tools/runner.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';
import { ago, kendraCalls, LIST, listBody } from '../helpers/lifecycle.js';
import { expectNoSecrets, REGION, useBedrockWorld, useWorld } from '../helpers/world.js';

// Each world serves one scenario for the whole file: no reset between the tests that read it.
const timeouts = useWorld({ dataSources: ['website', 'wiki'], resetAfterEach: false });
const hang = useWorld({ resetAfterEach: false });
const bedrock = useBedrockWorld({ startIntervalMs: 0, resetAfterEach: false });
const throttled = useBedrockWorld({ startIntervalMs: 0, resetAfterEach: false });

/** The harness kills a step after this: a hang shows up as timedOut, not a stuck suite. */
const HANG_GUARD_MS = 150_000;

const INPUTS = {
  'wait-for-completion': 'true',
  'wait-timeout-minutes': '1',
  'poll-interval-seconds': '1',
};
const TEN_MINUTES = { status: 'SUCCEEDED', syncingMs: 600_000, indexingMs: 600_000 } as const;

const runs = {} as {
  /** Kendra: the job the action starts takes ten minutes. */
  started: RunResult;
  /** Kendra: another run's job is already running for ten more minutes (if-running: wait). */
  running: RunResult;
  theirs: string;
  /** Kendra: StartDataSourceSyncJob never answers. */
  hung: RunResult;
  /** Bedrock: the job the action starts takes ten minutes. */
  bedrock: RunResult;
  /** Bedrock: StartIngestionJob is throttled three times, then accepted. */
  throttled: RunResult;
};

beforeAll(async () => {
  const { sim, indexId } = timeouts;
  const [website, wiki] = timeouts.dataSourceIds;
  sim.scriptJobs(indexId, website, TEN_MINUTES);
  // Nothing moves on the running job, so only the heartbeat logs while waiting on it.
  runs.theirs = sim.addJob(indexId, wiki, {
    status: 'SYNCING',
    startTime: ago(120_000),
    script: {
      ...TEN_MINUTES,
      metrics: { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0 },
    },
  });
  hang.sim.fault({ service: 'kendra', action: 'StartDataSourceSyncJob', kind: 'hang' });
  bedrock.sim.scriptIngestionJobs(bedrock.knowledgeBaseId, bedrock.dataSourceId, {
    status: 'COMPLETE',
    startingMs: 100,
    inProgressMs: 10 * 60_000,
  });
  throttled.sim.fault({
    service: 'bedrock',
    action: 'StartIngestionJob',
    kind: 'error',
    code: 'ThrottlingException',
    status: 429,
    message: 'Rate exceeded',
    times: 3,
  });

  [runs.started, runs.running, runs.hung, runs.bedrock, runs.throttled] = await Promise.all([
    timeouts.run(INPUTS, { timeoutMs: 100_000 }),
    timeouts.run({ ...INPUTS, 'data-source-id': wiki }, { timeoutMs: 100_000 }),
    hang.run({}, { timeoutMs: HANG_GUARD_MS }),
    bedrock.run(
      { ...INPUTS, 'poll-interval-seconds': '20' },
      // One minute is the least the input allows; the bundle sees it pass on the sim's clock.
      { timeoutMs: 90_000 },
    ),
    throttled.run({}, { timeoutMs: 60_000 }),
  ]);
}, HANG_GUARD_MS + 10_000);

function consoleLink(indexId: string, dataSourceId: string): string {
  return `https://${REGION}.console.aws.amazon.com/kendra/home?region=${REGION}#/indexes/${indexId}/datasources/${dataSourceId}/details`;
}

function cliCommand(indexId: string, dataSourceId: string): string {
  return `aws kendra list-data-source-sync-jobs --region ${REGION} --index-id ${indexId} --id ${dataSourceId}`;
}

describe('wait-timeout-minutes: 1', () => {
  it('gives up on the started job after a minute, leaving it running', () => {
    const { sim, indexId, dataSourceId } = timeouts;
    const { started } = runs;
    // The job it started: named in the error, with where to follow it, and left running.
    const [ours] = sim.jobs(indexId, dataSourceId);
    expect(started.timedOut).toBe(false);
    expect(started.code).toBe(1);
    expect(started.errors).toHaveLength(1);
    const startedError = started.errors[0];
    expect(startedError).toContain('Timed out after 1 min (wait-timeout-minutes)');
    expect(startedError).toContain(`the sync job it started (execution ${ours.executionId})`);
    expect(startedError).toContain('it is still SYNCING and was left running');
    expect(startedError).toContain(consoleLink(indexId, dataSourceId));
    expect(startedError).toContain(cliCommand(indexId, dataSourceId));
    expect(started.outputs['execution-id']).toBe(ours.executionId);
    expect(ours.stopRequested).toBe(false);
    expect(ours.status).toBe('SYNCING');
    // A real minute, not less (it cannot end early), and not much more (bounded).
    expect(started.durationMs).toBeGreaterThanOrEqual(60_000);
    expect(started.durationMs).toBeLessThan(70_000);
    expect(
      kendraCalls(sim, 'StopDataSourceSyncJob').filter(
        (r) => (r.body as { Id: string }).Id === dataSourceId,
      ),
    ).toEqual([]);
  });

  it('gives up on a running job after a minute, leaving it running and starting nothing', () => {
    const { sim, indexId } = timeouts;
    const other = timeouts.dataSourceIds[1];
    const { running, theirs } = runs;
    // The running job: named, nothing started, left running.
    expect(running.timedOut).toBe(false);
    expect(running.code).toBe(1);
    expect(running.errors).toHaveLength(1);
    const runningError = running.errors[0];
    expect(runningError).toContain('Timed out after 1 min (wait-timeout-minutes)');
    expect(runningError).toContain(
      `the sync job that was already running (execution ${theirs}) to end, so it started nothing`,
    );
    expect(runningError).toContain('was left running');
    expect(runningError).toContain(consoleLink(indexId, other));
    expect(runningError).toContain(cliCommand(indexId, other));
    expect(running.outputs['execution-id']).toBeUndefined();
    expect(sim.jobs(indexId, other).map((j) => j.executionId)).toEqual([theirs]);
    expect(sim.job(theirs)!.stopRequested).toBe(false);
    expect(running.durationMs).toBeGreaterThanOrEqual(60_000);
    expect(running.durationMs).toBeLessThan(70_000);

    expect(sim.countOf('kendra', 'StopDataSourceSyncJob')).toBe(0);
    // Only the one start attempt on the busy data source (no start loop while waiting).
    const starts = kendraCalls(sim, 'StartDataSourceSyncJob');
    expect(starts.filter((r) => (r.body as { Id: string }).Id === other)).toHaveLength(1);

    // Nothing changed on the running job for a minute of polls: the log said so once (or twice,
    // with a heartbeat), not once per poll.
    const polls = kendraCalls(sim, LIST).filter((r) => listBody(r).Id === other);
    expect(polls.length).toBeGreaterThan(30);
    const unchanged = running.stdout
      .split('\n')
      .filter((line) => line.includes(': SYNCING, documents scanned 0,') && line.includes(theirs));
    expect(unchanged.length).toBeGreaterThanOrEqual(1);
    expect(unchanged.length).toBeLessThanOrEqual(2);
  });

  it('Bedrock: times out after wait-timeout-minutes, saying where to follow the job', () => {
    const { bedrock: result } = runs;
    const [job] = bedrock.sim.ingestionJobs(bedrock.knowledgeBaseId, bedrock.dataSourceId);
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    expect(result.outputs.outcome).toBe('timed-out');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('Timed out after 1 min (wait-timeout-minutes)');
    expect(result.errors[0]).toContain(job.ingestionJobId);
    expect(result.errors[0]).toContain('aws bedrock-agent get-ingestion-job');
    expect(job.stopRequested).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(60_000);
    expect(result.durationMs).toBeLessThan(70_000);
  });
});

describe('Kendra never answers', () => {
  it('fails the step within two minutes, saying no answer came within 20 s', () => {
    const { sim, indexId, dataSourceId } = hang;
    const result = runs.hung;
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    expect(result.durationMs).toBeLessThan(120_000);
    // Each of the 3 attempts waited out the whole 20 s request timeout: the bound is real.
    expect(result.durationMs).toBeGreaterThanOrEqual(3 * 20_000);
    expect(result.errors).toHaveLength(1);
    const [message] = result.errors;
    expect(message).toContain('StartDataSourceSyncJob failed');
    expect(message).toMatch(/no answer from Kendra at http:\/\/127\.0\.0\.1:\d+ within 20 s/);
    expect(message).toContain('after 3 attempts');
    // The SDK's 3 attempts, each abandoned after the request timeout; nothing after them.
    expect(sim.countOf('kendra', 'StartDataSourceSyncJob')).toBe(3);
    expect(sim.countOf('kendra')).toBe(3);
    expect(sim.countOf('sts')).toBe(1);
    expect(sim.jobs(indexId, dataSourceId)).toEqual([]);
    expect(result.outputs['execution-id']).toBeUndefined();
    expectNoSecrets(sim, result);
  });
});

describe('Bedrock: starts that meet trouble', () => {
  it('a throttled start waits seconds, not milliseconds, and gets through without a storm', () => {
    const result = runs.throttled;
    expectCleanSuccess(result);
    const starts = throttled.sim.requests.filter(
      (r) => r.service === 'bedrock' && r.action === 'StartIngestionJob',
    );
    // The SDK's own three attempts, then one more after the action's pause of at least 10 s.
    expect(starts).toHaveLength(4);
    expect(starts[3].at - starts[2].at).toBeGreaterThanOrEqual(10_000);
    expect(result.stdout).toContain('about one ingestion job per 10 s');
    expect(
      throttled.sim.ingestionJobs(throttled.knowledgeBaseId, throttled.dataSourceId),
    ).toHaveLength(1);
  });
});
