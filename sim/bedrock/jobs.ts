// Ingestion job lifecycle. Like Kendra's jobs, a job stores absolute phase boundaries (STARTING,
// IN_PROGRESS, then its final status, or STOPPING and STOPPED) and its status and statistics are
// derived from the clock on every read, so no timers run.
import type {
  BedrockDocumentScript,
  FinalIngestionStatus,
  IngestionJobScript,
  IngestionJobStatus,
  IngestionStatistics,
  StatisticsScript,
} from './types.js';

export const RUNNING_INGESTION: ReadonlySet<IngestionJobStatus> = new Set([
  'STARTING',
  'IN_PROGRESS',
  'STOPPING',
]);

export const BUILTIN_DEFAULT_INGESTION: Required<
  Pick<IngestionJobScript, 'status' | 'startingMs' | 'inProgressMs' | 'stoppingMs'>
> = { status: 'COMPLETE', startingMs: 500, inProgressMs: 2500, stoppingMs: 500 };

const DEFAULT_STATISTICS: Record<FinalIngestionStatus, IngestionStatistics> = {
  COMPLETE: {
    numberOfDocumentsScanned: 18,
    numberOfMetadataDocumentsScanned: 0,
    numberOfNewDocumentsIndexed: 12,
    numberOfModifiedDocumentsIndexed: 5,
    numberOfMetadataDocumentsModified: 0,
    numberOfDocumentsDeleted: 1,
    numberOfDocumentsFailed: 0,
    numberOfDocumentsSkipped: 0,
  },
  FAILED: {
    numberOfDocumentsScanned: 0,
    numberOfMetadataDocumentsScanned: 0,
    numberOfNewDocumentsIndexed: 0,
    numberOfModifiedDocumentsIndexed: 0,
    numberOfMetadataDocumentsModified: 0,
    numberOfDocumentsDeleted: 0,
    numberOfDocumentsFailed: 0,
    numberOfDocumentsSkipped: 0,
  },
};

const DEFAULT_FAILED_REASON =
  'Unable to access the data source. Check that the knowledge base service role has permission to read the data source and try again.';

export interface IngestionJob {
  id: string;
  knowledgeBaseId: string;
  dataSourceId: string;
  region: string;
  description?: string;
  clientToken?: string;
  startedAt: number;
  /** STARTING until this instant, IN_PROGRESS until inProgressEndsAt, then final. */
  startingEndsAt: number;
  inProgressEndsAt: number;
  stoppingMs: number;
  stopRequestedAt?: number;
  final: {
    status: FinalIngestionStatus | 'STOPPED';
    statistics: StatisticsScript;
    failureReasons: string[];
    /** What the job does to each document (sim/bedrock/documents.ts); default from statistics. */
    documents?: BedrockDocumentScript[];
  };
}

export interface IngestionJobState {
  status: IngestionJobStatus;
  updatedAt: number;
  statistics: Partial<IngestionStatistics>;
  failureReasons: string[];
}

/** Present counters only: a null in the script leaves the counter out of answers. */
function present(s: StatisticsScript): Partial<IngestionStatistics> {
  const out: Partial<IngestionStatistics> = {};
  for (const [k, v] of Object.entries(s) as [keyof IngestionStatistics, number | null][]) {
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

function scaled(s: StatisticsScript, f: number, scanF: number): Partial<IngestionStatistics> {
  const out = present(s);
  for (const k of Object.keys(out) as (keyof IngestionStatistics)[]) {
    const frac = k.endsWith('Scanned') ? scanF : f;
    out[k] = Math.floor(out[k]! * Math.min(1, Math.max(0, frac)));
  }
  return out;
}

export function ingestionState(job: IngestionJob, now: number): IngestionJobState {
  const span = Math.max(1, job.inProgressEndsAt - job.startingEndsAt);
  const progress = (t: number) => {
    const f = (t - job.startingEndsAt) / span;
    return scaled(job.final.statistics, f, f * 2);
  };
  if (job.stopRequestedAt !== undefined && job.stopRequestedAt < job.inProgressEndsAt) {
    const stoppedAt = job.stopRequestedAt + job.stoppingMs;
    const statistics = progress(job.stopRequestedAt);
    if (now < stoppedAt)
      return { status: 'STOPPING', updatedAt: job.stopRequestedAt, statistics, failureReasons: [] };
    return { status: 'STOPPED', updatedAt: stoppedAt, statistics, failureReasons: [] };
  }
  if (now < job.startingEndsAt)
    return {
      status: 'STARTING',
      updatedAt: job.startedAt,
      statistics: scaled(job.final.statistics, 0, 0),
      failureReasons: [],
    };
  if (now < job.inProgressEndsAt)
    return {
      status: 'IN_PROGRESS',
      updatedAt: job.startingEndsAt,
      statistics: progress(now),
      failureReasons: [],
    };
  return {
    status: job.final.status,
    updatedAt: job.inProgressEndsAt,
    statistics: present(job.final.statistics),
    failureReasons: [...job.final.failureReasons],
  };
}

export function finalFrom(script: IngestionJobScript): IngestionJob['final'] {
  const status = script.status ?? 'COMPLETE';
  return {
    status,
    statistics: { ...DEFAULT_STATISTICS[status], ...script.statistics },
    failureReasons: script.failureReasons ?? (status === 'FAILED' ? [DEFAULT_FAILED_REASON] : []),
    documents: script.documents,
  };
}
