/**
 * Waiting on a job, end to end with the committed bundle: polls never come faster than
 * poll-interval-seconds, throttled polls are retried (by the SDK, then by the action's own
 * backoff) and the wait still ends right, and the log has a progress line per poll that changed
 * something. Real seconds: poll-interval-seconds is at least 1.
 */
import { describe, expect, it } from '@jest/globals';
import { ago, FAST, gaps, kendraCalls, LIST, outcomes, WAIT } from '../helpers/lifecycle.js';
import { useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

const kendra = (action: string) => kendraCalls(world.sim, action);

describe('polling politeness', () => {
  it('under if-running: wait, lists a running job at most once per poll interval, and logs only changes', async () => {
    const { sim, indexId, dataSourceId } = world;
    // Someone else's job with no documents moving: every poll of it reads the same.
    const running = sim.addJob(indexId, dataSourceId, {
      status: 'SYNCING',
      startTime: ago(60_000),
      script: {
        status: 'SUCCEEDED',
        // Long enough for several polls even when the action is slow to start.
        syncingMs: 5000,
        indexingMs: 200,
        metrics: { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0 },
      },
    });
    const result = await world.run(FAST);
    expectCleanSuccess(result);
    expect(outcomes(kendra('StartDataSourceSyncJob'))).toEqual(['ResourceInUseException', 200]);

    // Every listing comes before our successful start: the first finds the running job, the
    // rest follow it; none closer together than the interval (a few ms of timer slack).
    const lists = kendra(LIST);
    expect(lists.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...gaps(lists))).toBeGreaterThanOrEqual(950);

    // One line for the unchanged SYNCING state, however many polls saw it.
    const lines = result.stdout.split('\n').filter((l) => l.includes(`elapsed, job ${running})`));
    expect(lines.filter((l) => l.includes(': SYNCING, documents scanned 0,'))).toHaveLength(1);
    expect(lines.length).toBeLessThan(lists.length);
  });

  it('rides out throttling on every other ListDataSourceSyncJobs call and still ends right', async () => {
    const { sim, indexId, dataSourceId } = world;
    const metrics = { added: 3, modified: 1, deleted: 0, failed: 0, scanned: 4 };
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 1500,
      indexingMs: 1000,
      metrics,
    });
    sim.fault({
      service: 'kendra',
      action: LIST,
      kind: 'error',
      code: 'ThrottlingException',
      every: 2,
    });
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    const [job] = sim.jobs(indexId, dataSourceId);
    expect(result.outputs['execution-id']).toBe(job.executionId);
    expect(result.outputs.status).toBe('SUCCEEDED');
    expect(result.outputs['documents-added']).toBe('3');
    expect(JSON.parse(result.outputs.results)[0].metrics).toEqual({ ...metrics, skipped: 0 });
    const lists = kendra(LIST);
    expect(
      lists.filter((r) => r.errorCode === 'ThrottlingException').length,
    ).toBeGreaterThanOrEqual(2);
    expect(lists.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('backs off and keeps waiting when throttling outlasts the SDK retries', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 1000,
      indexingMs: 500,
    });
    // All of one poll's attempts throttled (AWS_MAX_ATTEMPTS=2: the SDK tries twice).
    sim.fault({
      service: 'kendra',
      action: LIST,
      kind: 'error',
      code: 'ThrottlingException',
      times: 2,
    });
    const result = await world.run(WAIT, { env: { AWS_MAX_ATTEMPTS: '2' } });
    expectCleanSuccess(result);
    expect(result.outputs.status).toBe('SUCCEEDED');
    expect(result.stdout).toMatch(
      /could not read the sync status \(ThrottlingException: Rate exceeded\); trying again in 2s/,
    );
    const lists = kendra(LIST);
    expect(outcomes(lists.slice(0, 3))).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      200,
    ]);
    // The action's own backoff: the poll after the failed one came twice the interval later.
    expect(lists[2].at - lists[1].at).toBeGreaterThanOrEqual(1950);
  });
});

describe('progress', () => {
  it('logs a line per poll that changed something, with elapsed time and document counts', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 2000,
      indexingMs: 1500,
      metrics: { added: 40, modified: 20, deleted: 4, failed: 0, scanned: 80 },
    });
    const result = await world.run(WAIT);
    expect(result.code).toBe(0);
    const [job] = sim.jobs(indexId, dataSourceId);
    const line = new RegExp(
      `^data source ${dataSourceId}: (SYNCING|SYNCING_INDEXING), documents scanned (\\d+), added (\\d+), ` +
        `modified (\\d+), deleted (\\d+), failed (\\d+) \\((\\d+)s elapsed, job ${job.executionId}\\)$`,
    );
    const progress = result.stdout
      .split('\n')
      .map((l) => line.exec(l))
      .filter((m) => m !== null);
    // The job's counts grow on every poll, so every poll but the last (which sees the end) logs.
    expect(progress.length).toBe(kendra(LIST).length - 1);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((m) => m[1])).toContain('SYNCING_INDEXING');
    expect(Number(progress.at(-1)![2])).toBeGreaterThan(0);
    // Each line says something new; counts and elapsed time only grow.
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].slice(1, 7)).not.toEqual(progress[i - 1].slice(1, 7));
      expect(Number(progress[i][7])).toBeGreaterThanOrEqual(Number(progress[i - 1][7]));
      expect(Number(progress[i][3])).toBeGreaterThanOrEqual(Number(progress[i - 1][3]));
    }
    expect(Number(progress.at(-1)![7])).toBeGreaterThanOrEqual(2);
  });
});
