import { RUNNING_STATUSES, type KendraApi, type Target } from './kendra.js';
import { describeTarget } from './links.js';
import * as log from './log.js';

/** Time for the stop requests: the runner sends SIGTERM 7.5 s after SIGINT, and kills 2.5 s later. */
export const STOP_TIMEOUT_MS = 5_000;

/**
 * When the workflow is cancelled (SIGINT, then SIGTERM), stops the sync jobs this step started
 * and is waiting on — never one it did not start — and ends the process.
 */
export class CancelGuard {
  private readonly jobs = new Map<string, { target: Target; startedAfter: Date }>();
  private cancelled = false;

  constructor(
    private readonly api: KendraApi,
    private readonly stopOnCancel: boolean,
  ) {
    process.once('SIGINT', () => void this.cancel('SIGINT'));
    process.once('SIGTERM', () => void this.cancel('SIGTERM'));
  }

  /** A job this step started and now waits on; `startedAfter` narrows the look-up at cancel. */
  track(executionId: string, target: Target, startedAfter: Date): void {
    this.jobs.set(executionId, { target, startedAfter });
  }

  untrack(executionId: string): void {
    this.jobs.delete(executionId);
  }

  private async cancel(signal: string): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    const jobs = [...this.jobs];
    if (jobs.length === 0 || !this.stopOnCancel) {
      const left =
        jobs.length > 0 ? '; stop-on-cancel is false, so the sync jobs were left running' : '';
      log.error(`Cancelled (${signal})${left}.`);
      process.exit(1);
    }
    log.info(`Cancelled (${signal}): stopping the ${jobs.length} sync job(s) this step started.`);
    const abortSignal = AbortSignal.timeout(STOP_TIMEOUT_MS);
    await Promise.all(
      jobs.map(async ([executionId, { target, startedAfter }]) => {
        try {
          // StopDataSourceSyncJob takes no execution ID: make sure the running job is still ours,
          // so a job another run started since our last poll is never stopped.
          const job = await this.api
            .findSyncJob(
              target,
              (found) => found.executionId === executionId,
              startedAfter,
              abortSignal,
            )
            .catch(() => undefined); // can't confirm: ours was running at the last poll, stop it
          if (job && !RUNNING_STATUSES.includes(job.status)) {
            log.info(
              `Sync job ${executionId} on ${describeTarget(target)} already ended ${job.status}.`,
            );
            return;
          }
          await this.api.stopSyncJob(target, abortSignal);
          log.info(`Stopped sync job ${executionId} on ${describeTarget(target)}.`);
        } catch (error) {
          log.warning(
            `Could not stop sync job ${executionId} on ${describeTarget(target)}: ${(error as Error).message}`,
          );
        }
      }),
    );
    log.error(`Cancelled (${signal}).`);
    process.exit(1);
  }
}
