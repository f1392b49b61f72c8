// Sync job lifecycle. A job stores absolute phase boundaries and its status is derived from the
// clock on every read, so no timers run and a test sees the same state whenever it looks.
import type { FinalJobStatus, JobScript, KendraJobStatus, Metrics } from '../types.js';
import { seededRandom, uuid } from '../core/util.js';

export interface Job {
  executionId: string;
  indexId: string;
  dataSourceId: string;
  startTime: number;
  /** SYNCING until this instant, then SYNCING_INDEXING until indexingEndsAt, then final. */
  syncingEndsAt: number;
  indexingEndsAt: number;
  stoppingMs: number;
  stopRequestedAt?: number;
  final: {
    status: FinalJobStatus;
    metrics: Metrics;
    errorMessage?: string;
    errorCode?: string;
    dataSourceErrorCode?: string;
  };
}

export interface JobState {
  status: KendraJobStatus;
  endTime?: number;
  metrics: Metrics;
  errorMessage?: string;
  errorCode?: string;
  dataSourceErrorCode?: string;
}

export const RUNNING: ReadonlySet<KendraJobStatus> = new Set([
  'SYNCING',
  'SYNCING_INDEXING',
  'STOPPING',
]);

export const BUILTIN_DEFAULT_JOB: Required<
  Pick<JobScript, 'status' | 'syncingMs' | 'indexingMs' | 'stoppingMs'>
> = {
  status: 'SUCCEEDED',
  syncingMs: 1500,
  indexingMs: 1500,
  stoppingMs: 500,
};

const DEFAULT_METRICS: Record<FinalJobStatus, Metrics> = {
  SUCCEEDED: { added: 12, modified: 5, deleted: 1, failed: 0, scanned: 18 },
  INCOMPLETE: { added: 10, modified: 4, deleted: 1, failed: 3, scanned: 18 },
  FAILED: { added: 0, modified: 0, deleted: 0, failed: 0, scanned: 0 },
  ABORTED: { added: 4, modified: 1, deleted: 0, failed: 0, scanned: 9 },
};

export function finalFromScript(script: JobScript): Job['final'] {
  const status = script.status ?? 'SUCCEEDED';
  const metrics = { ...DEFAULT_METRICS[status], ...script.metrics };
  let errorMessage = script.errorMessage;
  let errorCode = script.errorCode;
  if (status === 'FAILED') {
    errorMessage ??=
      'The data source connector could not reach the data source. Check the connection configuration and credentials, then sync again.';
    errorCode ??= 'InternalError';
  } else if (status === 'INCOMPLETE') {
    errorMessage ??= `${metrics.failed} documents could not be indexed.`;
  }
  return {
    status,
    metrics,
    errorMessage,
    errorCode,
    dataSourceErrorCode: script.dataSourceErrorCode,
  };
}

/** A new job started now from a script (StartDataSourceSyncJob). */
export function newJob(indexId: string, dataSourceId: string, script: JobScript, now: number): Job {
  const syncingMs = script.syncingMs ?? BUILTIN_DEFAULT_JOB.syncingMs;
  const indexingMs = script.indexingMs ?? BUILTIN_DEFAULT_JOB.indexingMs;
  return {
    executionId: uuid(),
    indexId,
    dataSourceId,
    startTime: now,
    syncingEndsAt: now + syncingMs,
    indexingEndsAt: now + syncingMs + indexingMs,
    stoppingMs: script.stoppingMs ?? BUILTIN_DEFAULT_JOB.stoppingMs,
    final: finalFromScript(script),
  };
}

function scale(n: number, f: number): number {
  return Math.floor(n * Math.min(1, Math.max(0, f)));
}

/** Partial counts while running: scanning leads during SYNCING, the rest grows over the whole run. */
function progress(job: Job, t: number): Metrics {
  const m = job.final.metrics;
  const total = Math.max(1, job.indexingEndsAt - job.startTime);
  const syncSpan = Math.max(1, job.syncingEndsAt - job.startTime);
  const f = (t - job.startTime) / total;
  return {
    scanned: scale(m.scanned, (t - job.startTime) / syncSpan),
    added: scale(m.added, f),
    modified: scale(m.modified, f),
    deleted: scale(m.deleted, f),
    failed: scale(m.failed, f),
  };
}

export function jobState(job: Job, now: number): JobState {
  if (job.stopRequestedAt !== undefined && job.stopRequestedAt < job.indexingEndsAt) {
    const abortAt = job.stopRequestedAt + job.stoppingMs;
    const metrics = progress(job, job.stopRequestedAt);
    if (now < abortAt) return { status: 'STOPPING', metrics };
    return { status: 'ABORTED', endTime: abortAt, metrics };
  }
  if (now < job.syncingEndsAt) return { status: 'SYNCING', metrics: progress(job, now) };
  if (now < job.indexingEndsAt) return { status: 'SYNCING_INDEXING', metrics: progress(job, now) };
  const f = job.final;
  return {
    status: f.status,
    endTime: job.indexingEndsAt,
    metrics: { ...f.metrics },
    errorMessage: f.errorMessage,
    errorCode: f.errorCode,
    dataSourceErrorCode: f.dataSourceErrorCode,
  };
}

/** Finished jobs at past times with a mix of outcomes (deterministic per data source). */
export function historyJobs(
  indexId: string,
  dataSourceId: string,
  count: number,
  now: number,
  offset: number,
): Job[] {
  const rnd = seededRandom(`${dataSourceId}:${offset}`);
  const pattern: FinalJobStatus[] = [
    'SUCCEEDED',
    'SUCCEEDED',
    'INCOMPLETE',
    'SUCCEEDED',
    'FAILED',
    'ABORTED',
  ];
  const jobs: Job[] = [];
  for (let i = 0; i < count; i++) {
    // One job every ~2 hours going back in time, each 5-25 minutes long.
    const start = now - (offset + i + 1) * 2 * 3600_000 - Math.floor(rnd() * 600_000);
    const end = start + 300_000 + Math.floor(rnd() * 1_200_000);
    const status = pattern[(offset + i) % pattern.length];
    const base = finalFromScript({ status });
    const k = 0.5 + rnd();
    const metrics: Metrics = {
      added: Math.round(base.metrics.added * k),
      modified: Math.round(base.metrics.modified * k),
      deleted: Math.round(base.metrics.deleted * k),
      failed: Math.round(base.metrics.failed * k),
      scanned: Math.round(base.metrics.scanned * k),
    };
    jobs.push({
      executionId: uuid(),
      indexId,
      dataSourceId,
      startTime: start,
      syncingEndsAt: end,
      indexingEndsAt: end,
      stoppingMs: 0,
      final: { ...finalFromScript({ status, metrics }) },
    });
  }
  return jobs;
}
