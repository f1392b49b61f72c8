// Cancellation: when the workflow is cancelled (SIGINT, then SIGTERM), stop the jobs this step
// started and is waiting on — never one it did not start — write where each data source was,
// and end the process inside the runner's grace window.
import { explain } from '../aws/explain.js';
import * as log from '../base/log.js';
import { capitalize } from '../base/text.js';
import { describeTarget, type DataSourceResult, type SyncService, type Target } from '../model.js';
import type { Unresolved } from './names.js';
import type { JobTracker } from './sync.js';

/** Time for the stop requests: the runner sends SIGTERM 7.5 s after SIGINT, and kills 2.5 s later. */
export const STOP_TIMEOUT_MS = 5_000;

/** Called before the process ends: writes the job summary. */
export type OnCancelled = (note: string, results: DataSourceResult[]) => Promise<void>;

export class CancelGuard implements JobTracker {
  /** The jobs being waited on, which a cancellation stops. */
  private readonly waitedOn = new Map<string, Target>();
  /** Each data source's execution ID, by position, once it has one. */
  private readonly executionIds = new Map<number, string>();
  private cancelled = false;

  constructor(
    private readonly service: SyncService,
    private readonly targets: Array<Target | Unresolved>,
    private readonly stopOnCancel: boolean,
    private readonly onCancelled: OnCancelled = async () => undefined,
  ) {
    process.once('SIGINT', () => void this.cancel('SIGINT'));
    process.once('SIGTERM', () => void this.cancel('SIGTERM'));
  }

  started(position: number, executionId: string): void {
    this.executionIds.set(position, executionId);
  }

  track(executionId: string, target: Target): void {
    this.waitedOn.set(executionId, target);
  }

  untrack(executionId: string): void {
    this.waitedOn.delete(executionId);
  }

  private async cancel(signal: string): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    const { job } = this.service.terms;
    const jobs = [...this.waitedOn];
    if (jobs.length === 0 || !this.stopOnCancel) {
      const left =
        jobs.length > 0 ? `; stop-on-cancel is false, so the ${job}s were left running` : '';
      log.error(`Cancelled (${signal})${left}.`);
      await this.end(signal, new Set());
      return;
    }
    log.info(`Cancelled (${signal}): stopping the ${jobs.length} ${job}(s) this step started.`);
    const abortSignal = AbortSignal.timeout(STOP_TIMEOUT_MS);
    const stopped = new Set<string>();
    await Promise.all(
      jobs.map(async ([executionId, target]) => {
        const which = `${job} ${executionId} on ${describeTarget(target)}`;
        try {
          const answer = await this.service.stopJob(target, executionId, { abortSignal });
          if (!answer.stopped) {
            log.info(`${capitalize(which)} already ended ${answer.endedAs}.`);
            return;
          }
          stopped.add(executionId);
          log.info(`Stopped ${which}.`);
        } catch (error) {
          // In the user's terms, with AWS's request ID, like every other AWS error the step reports.
          log.warning(`Could not stop ${which}: ${explain(error)}`);
        }
      }),
    );
    log.error(`Cancelled (${signal}).`);
    await this.end(signal, stopped);
  }

  private async end(signal: string, stopped: Set<string>): Promise<void> {
    // The summary is worth writing, but never worth missing the runner's kill for.
    await Promise.race([
      this.onCancelled(`Cancelled (${signal}) while the step ran.`, this.results(stopped)).catch(
        () => undefined,
      ),
      new Promise((resolve) => setTimeout(resolve, 500)),
    ]);
    process.exit(1);
  }

  /** Where each data source was when the workflow was cancelled. */
  private results(stopped: Set<string>): DataSourceResult[] {
    return this.targets.map((target, position) => {
      const executionId = this.executionIds.get(position);
      const wasStopped = executionId !== undefined && stopped.has(executionId);
      return {
        containerId: target.containerId,
        dataSourceId: 'dataSourceId' in target ? target.dataSourceId : undefined,
        dataSourceName: target.dataSourceName,
        executionId,
        status: executionId ? (wasStopped ? 'stop requested' : 'left running') : undefined,
        outcome: executionId && !wasStopped ? 'started' : 'stopped',
        skipped: false,
      };
    });
  }
}
