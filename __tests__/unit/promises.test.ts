/**
 * Two promises no end-to-end test can pin reliably, pinned here: a call with its own deadline
 * (stopping on cancellation) never queues behind the calls that hold the concurrency slots, and
 * cancellation never stops a job that already ended on its own.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import {
  ListDataSourceSyncJobsCommand,
  StopDataSourceSyncJobCommand,
  type KendraClient,
} from '@aws-sdk/client-kendra';
import { MAX_CONCURRENT_REQUESTS, ServiceCalls } from '../../src/services/calls.js';
import { cancelSyncs } from '../../src/lifecycle/cancel.js';
import { SyncProgress } from '../../src/lifecycle/progress.js';
import { KENDRA } from '../../src/services/kendra/describe.js';

import type { Target } from '../../src/model.js';
import { KendraService } from '../../src/services/kendra/kendra.js';
import { systemClock } from '../../src/time.js';
import { captureLog, FakeClock, FakeService } from '../helpers/fake-service.js';

const { explainer } = KENDRA;

afterEach(() => {
  jest.restoreAllMocks();
});

describe('ServiceCalls', () => {
  it('lets a call with an abort signal skip the queue the other calls wait in', async () => {
    const calls = new ServiceCalls(KENDRA.endpoint, 'us-east-1', undefined, explainer);
    const never = new Promise<never>(() => undefined);
    // Every slot held by a call that never ends, and one more waiting behind them.
    for (let i = 0; i <= MAX_CONCURRENT_REQUESTS; i++) {
      void calls.send('ListDataSourceSyncJobs', {}, () => never);
    }
    const queued = jest.fn(async () => 'queued');
    void calls.send('ListDataSourceSyncJobs', {}, queued);
    const stop = calls.send(
      'StopDataSourceSyncJob',
      {},
      async () => 'stopped',
      AbortSignal.timeout(5000),
    );
    await expect(stop).resolves.toBe('stopped');
    expect(queued).not.toHaveBeenCalled();
  });
});

describe('stopping on cancellation', () => {
  const target: Target = { containerId: 'index', dataSourceId: 'web' };
  const abortSignal = () => AbortSignal.timeout(5000);

  /** A Kendra client whose data source lists our job with this status. */
  function kendraListing(status: string) {
    const sent: string[] = [];
    const client = {
      config: { systemClockOffset: 0 },
      destroy: () => undefined,
      send: async (command: object) => {
        if (command instanceof ListDataSourceSyncJobsCommand) {
          sent.push('List');
          return { History: [{ ExecutionId: 'ours', Status: status, StartTime: new Date() }] };
        }
        if (command instanceof StopDataSourceSyncJobCommand) sent.push('Stop');
        return {};
      },
    };
    const service = new KendraService(
      client as unknown as KendraClient,
      'us-east-1',
      undefined,
      systemClock,
    );
    return { service, sent };
  }

  it('Kendra does not stop a job that already ended: its stop takes no ID and would hit another run', async () => {
    const { service, sent } = kendraListing('SUCCEEDED');
    await expect(
      service.stopJob(target, 'ours', { abortSignal: abortSignal() }),
    ).resolves.toMatchObject({
      stopped: false,
      ended: { executionId: 'ours', status: 'SUCCEEDED' },
    });
    expect(sent).toEqual(['List']);
  });

  it('Kendra stops the job while it still runs', async () => {
    const { service, sent } = kendraListing('SYNCING');
    await expect(service.stopJob(target, 'ours', { abortSignal: abortSignal() })).resolves.toEqual({
      stopped: true,
    });
    expect(sent).toEqual(['List', 'Stop']);
  });

  /** The step waiting on its job in the fake service, then cancelled. */
  async function cancelWith(job: { endedOnItsOwn: boolean }) {
    const clock = new FakeClock();
    const service = new FakeService(clock).script('web', {
      durationMs: job.endedOnItsOwn ? 0 : 60_000,
    });
    const answer = await service.startJob(target);
    if (!answer.started) throw new Error('the fake started no job');
    const printed = captureLog(clock);
    const progress = new SyncProgress([target]);
    const { executionId, status } = answer;
    progress.started(0, { ...target, executionId, status, outcome: 'started', skipped: false });
    progress.track(0, target, executionId);
    const results = await cancelSyncs(service, progress, true, 'SIGINT');
    const stops = service.calls.filter((call) => call.op === 'stopJob');
    return { stops, printed: printed.map((p) => p.line), results };
  }

  it('a cancellation stops the job the step waits on, by its execution ID', async () => {
    const { stops, printed, results } = await cancelWith({ endedOnItsOwn: false });
    expect(stops).toEqual([
      { op: 'stopJob', at: 0, dataSourceId: 'web', executionId: 'ours-1', answer: 'stopped' },
    ]);
    expect(printed).toContain('Stopped sync job ours-1 on data source web.');
    expect(results[0]).toMatchObject({ executionId: 'ours-1', outcome: 'stopped' });
  });

  it('a cancellation reports a job that ended on its own as it ended, not stopped', async () => {
    const { stops, printed, results } = await cancelWith({ endedOnItsOwn: true });
    expect(stops).toEqual([
      { op: 'stopJob', at: 0, dataSourceId: 'web', executionId: 'ours-1', answer: 'already DONE' },
    ]);
    expect(printed).toContain('Sync job ours-1 on data source web already ended DONE.');
    expect(results[0]).toMatchObject({
      executionId: 'ours-1',
      status: 'DONE',
      outcome: 'succeeded',
    });
    expect(results[0].failure).toBeUndefined();
  });
});
