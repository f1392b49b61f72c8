/**
 * The sync lifecycle, end to end with the committed bundle against the simulator: if-running
 * (wait / skip / fail, and the race after a wait), wait-for-completion for every final state with
 * its outputs and job summary, and picking our own job out of a long history in arbitrary order.
 * Polling, cancellation, long waits and timeouts have files of their own so that jest runs them
 * in parallel with this one (each waits in real seconds: poll-interval-seconds is at least 1).
 */
import { describe, expect, it } from '@jest/globals';
import {
  ago,
  FAST,
  gaps,
  kendraCalls,
  LIST,
  listBody,
  outcomes,
  summaryRows,
  WAIT,
  whenLogged,
} from '../helpers/lifecycle.js';
import { expectNoSecrets, REGION, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

const kendra = (action: string) => kendraCalls(world.sim, action);

describe('if-running: wait (the default)', () => {
  it('waits for the running job to end, then starts a new one and never stops the old one', async () => {
    const { sim, indexId, dataSourceId } = world;
    const running = sim.addJob(indexId, dataSourceId, {
      status: 'SYNCING',
      startTime: ago(120_000),
      // Still running when the action starts (its first request comes well within a second,
      // even on a busy machine); long after that is only waiting. If it ever ended first, the
      // start would succeed at once and the outcomes below would say so.
      script: { status: 'SUCCEEDED', syncingMs: 1500, indexingMs: 500 },
    });

    const result = await world.run(FAST);
    expectCleanSuccess(result);

    const jobs = sim.jobs(indexId, dataSourceId);
    expect(jobs).toHaveLength(2);
    const old = sim.job(running)!;
    const fresh = jobs.find((job) => job.executionId !== running)!;
    expect(result.outputs['execution-id']).toBe(fresh.executionId);
    expect(result.outputs.skipped).toBe('false');
    expect(result.outputs.status).toBe('SYNCING');
    // The old job ran to its own end: nobody stopped it, and ours started only after it ended.
    expect(old.stopRequested).toBe(false);
    expect(old.status).toBe('SUCCEEDED');
    expect(fresh.startTime.getTime()).toBeGreaterThanOrEqual(old.endTime!.getTime());
    expect(sim.countOf('kendra', 'StopDataSourceSyncJob')).toBe(0);
    expect(outcomes(kendra('StartDataSourceSyncJob'))).toEqual(['ResourceInUseException', 200]);
    expect(result.stdout).toContain(`already syncing (execution ${running}, SYNCING`);
    expect(result.stdout).toContain('waiting for it to end before starting a new sync');
    // The wait polls the running job's listing with a start-time filter around that job.
    for (const request of kendra(LIST).slice(1)) {
      expect(listBody(request).StartTimeFilter?.StartTime).toBeLessThanOrEqual(
        old.startTime.getTime() / 1000,
      );
    }
  });

  it('waits again when another run starts a job between the end of the first and our start', async () => {
    const { sim, indexId, dataSourceId } = world;
    const first = sim.addJob(indexId, dataSourceId, {
      status: 'SYNCING',
      startTime: ago(60_000),
      script: { status: 'SUCCEEDED', syncingMs: 1500, indexingMs: 500 },
    });
    let second = '';
    let added: Promise<unknown> = Promise.resolve();

    const result = await world.run(FAST, {
      onSpawn: (_child, output) => {
        // While the action waits on the first job, another workflow starts one that outlives it:
        // the action's start after the first job ends loses the race.
        added = whenLogged(output.stdout, /waiting for it to end/).then(() => {
          second = sim.addJob(indexId, dataSourceId, {
            status: 'SYNCING',
            startTime: new Date(),
            // Ends about a second after the first, so the start that follows the first's end (at the
            // next poll) still finds this one running.
            script: { status: 'SUCCEEDED', syncingMs: 2000, indexingMs: 500 },
          });
        });
      },
    });
    await added;
    expectCleanSuccess(result);

    const ours = sim
      .jobs(indexId, dataSourceId)
      .find((j) => ![first, second].includes(j.executionId))!;
    expect(result.outputs['execution-id']).toBe(ours.executionId);
    expect(outcomes(kendra('StartDataSourceSyncJob'))).toEqual([
      'ResourceInUseException',
      'ResourceInUseException',
      200,
    ]);
    expect(result.stdout).toContain(`already syncing (execution ${first}`);
    expect(result.stdout).toContain(`already syncing (execution ${second}`);
    expect(ours.startTime.getTime()).toBeGreaterThanOrEqual(sim.job(second)!.endTime!.getTime());
    expect(sim.job(first)!.stopRequested).toBe(false);
    expect(sim.job(second)!.stopRequested).toBe(false);
    expect(sim.countOf('kendra', 'StopDataSourceSyncJob')).toBe(0);
  });

  it('tries again when Kendra says busy but lists no running job (it just ended)', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'error',
      code: 'ResourceInUseException',
      status: 400,
      times: 1,
    });
    const result = await world.run(FAST);
    expectCleanSuccess(result);
    const [job] = sim.jobs(indexId, dataSourceId);
    expect(result.outputs['execution-id']).toBe(job.executionId);
    expect(outcomes(kendra('StartDataSourceSyncJob'))).toEqual(['ResourceInUseException', 200]);
    // Bounded: one short pause (at most the poll interval), not a full wait.
    expect(result.durationMs).toBeLessThan(10_000);
  });
});

describe('if-running: skip and fail', () => {
  it('skip: starts nothing, succeeds and reports the running job', async () => {
    const { sim, indexId, dataSourceId } = world;
    const running = sim.addJob(indexId, dataSourceId, {
      status: 'SYNCING_INDEXING',
      startTime: ago(300_000),
      script: { status: 'SUCCEEDED', indexingMs: 600_000 },
    });
    const result = await world.run({ 'if-running': 'skip', ...WAIT });
    expectCleanSuccess(result);
    expect(sim.jobs(indexId, dataSourceId).map((j) => j.executionId)).toEqual([running]);
    expect(result.outputs.skipped).toBe('true');
    expect(result.outputs['execution-id']).toBe(running);
    expect(JSON.parse(result.outputs['execution-ids'])).toEqual({ [dataSourceId]: running });
    expect(result.outputs.status).toBe('SYNCING_INDEXING');
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry).toMatchObject({
      executionId: running,
      skipped: true,
      status: 'SYNCING_INDEXING',
    });
    // Skipping is not waiting: one listing to find the running job, no polling after it.
    expect(kendra(LIST)).toHaveLength(1);
    expect(sim.job(running)!.stopRequested).toBe(false);
    expect(result.stdout).toContain(`execution ${running}`);
    expect(result.stdout).toContain('if-running is skip');
    const [, row] = summaryRows(result.summary);
    expect(row[2]).toBe(running);
    expect(row[0]).toMatch(/SYNCING_INDEXING.*skipped/);
  });

  it('fail: exits 1 naming the running execution and starts nothing', async () => {
    const { sim, indexId, dataSourceId } = world;
    const running = sim.addJob(indexId, dataSourceId, {
      status: 'SYNCING',
      startTime: ago(30_000),
      script: { status: 'SUCCEEDED', syncingMs: 600_000 },
    });
    const result = await world.run({ 'if-running': 'fail', ...WAIT });
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`execution ${running}`);
    expect(result.errors[0]).toContain(dataSourceId);
    expect(result.errors[0]).toMatch(/if-running: wait/);
    expect(sim.jobs(indexId, dataSourceId)).toHaveLength(1);
    expect(sim.job(running)!.stopRequested).toBe(false);
    expect(result.stdout).not.toContain('Started sync job');
    expect(result.durationMs).toBeLessThan(10_000);
  });
});

describe('wait-for-completion: true, for each final state', () => {
  it('SUCCEEDED: status, whole-number document counts from Kendra strings, results JSON, summary', async () => {
    const { sim, indexId, dataSourceId } = world;
    const metrics = { added: 7, modified: 3, deleted: 2, failed: 0, scanned: 12 };
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 700,
      indexingMs: 700,
      metrics,
    });
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(result.warnings).toEqual([]);

    const [job] = sim.jobs(indexId, dataSourceId);
    expect(job.status).toBe('SUCCEEDED');
    expect(result.outputs['execution-id']).toBe(job.executionId);
    expect(result.outputs.status).toBe('SUCCEEDED');
    expect(result.outputs.skipped).toBe('false');
    expect({
      added: result.outputs['documents-added'],
      modified: result.outputs['documents-modified'],
      deleted: result.outputs['documents-deleted'],
      failed: result.outputs['documents-failed'],
      scanned: result.outputs['documents-scanned'],
      skipped: result.outputs['documents-skipped'],
    }).toEqual({
      added: '7',
      modified: '3',
      deleted: '2',
      failed: '0',
      scanned: '12',
      // Kendra has no skipped counter: 0, always.
      skipped: '0',
    });
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry).toEqual({
      dataSourceId,
      executionId: job.executionId,
      status: 'SUCCEEDED',
      outcome: 'succeeded',
      service: 'kendra',
      skipped: false,
      startTime: job.startTime.toISOString(),
      endTime: job.endTime!.toISOString(),
      metrics: { ...metrics, skipped: 0 },
      errorMessage: null,
    });
    expect(result.stdout).toContain(
      `Sync job ${job.executionId} on data source ${dataSourceId} ended SUCCEEDED after 1s: documents scanned 12, added 7, modified 3, deleted 2, failed 0.`,
    );

    // Summary: the row has the final status, the duration, every count and the console link.
    const [header, row] = summaryRows(result.summary);
    expect(header).toEqual([
      'Status',
      'Data source',
      'Execution ID',
      'Duration',
      'Added',
      'Modified',
      'Deleted',
      'Failed',
      'Scanned',
    ]);
    expect(row).toEqual([
      '✅ SUCCEEDED',
      dataSourceId,
      job.executionId,
      '1s',
      '7',
      '3',
      '2',
      '0',
      '12',
    ]);
    expect(result.summary).toContain(
      `https://${REGION}.console.aws.amazon.com/kendra/home?region=${REGION}#/indexes/${indexId}/datasources/${dataSourceId}/details`,
    );
    expect(result.summary).not.toContain('Started without waiting');
    expectNoSecrets(sim, result);
  });

  it("FAILED: exits 1 with Kendra's error message, in the annotation, the results and the summary", async () => {
    const { sim, indexId, dataSourceId } = world;
    const message = 'The web crawler could not reach https://docs.example.com: HTTP 403 Forbidden.';
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'FAILED',
      syncingMs: 400,
      indexingMs: 400,
      errorMessage: message,
    });
    const result = await world.run(WAIT);
    expect(result.code).toBe(1);
    const [job] = sim.jobs(indexId, dataSourceId);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Sync job ${job.executionId}`);
    expect(result.errors[0]).toContain('ended FAILED');
    // Kendra's closing full stop gives way to the error code: no doubled punctuation.
    expect(result.errors[0]).toContain(message.replace(/\.$/, ' (InternalError).'));
    expect(result.outputs.status).toBe('FAILED');
    expect(result.outputs['execution-id']).toBe(job.executionId);
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry).toMatchObject({ status: 'FAILED', errorMessage: message });
    const [, row] = summaryRows(result.summary);
    expect(row[0]).toBe('❌ FAILED');
    expect(result.summary).toContain(message.replace(/\.$/, ''));
  });

  it('ABORTED (stopped by someone else): exits 1', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, { status: 'ABORTED', syncingMs: 400, indexingMs: 400 });
    const result = await world.run(WAIT);
    expect(result.code).toBe(1);
    const [job] = sim.jobs(indexId, dataSourceId);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Sync job ${job.executionId}`);
    expect(result.errors[0]).toContain('ended ABORTED');
    expect(result.outputs.status).toBe('ABORTED');
  });

  it('INCOMPLETE with fail-on-incomplete: true (default): exits 1 and says how to accept it', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'INCOMPLETE',
      syncingMs: 400,
      indexingMs: 400,
      metrics: { added: 10, modified: 4, deleted: 1, failed: 3, scanned: 18 },
    });
    const result = await world.run(WAIT);
    expect(result.code).toBe(1);
    const [job] = sim.jobs(indexId, dataSourceId);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('ended INCOMPLETE');
    expect(result.errors[0]).toContain('fail-on-incomplete: false');
    expect(result.outputs.status).toBe('INCOMPLETE');
    expect(result.outputs['documents-failed']).toBe('3');
    // The failed documents get their own warning.
    expect(result.warnings).toEqual([
      expect.stringMatching(new RegExp(`^3 document\\(s\\) failed to index .*${job.executionId}`)),
    ]);
  });

  it('INCOMPLETE with fail-on-incomplete: false: exits 0 with warnings', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'INCOMPLETE',
      syncingMs: 400,
      indexingMs: 400,
      metrics: { added: 10, modified: 4, deleted: 1, failed: 3, scanned: 18 },
    });
    const result = await world.run({ ...WAIT, 'fail-on-incomplete': 'false' });
    expectCleanSuccess(result);
    expect(result.outputs.status).toBe('INCOMPLETE');
    expect(result.outputs['documents-failed']).toBe('3');
    expect(result.outputs['documents-added']).toBe('10');
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.some((w) => /^3 document\(s\) failed to index/.test(w))).toBe(true);
    expect(
      result.warnings.some((w) => /ended INCOMPLETE.*fail-on-incomplete is false/.test(w)),
    ).toBe(true);
  });

  it('warns whenever documents failed, even when the job SUCCEEDED', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 400,
      indexingMs: 400,
      metrics: { added: 5, modified: 0, deleted: 0, failed: 2, scanned: 7 },
    });
    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(result.outputs.status).toBe('SUCCEEDED');
    expect(result.warnings).toEqual([expect.stringMatching(/^2 document\(s\) failed to index/)]);
  });
});

describe('a long history in arbitrary order', () => {
  it('reports exactly its own job among 25 old jobs and 12 recent ones of every status', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.addHistory(indexId, dataSourceId, 25);
    // Recent jobs (inside the listing's start-time window), finished with every status and
    // counts that differ from ours: the listing needs two pages, in no particular order.
    const statuses = ['SUCCEEDED', 'FAILED', 'ABORTED', 'INCOMPLETE'] as const;
    const others: string[] = [];
    for (let i = 0; i < 12; i++) {
      others.push(
        sim.addJob(indexId, dataSourceId, {
          status: statuses[i % statuses.length],
          startTime: ago(240_000 - i * 15_000),
          endTime: ago(60_000),
          metrics: { added: 100 + i, modified: 50, deleted: 9, failed: 1, scanned: 200 },
          errorMessage: `not ours ${i}`,
        }),
      );
    }
    const metrics = { added: 4, modified: 2, deleted: 1, failed: 0, scanned: 6 };
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 1200,
      indexingMs: 800,
      metrics,
    });

    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    expect(result.warnings).toEqual([]);

    const ours = sim.jobs(indexId, dataSourceId).at(-1)!;
    expect(others).not.toContain(ours.executionId);
    expect(result.outputs['execution-id']).toBe(ours.executionId);
    expect(result.outputs.status).toBe('SUCCEEDED');
    expect(result.outputs['documents-added']).toBe('4');
    expect(result.outputs['documents-scanned']).toBe('6');
    const [entry] = JSON.parse(result.outputs.results);
    expect(entry).toMatchObject({
      executionId: ours.executionId,
      status: 'SUCCEEDED',
      metrics,
      errorMessage: null,
    });
    // Every listing was narrowed by start time, so the 25 old jobs never cost a page.
    const lists = kendra(LIST);
    expect(lists.every((r) => listBody(r).StartTimeFilter !== undefined)).toBe(true);
    const firstPages = lists.filter((r) => listBody(r).NextToken === undefined).length;
    expect(lists.length).toBeLessThanOrEqual(firstPages * 2);
  });

  it('costs one ListDataSourceSyncJobs page per poll in the common case (old history only)', async () => {
    const { sim, indexId, dataSourceId } = world;
    sim.addHistory(indexId, dataSourceId, 25);
    sim.scriptJobs(indexId, dataSourceId, {
      status: 'SUCCEEDED',
      syncingMs: 2000,
      indexingMs: 1500,
    });

    const result = await world.run(WAIT);
    expectCleanSuccess(result);
    const ours = sim.jobs(indexId, dataSourceId).at(-1)!;
    expect(result.outputs['execution-id']).toBe(ours.executionId);

    const lists = kendra(LIST);
    // Each poll is one request: no page of it needed a NextToken.
    expect(lists.every((r) => listBody(r).NextToken === undefined)).toBe(true);
    // Polls are at least the interval apart (a few ms of timer slack), so waiting costs one
    // ListDataSourceSyncJobs call per poll-interval-seconds and nothing else: at the default
    // 30 s, 2 Kendra calls per minute of waiting.
    expect(lists.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...gaps(lists))).toBeGreaterThanOrEqual(950);
    const startedAt = kendra('StartDataSourceSyncJob')[0].at;
    const during = sim.requests.filter((r) => r.service === 'kendra' && r.at > startedAt);
    expect(during.map((r) => r.action)).toEqual(lists.map(() => LIST));
    // The narrowing window starts a few minutes before our start and covers none of the history.
    for (const request of lists) {
      const from = listBody(request).StartTimeFilter!.StartTime * 1000;
      expect(from).toBeLessThanOrEqual(startedAt);
      expect(from).toBeGreaterThan(startedAt - 10 * 60_000);
    }
  });
});
