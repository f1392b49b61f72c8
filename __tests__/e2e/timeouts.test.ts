/**
 * wait-timeout-minutes, end to end with the committed bundle. This file takes a real minute:
 * the input's unit is whole minutes (at least 1) and the bundle runs on the real clock, so the
 * shortest timeout there is lasts 60 s. Both waits that the timeout bounds (the started job, and
 * the job found running under if-running: wait) run side by side, on two data sources, so the
 * minute is paid once. The virtual-time unit tests (unit/wait.test.ts) cover the rest.
 */
import { describe, expect, it } from '@jest/globals';
import { ago, kendraCalls, LIST, listBody } from '../helpers/lifecycle.js';
import { REGION, useWorld } from '../helpers/world.js';

const world = useWorld();

const INPUTS = {
  'wait-for-completion': 'true',
  'wait-timeout-minutes': '1',
  'poll-interval-seconds': '1',
};
const TEN_MINUTES = { status: 'SUCCEEDED', syncingMs: 600_000, indexingMs: 600_000 } as const;

function consoleLink(indexId: string, dataSourceId: string): string {
  return `https://${REGION}.console.aws.amazon.com/kendra/home?region=${REGION}#/indexes/${indexId}/datasources/${dataSourceId}/details`;
}

function cliCommand(indexId: string, dataSourceId: string): string {
  return `aws kendra list-data-source-sync-jobs --region ${REGION} --index-id ${indexId} --id ${dataSourceId}`;
}

describe('wait-timeout-minutes: 1', () => {
  it('gives up on the started job and on a running job after a minute, leaving both running', async () => {
    const { sim, indexId, dataSourceId } = world;
    // Data source 1: the job the action starts takes ten minutes.
    sim.scriptJobs(indexId, dataSourceId, TEN_MINUTES);
    // Data source 2: another run's job is already running for ten more minutes, with nothing
    // moving, so only the heartbeat logs while waiting on it.
    const other = sim.addDataSource(indexId, { name: 'wiki' });
    const theirs = sim.addJob(indexId, other, {
      status: 'SYNCING',
      startTime: ago(120_000),
      script: {
        ...TEN_MINUTES,
        metrics: { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0 },
      },
    });

    const [started, running] = await Promise.all([
      world.run(INPUTS, { timeoutMs: 100_000 }),
      world.run({ ...INPUTS, 'data-source-id': other }, { timeoutMs: 100_000 }),
    ]);

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
  }, 120_000);
});
