import * as log from './log.js';
import { describeTarget, isRunning, type SyncService, type Target } from './model.js';

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
    private readonly service: SyncService,
    private readonly stopOnCancel: boolean,
    /** Called before the process ends, with the jobs it stopped: writes the job summary. */
    private readonly onCancelled: (
      signal: string,
      stopped: Set<string>,
    ) => Promise<void> = async () => undefined,
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
      await this.end(signal, new Set());
      return;
    }
    log.info(`Cancelled (${signal}): stopping the ${jobs.length} sync job(s) this step started.`);
    const abortSignal = AbortSignal.timeout(STOP_TIMEOUT_MS);
    const stopped = new Set<string>();
    await Promise.all(
      jobs.map(async ([executionId, { target, startedAfter }]) => {
        try {
          // Stop only while the job is still running, and still ours: a service whose stop takes
          // no execution ID must not hit a job another run started since our last poll.
          const job = await this.service
            .getJob(target, executionId, { startedAfter, abortSignal })
            .catch(() => undefined); // can't confirm: ours was running at the last poll, stop it
          if (job && !isRunning(job)) {
            log.info(
              `Sync job ${executionId} on ${describeTarget(target)} already ended ${job.status}.`,
            );
            return;
          }
          await this.service.stopJob(target, executionId, { abortSignal });
          stopped.add(executionId);
          log.info(`Stopped sync job ${executionId} on ${describeTarget(target)}.`);
        } catch (error) {
          log.warning(
            `Could not stop sync job ${executionId} on ${describeTarget(target)}: ${(error as Error).message}`,
          );
        }
      }),
    );
    log.error(`Cancelled (${signal}).`);
    await this.end(signal, stopped);
  }

  private async end(signal: string, stopped: Set<string>): Promise<void> {
    // The summary is worth writing, but never worth missing the runner's kill for.
    await Promise.race([
      this.onCancelled(signal, stopped).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 500)),
    ]);
    process.exit(1);
  }
}
