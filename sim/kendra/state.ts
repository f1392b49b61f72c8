// In-memory world of the simulated Kendra: indexes (each in one Region), their data sources, sync
// jobs (their lifecycle is in ./jobs.ts), the job scripts tests queue, and ListX page tokens.
import { Corpus, type StoredDocument, type SyncWindow } from '../core/corpus.js';
import { Pager } from '../core/paging.js';
import { whole } from '../core/validate.js';
import { sha256Hex, uuid } from '../core/util.js';
import type {
  AddDataSourceOptions,
  AddIndexOptions,
  AddJobOptions,
  CorpusDocument,
  JobScript,
  JobView,
} from '../types.js';
import {
  type Job,
  type JobState,
  RUNNING,
  historyJobs,
  jobState,
  newJob,
  finalFromScript,
  BUILTIN_DEFAULT_JOB,
} from './jobs.js';
import {
  DATA_SOURCE_STATUSES,
  DATA_SOURCE_SYNC_JOB_STATUSES,
  DATA_SOURCE_TYPES,
  ERROR_CODES,
  INDEX_EDITIONS,
  INDEX_STATUSES,
  URL_PATTERN,
} from './model.js';

const DEFAULT_REGION = 'us-east-1';

export interface Index {
  id: string;
  region: string;
  name: string;
  edition: string;
  status: string;
  createdAt: number;
  updatedAt: number;
}

export interface DataSource {
  id: string;
  indexId: string;
  name: string;
  type: string;
  status: string;
  languageCode: string;
  createdAt: number;
  updatedAt: number;
  queue: JobScript[];
}

/** The Kendra catalog and its jobs; every change goes through a method. */
export class KendraState {
  private readonly indexes = new Map<string, Index>();
  private readonly dataSources = new Map<string, DataSource>(); // key: indexId/dsId
  private readonly jobsById = new Map<string, Job>();
  /** Page tokens of the listings (ListIndices, ListDataSources, ListDataSourceSyncJobs). */
  readonly pager = new Pager();
  private defaultJobScript: JobScript = { ...BUILTIN_DEFAULT_JOB };
  /** The documents of each data source, served once a sync job picks them up. */
  readonly corpus = new Corpus('addDocuments');
  /** Told of every sync job started or added (the CloudWatch Logs writer watches them end). */
  onJob?: (job: Job, script: JobScript) => void;

  constructor(readonly account: string) {}

  get defaultJob(): JobScript {
    return this.defaultJobScript;
  }

  setDefaultJob(job: JobScript): void {
    checkScript('setDefaultJob', job);
    this.defaultJobScript = { ...BUILTIN_DEFAULT_JOB, ...job };
  }

  reset(): void {
    this.indexes.clear();
    this.dataSources.clear();
    this.jobsById.clear();
    this.pager.clear();
    this.corpus.reset();
    this.defaultJobScript = { ...BUILTIN_DEFAULT_JOB };
  }

  // ---- Kendra catalog -----------------------------------------------------------------------

  addIndex(opts: AddIndexOptions): string {
    const id = opts.id ?? uuid();
    const status = oneOf('addIndex', 'status', opts.status ?? 'ACTIVE', INDEX_STATUSES);
    const edition = oneOf(
      'addIndex',
      'edition',
      opts.edition ?? 'ENTERPRISE_EDITION',
      INDEX_EDITIONS,
    );
    const now = Date.now();
    this.indexes.set(id, {
      id,
      region: opts.region ?? DEFAULT_REGION,
      name: opts.name,
      edition,
      status,
      createdAt: now - 30 * 86400_000,
      updatedAt: now - 86400_000,
    });
    return id;
  }

  /** The index, if it exists in `region` (a resource lives in the Region it was created in). */
  index(id: string, region: string): Index | undefined {
    const index = this.indexes.get(id);
    return index?.region === region ? index : undefined;
  }

  /** The Region an index lives in (its CloudWatch Logs group is there too). */
  indexRegion(id: string): string | undefined {
    return this.indexes.get(id)?.region;
  }

  /** IDs of the indexes in `region`, in creation order. */
  indexIdsIn(region: string): string[] {
    return [...this.indexes.values()].filter((i) => i.region === region).map((i) => i.id);
  }

  addDataSource(indexId: string, opts: AddDataSourceOptions): string {
    if (!this.indexes.has(indexId)) throw new Error(`addDataSource: unknown index ${indexId}`);
    const type = oneOf('addDataSource', 'type', opts.type ?? 'WEBCRAWLER', DATA_SOURCE_TYPES);
    const status = oneOf('addDataSource', 'status', opts.status ?? 'ACTIVE', DATA_SOURCE_STATUSES);
    const id = opts.id ?? uuid();
    const now = Date.now();
    this.dataSources.set(`${indexId}/${id}`, {
      id,
      indexId,
      name: opts.name,
      type,
      status,
      languageCode: opts.languageCode ?? 'en',
      createdAt: now - 20 * 86400_000,
      updatedAt: now - 86400_000,
      queue: [],
    });
    return id;
  }

  dataSource(indexId: string, id: string): DataSource | undefined {
    return this.dataSources.get(`${indexId}/${id}`);
  }

  /** IDs of an index's data sources, in creation order. */
  dataSourceIdsOf(indexId: string): string[] {
    return [...this.dataSources.values()].filter((d) => d.indexId === indexId).map((d) => d.id);
  }

  private requireDataSource(indexId: string, id: string): DataSource {
    const ds = this.dataSource(indexId, id);
    if (!ds) throw new Error(`unknown data source ${indexId}/${id}`);
    return ds;
  }

  // ---- search -------------------------------------------------------------------------------

  /** Seed documents in a data source's source; a later sync job makes them searchable. */
  addDocuments(
    indexId: string,
    dataSourceId: string,
    docs: CorpusDocument[],
    opts: { indexLatencyMs?: number } = {},
  ): void {
    this.requireDataSource(indexId, dataSourceId);
    if (opts.indexLatencyMs !== undefined) {
      this.corpus.setLatency(indexId, dataSourceId, opts.indexLatencyMs);
    }
    this.corpus.add(indexId, dataSourceId, docs, Date.now(), (doc) => {
      // Retrieve's DocumentURI is a Url (http, https, ftp, file); an s3:// location is the ID.
      if (
        doc.location &&
        !doc.location.startsWith('s3://') &&
        !whole(URL_PATTERN).test(doc.location)
      ) {
        throw new Error(`addDocuments: location ${doc.location} is neither a URL nor an s3:// URI`);
      }
      const id = doc.id ?? doc.location ?? '';
      if (id.length > 2048) throw new Error('addDocuments: a DocumentId is at most 2048 chars');
    });
  }

  /** The documents a Retrieve on the index serves at `now`. */
  servedDocuments(indexId: string, now: number): StoredDocument[] {
    return this.corpus.served(
      indexId,
      this.dataSourceIdsOf(indexId),
      (dsId) =>
        this.jobsOf(indexId, dsId).map((j): SyncWindow => {
          const s = jobState(j, now);
          const ok = s.status === 'SUCCEEDED' || s.status === 'INCOMPLETE';
          return { startTime: j.startTime, servedFrom: ok ? s.endTime : undefined };
        }),
      now,
    );
  }

  // ---- jobs ---------------------------------------------------------------------------------

  job(executionId: string): Job | undefined {
    return this.jobsById.get(executionId);
  }

  /** StopDataSourceSyncJob on a running job; stopping a STOPPING job changes nothing. */
  requestStop(job: Job, now: number): void {
    job.stopRequestedAt ??= now;
  }

  jobsOf(indexId: string, dataSourceId: string): Job[] {
    return [...this.jobsById.values()].filter(
      (j) => j.indexId === indexId && j.dataSourceId === dataSourceId,
    );
  }

  runningJob(indexId: string, dataSourceId: string, now: number): Job | undefined {
    return this.jobsOf(indexId, dataSourceId).find((j) => RUNNING.has(jobState(j, now).status));
  }

  startJob(ds: DataSource, now: number): Job {
    const script = ds.queue.shift() ?? this.defaultJob;
    const job = newJob(ds.indexId, ds.id, { ...this.defaultJob, ...script }, now);
    this.jobsById.set(job.executionId, job);
    this.onJob?.(job, { ...this.defaultJob, ...script });
    return job;
  }

  addJob(indexId: string, dataSourceId: string, opts: AddJobOptions): string {
    oneOf('addJob', 'status', opts.status, DATA_SOURCE_SYNC_JOB_STATUSES);
    if (opts.errorCode !== undefined) oneOf('addJob', 'errorCode', opts.errorCode, ERROR_CODES);
    if (opts.script) checkScript('addJob', opts.script);
    this.requireDataSource(indexId, dataSourceId);
    const now = Date.now();
    const start = opts.startTime.getTime();
    const script: JobScript = { ...this.defaultJob, ...opts.script };
    const base = newJob(indexId, dataSourceId, script, now);
    const job: Job = { ...base, startTime: start };
    const syncingMs = script.syncingMs ?? BUILTIN_DEFAULT_JOB.syncingMs;
    const indexingMs = script.indexingMs ?? BUILTIN_DEFAULT_JOB.indexingMs;
    switch (opts.status) {
      case 'SYNCING': // the current phase starts now, whatever startTime says
        job.syncingEndsAt = now + syncingMs;
        job.indexingEndsAt = job.syncingEndsAt + indexingMs;
        break;
      case 'SYNCING_INDEXING':
        job.syncingEndsAt = now;
        job.indexingEndsAt = now + indexingMs;
        break;
      case 'STOPPING':
        job.syncingEndsAt = job.indexingEndsAt = now + 3600_000;
        job.stopRequestedAt = now;
        break;
      default: {
        const end = opts.endTime?.getTime() ?? Math.min(start + 600_000, now);
        job.syncingEndsAt = job.indexingEndsAt = end;
        job.final = finalFromScript({
          status: opts.status,
          metrics: opts.metrics,
          errorMessage: opts.errorMessage,
          errorCode: opts.errorCode,
        });
      }
    }
    if (opts.metrics && RUNNING.has(opts.status)) {
      job.final = { ...job.final, metrics: { ...job.final.metrics, ...opts.metrics } };
    }
    this.jobsById.set(job.executionId, job);
    this.onJob?.(job, script);
    return job.executionId;
  }

  addHistory(indexId: string, dataSourceId: string, count: number): void {
    this.requireDataSource(indexId, dataSourceId);
    const existing = this.jobsOf(indexId, dataSourceId).length;
    for (const job of historyJobs(indexId, dataSourceId, count, Date.now(), existing)) {
      this.jobsById.set(job.executionId, job);
    }
  }

  scriptJobs(indexId: string, dataSourceId: string, jobs: JobScript[]): void {
    for (const job of jobs) checkScript('scriptJobs', job);
    this.requireDataSource(indexId, dataSourceId).queue.push(...jobs);
  }

  /** Kendra returns history in no particular order: a stable hash order per data source. */
  shuffledJobs(indexId: string, dataSourceId: string): Job[] {
    const key = (j: Job) => sha256Hex(`${dataSourceId}|${j.executionId}`);
    return this.jobsOf(indexId, dataSourceId).sort((a, b) => (key(a) < key(b) ? -1 : 1));
  }

  view(job: Job, now = Date.now()): JobView {
    const s: JobState = jobState(job, now);
    return {
      executionId: job.executionId,
      indexId: job.indexId,
      dataSourceId: job.dataSourceId,
      status: s.status,
      startTime: new Date(job.startTime),
      endTime: s.endTime === undefined ? undefined : new Date(s.endTime),
      metrics: s.metrics,
      errorMessage: s.errorMessage,
      errorCode: s.errorCode,
      stopRequested: job.stopRequestedAt !== undefined,
    };
  }
}

/** Seeds use the model's enums, so a typo fails the test that made it, not a later assertion. */
function oneOf<T extends string>(
  where: string,
  field: string,
  value: string,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${where}: ${field} ${value} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A job script ends in a final status of the model, with an ErrorCode of the model. */
function checkScript(where: string, job: JobScript): void {
  if (job.status !== undefined) {
    oneOf(where, 'status', job.status, ['SUCCEEDED', 'FAILED', 'INCOMPLETE', 'ABORTED'] as const);
  }
  if (job.errorCode !== undefined) oneOf(where, 'errorCode', job.errorCode, ERROR_CODES);
}
