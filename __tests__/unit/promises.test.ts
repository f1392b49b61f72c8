/**
 * Two promises no end-to-end test can pin reliably, pinned here: a call with its own deadline
 * (stopping on cancellation) never queues behind the calls that hold the concurrency slots, and
 * cancellation never stops a job that already ended on its own.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { MAX_CONCURRENT_REQUESTS, ServiceCalls } from '../../src/calls.js';
import { CancelGuard } from '../../src/cancel.js';
import { explainer } from '../../src/kendra.js';
import type { SyncJob, SyncService, Target } from '../../src/model.js';

afterEach(() => {
  jest.restoreAllMocks();
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
});

describe('ServiceCalls', () => {
  it('lets a call with an abort signal skip the queue the other calls wait in', async () => {
    const calls = new ServiceCalls('kendra', 'us-east-1', undefined, explainer);
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

describe('CancelGuard', () => {
  const target: Target = { containerId: 'index', dataSourceId: 'web' };
  const job = (outcome?: SyncJob['outcome']): SyncJob => ({
    executionId: 'ours',
    dataSourceId: 'web',
    status: outcome ? 'SUCCEEDED' : 'SYNCING',
    outcome,
    metrics: { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0 },
  });

  async function cancelWith(found: SyncJob | undefined) {
    const stopJob = jest.fn(async (..._args: unknown[]) => undefined);
    const service = {
      getJob: jest.fn(async () => found),
      stopJob,
    } as unknown as SyncService;
    const exited = new Promise<void>((resolve) => {
      jest.spyOn(process, 'exit').mockImplementation((() => resolve()) as never);
    });
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const guard = new CancelGuard(service, true);
    guard.track('ours', target, new Date());
    process.emit('SIGINT');
    await exited;
    return stopJob;
  }

  it('does not stop a job that already ended on its own', async () => {
    expect(await cancelWith(job('succeeded'))).not.toHaveBeenCalled();
  });

  it('stops the job while it still runs, by its execution ID', async () => {
    const stopJob = await cancelWith(job());
    expect(stopJob).toHaveBeenCalledWith(target, 'ours', expect.anything());
  });
});
