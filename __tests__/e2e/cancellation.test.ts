/**
 * Cancelling the workflow while the bundle waits: the runner sends SIGINT (then SIGTERM 7.5 s
 * later, and kills 2.5 s after that). The action must stop the job it started, within that
 * window, and never a job it did not start; and the step must end non-zero.
 */
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import type { RunResult } from '../../tools/runner.js';
import { ago, kendraCalls, summaryRows, WAIT, whenLogged } from '../helpers/lifecycle.js';
import { useWorld } from '../helpers/world.js';

const world = useWorld();

const STARTED = /Started sync job (\S+) on /;
const LONG = { status: 'SUCCEEDED', syncingMs: 120_000, indexingMs: 1000 } as const;

/**
 * Runs the bundle and sends `signal` once its log matches `when`. Returns the result, the time
 * the signal was sent and what matched.
 */
async function cancelWhen(
  inputs: Record<string, string>,
  when: RegExp,
  signal: NodeJS.Signals,
): Promise<{ result: RunResult; signalledAt: number; match: RegExpExecArray }> {
  let signalled: Promise<{ signalledAt: number; match: RegExpExecArray }> | undefined;
  const result = await world.run(inputs, {
    timeoutMs: 30_000,
    onSpawn: (child: ChildProcess, output) => {
      signalled = whenLogged(output.stdout, when).then((match) => {
        const signalledAt = Date.now();
        child.kill(signal);
        return { signalledAt, match };
      });
    },
  });
  const { signalledAt, match } = await signalled!;
  expect(result.timedOut).toBe(false);
  return { result, signalledAt, match };
}

/** The job reaches `status` in the simulator within a few seconds. */
async function eventually(executionId: string, status: string): Promise<void> {
  const until = Date.now() + 5000;
  while (world.sim.job(executionId)?.status !== status && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(world.sim.job(executionId)?.status).toBe(status);
}

describe.each(['SIGINT', 'SIGTERM'] as const)(
  '%s while waiting on the job it started',
  (signal) => {
    it('stops that job within 7 s of the signal and exits non-zero', async () => {
      const { sim, indexId, dataSourceId } = world;
      sim.scriptJobs(indexId, dataSourceId, LONG);
      const { result, signalledAt, match } = await cancelWhen(WAIT, STARTED, signal);
      const executionId = match[1];

      // Cancelled: exit 1, as for any failure (the errors below say it was the cancellation).
      expect(result.code).toBe(1);
      const stops = kendraCalls(sim, 'StopDataSourceSyncJob');
      expect(stops).toHaveLength(1);
      expect(stops[0].status).toBe(200);
      expect(stops[0].body).toEqual({ IndexId: indexId, Id: dataSourceId });
      expect(stops[0].at - signalledAt).toBeLessThan(7000);
      // The stop reached the job we started: the only job on the data source.
      expect(sim.jobs(indexId, dataSourceId).map((j) => j.executionId)).toEqual([executionId]);
      expect(sim.job(executionId)!.stopRequested).toBe(true);
      await eventually(executionId, 'ABORTED');
      expect(result.stdout).toContain(
        `Stopped sync job ${executionId} on data source ${dataSourceId}.`,
      );
      expect(result.errors).toContain(`Cancelled (${signal}).`);
      // The execution ID was an output before the wait began.
      expect(result.outputs['execution-id']).toBe(executionId);
    });
  },
);

describe('cancellation without stopping', () => {
  it('stop-on-cancel: false leaves the started job running', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, LONG);
    const { result, match } = await cancelWhen(
      { ...WAIT, 'stop-on-cancel': 'false' },
      STARTED,
      'SIGINT',
    );
    expect(result.code).toBe(1);
    expect(sim.countOf('kendra', 'StopDataSourceSyncJob')).toBe(0);
    expect(sim.job(match[1])!.stopRequested).toBe(false);
    expect(sim.job(match[1])!.status).toBe('SYNCING');
    expect(result.errors).toEqual([
      'Cancelled (SIGINT); stop-on-cancel is false, so the sync jobs were left running.',
    ]);
    const [row] = JSON.parse(result.outputs.results) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ executionId: match[1], outcome: 'started' });
    expect(row.errorMessage).toBe(
      `Cancelled (SIGINT): this step's sync job ${match[1]} was left running (stop-on-cancel is false).`,
    );
  });

  it("never stops a job it did not start (SIGINT while if-running: wait waits on another run's job)", async () => {
    const { sim, indexId, dataSourceId } = world;
    const theirs = sim.addJob(indexId, dataSourceId, {
      status: 'SYNCING',
      startTime: ago(60_000),
      script: LONG,
    });
    const { result } = await cancelWhen(WAIT, /waiting for it to end/, 'SIGINT');
    expect(result.code).toBe(1);
    expect(sim.countOf('kendra', 'StopDataSourceSyncJob')).toBe(0);
    expect(sim.jobs(indexId, dataSourceId).map((j) => j.executionId)).toEqual([theirs]);
    expect(sim.job(theirs)!.stopRequested).toBe(false);
    expect(sim.job(theirs)!.status).toBe('SYNCING');
    expect(result.errors).toEqual(['Cancelled (SIGINT).']);
  });
});

describe('the rows after a cancellation', () => {
  it('a data source whose job ended before the cancel keeps its real end; the one waited on is stopped', async () => {
    const { sim, indexId, dataSourceId } = world;
    const quick = sim.addDataSource(indexId, { name: 'quick', id: 'ds-quick' });
    sim.scriptJobs(indexId, dataSourceId, LONG);
    sim.scriptJobs(indexId, quick, { status: 'SUCCEEDED', syncingMs: 200, indexingMs: 100 });
    const { result } = await cancelWhen(
      { ...WAIT, 'data-source-id': `${dataSourceId}\n${quick}` },
      /Sync job \S+ on data source ds-quick ended SUCCEEDED/,
      'SIGINT',
    );
    expect(result.code).toBe(1);
    expect(result.errors).toEqual(['Cancelled (SIGINT).']);
    const [waited, ended] = JSON.parse(result.outputs.results) as Array<Record<string, unknown>>;
    expect(ended).toMatchObject({ dataSourceId: quick, status: 'SUCCEEDED', outcome: 'succeeded' });
    expect(ended.endTime).toEqual(expect.any(String));
    expect(ended.errorMessage).toBeNull();
    expect(waited).toMatchObject({ dataSourceId, status: 'stop requested', outcome: 'stopped' });
    expect(result.outputs.outcome).toBe('stopped');
    // Only the job still running was stopped.
    expect(kendraCalls(sim, 'StopDataSourceSyncJob').map((r) => r.body)).toEqual([
      { IndexId: indexId, Id: dataSourceId },
    ]);
    const rows = summaryRows(result.summary);
    expect(rows[1][0]).toContain('stop requested');
    expect(rows[2][0]).toBe('✅ SUCCEEDED');
    expect(result.summary).toContain('Cancelled (SIGINT) while the step ran.');
  });

  it("a data source waiting for another run's job says no sync was started, and that job was left running", async () => {
    const { sim, indexId, dataSourceId } = world;
    const theirs = sim.addJob(indexId, dataSourceId, {
      status: 'SYNCING',
      startTime: ago(60_000),
      script: LONG,
    });
    const { result } = await cancelWhen(WAIT, /waiting for it to end/, 'SIGINT');
    const [row] = JSON.parse(result.outputs.results) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ dataSourceId, executionId: null, status: null, outcome: 'failed' });
    expect(row.errorMessage).toBe(
      `Cancelled (SIGINT): no sync job was started on it; sync job ${theirs} (not started by this step, but by another run or a schedule), which it waited for, was left running.`,
    );
    expect(summaryRows(result.summary)[1][0]).toContain('not started');
  });

  it('SIGTERM after SIGINT stops nothing twice (the runner sends both)', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, LONG);
    const result = await world.run(WAIT, {
      timeoutMs: 30_000,
      onSpawn: (child: ChildProcess, output) => {
        // As the runner does: SIGTERM once SIGINT is being handled (the runner waits 7.5 s).
        void whenLogged(output.stdout, STARTED).then(() => child.kill('SIGINT'));
        void whenLogged(output.stdout, /Cancelled \(SIGINT\): stopping/).then(() =>
          child.kill('SIGTERM'),
        );
      },
    });
    expect(result.code).toBe(1);
    expect(kendraCalls(sim, 'StopDataSourceSyncJob')).toHaveLength(1);
    expect(result.errors).toEqual(['Cancelled (SIGINT).']);
  });
});
