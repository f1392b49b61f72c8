// Where each data source is while syncAll runs: syncAll writes it and returns its results, and a
// cancellation reads the same rows, so the two can never disagree.
import type { DataSourceResult, SyncJob, Target } from '../model.js';
import type { Unresolved } from './names.js';

/** How far one data source got: what a cancellation reports for it. */
export type Phase =
  /** Queued, or its start not answered yet: no job of this step's. */
  | { kind: 'not-started' }
  /** if-running: wait, waiting for another run's job to end before starting. */
  | { kind: 'waiting-for-theirs'; job: SyncJob }
  /** A job this step started, not followed (yet). */
  | { kind: 'started' }
  /** A job this step started and is waiting on: the one a cancellation stops. */
  | { kind: 'following'; target: Target; executionId: string }
  /** Its result is final. */
  | { kind: 'ended' };

export interface Row {
  target: Target | Unresolved;
  result: DataSourceResult;
  phase: Phase;
}

export class SyncProgress {
  private readonly rows: Row[];

  constructor(readonly targets: ReadonlyArray<Target | Unresolved>) {
    this.rows = targets.map((target) => ({
      target,
      result: {
        containerId: target.containerId,
        dataSourceId: 'dataSourceId' in target ? target.dataSourceId : undefined,
        dataSourceName: target.dataSourceName,
        outcome: 'failed',
        skipped: false,
      },
      phase: { kind: 'not-started' },
    }));
  }

  /** The data source has an execution ID: a job this step started, or one if-running: skip left alone. */
  started(position: number, result: DataSourceResult): void {
    this.rows[position] = { ...this.rows[position], result, phase: { kind: 'started' } };
  }

  /** The data source waits for another run's job (`job`), or no longer (undefined). */
  waiting(position: number, job: SyncJob | undefined): void {
    const phase: Phase = job ? { kind: 'waiting-for-theirs', job } : { kind: 'not-started' };
    this.rows[position] = { ...this.rows[position], phase };
  }

  /** The job this step started on the data source is being waited on. */
  track(position: number, target: Target, executionId: string): void {
    this.rows[position] = {
      ...this.rows[position],
      phase: { kind: 'following', target, executionId },
    };
  }

  /** The wait for the data source's job is over, however it went. */
  untrack(position: number): void {
    this.rows[position] = { ...this.rows[position], phase: { kind: 'started' } };
  }

  ended(position: number, result: DataSourceResult): void {
    this.rows[position] = { ...this.rows[position], result, phase: { kind: 'ended' } };
  }

  /** Every data source as it is now. */
  now(): readonly Row[] {
    return this.rows;
  }

  /** Each data source's result: final once syncAll has returned. */
  results(): DataSourceResult[] {
    return this.rows.map((row) => row.result);
  }
}
