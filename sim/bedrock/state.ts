// In-memory world of the simulated Bedrock Knowledge Bases: knowledge bases (each in one Region),
// their data sources, ingestion jobs, client tokens, the start rate limit and the account quota.
// The jobs' lifecycle is in ./jobs.ts.
import { randomInt } from 'node:crypto';
import type {
  AddIngestionJobOptions,
  BedrockDataSourceOptions,
  BedrockDataSourceType,
  KnowledgeBaseDocumentView,
  IngestionJobScript,
  IngestionJobView,
  KnowledgeBaseOptions,
  NotReadyStart,
} from './types.js';
import { DATA_SOURCE_STATUSES, KNOWLEDGE_BASE_STATUSES } from './model.js';
import {
  BUILTIN_DEFAULT_INGESTION,
  type IngestionJob,
  RUNNING_INGESTION,
  finalFrom,
  ingestionState,
} from './jobs.js';
import { Corpus, type StoredDocument } from '../core/corpus.js';
import { jobDocuments, listStatus } from './documents.js';
import type { CorpusDocument } from '../types.js';
import { Pager } from '../core/paging.js';
import { sha256Hex } from '../core/util.js';

const DEFAULT_REGION = 'us-east-1';
/** StartIngestionJob quota: 0.1 TPS per account and Region. */
const DEFAULT_START_INTERVAL_MS = 10_000;
/** Concurrent ingestion jobs per account (Service Quotas default). */
const DEFAULT_ACCOUNT_JOB_LIMIT = 5;
/** How long a clientToken is remembered (the AWS idempotency docs' usual 8 hours). */
const CLIENT_TOKEN_WINDOW_MS = 8 * 3600_000;
/** A managed connector stays CREATING for minutes (the user guide). */
const DEFAULT_CREATING_MS = 4 * 60_000;
/** Concurrent ingestion jobs per knowledge base: managed 50, the others 1. */
export const jobsPerKnowledgeBase = (kb: KnowledgeBase): number => (kb.type === 'MANAGED' ? 50 : 1);

export interface KnowledgeBase {
  id: string;
  name: string;
  region: string;
  status: string;
  description?: string;
  createdAt: number;
  updatedAt: number;
  type: 'VECTOR' | 'MANAGED' | 'KENDRA';
  kendraIndexId?: string;
}

export interface BedrockDataSource {
  id: string;
  knowledgeBaseId: string;
  name: string;
  type: BedrockDataSourceType;
  connector?: string;
  status: string;
  /** CREATING or UPDATING ends at `at` as `status` (see settle). */
  becomes?: { at: number; status: 'AVAILABLE' | 'FAILED'; failureReasons?: string[] };
  failureReasons?: string[];
  aclEnabled: boolean;
  /** When its schedule starts the next job on its own (see runSchedules). */
  schedule?: { nextAt: number; everyMs: number; job: IngestionJobScript };
  description?: string;
  createdAt: number;
  updatedAt: number;
  queue: IngestionJobScript[];
}

const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Bedrock resource IDs: 10 upper-case alphanumerics. */
function newBedrockId(): string {
  let out = '';
  for (let i = 0; i < 10; i++) out += ID_CHARS[randomInt(ID_CHARS.length)];
  return out;
}

/** A seeded status must be one the model knows, or the answers would not parse. */
function seed(what: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value))
    throw new Error(`${what}: status ${value} is not one of ${allowed.join(', ')}`);
  return value;
}

/** What a clientToken was first used with: a replay must match it exactly. */
interface TokenUse {
  jobId: string;
  fingerprint: string;
  at: number;
}

export class BedrockState {
  knowledgeBases = new Map<string, KnowledgeBase>();
  dataSources = new Map<string, BedrockDataSource>(); // key: kbId/dsId
  jobs = new Map<string, IngestionJob>();
  defaultJob: IngestionJobScript = { ...BUILTIN_DEFAULT_INGESTION };
  startIntervalMs = DEFAULT_START_INTERVAL_MS;
  accountJobLimit = DEFAULT_ACCOUNT_JOB_LIMIT;
  notReadyStart: NotReadyStart = 'ValidationException';
  readonly pager = new Pager();
  /** Each data source's documents, served by the runtime's Retrieve once a job picks them up. */
  readonly corpus = new Corpus('addKnowledgeBaseDocuments');
  private lastStart = new Map<string, number>(); // region -> last accepted StartIngestionJob
  private tokens = new Map<string, TokenUse>(); // region|clientToken

  /** Told of every job started or added, for the application logs (sim/logs/bedrock-writer.ts). */
  onJob?: (job: IngestionJob) => void;

  constructor(readonly account: string) {}

  reset(): void {
    this.knowledgeBases.clear();
    this.dataSources.clear();
    this.jobs.clear();
    this.defaultJob = { ...BUILTIN_DEFAULT_INGESTION };
    this.startIntervalMs = DEFAULT_START_INTERVAL_MS;
    this.accountJobLimit = DEFAULT_ACCOUNT_JOB_LIMIT;
    this.notReadyStart = 'ValidationException';
    this.pager.clear();
    this.corpus.reset();
    this.lastStart.clear();
    this.tokens.clear();
  }

  // ---- catalog ------------------------------------------------------------------------------

  addKnowledgeBase(opts: KnowledgeBaseOptions): string {
    const id = opts.id ?? newBedrockId();
    if (!/^[0-9a-zA-Z]{10}$/.test(id)) throw new Error(`addKnowledgeBase: bad id ${id}`);
    const status = seed('addKnowledgeBase', opts.status ?? 'ACTIVE', KNOWLEDGE_BASE_STATUSES);
    const now = Date.now();
    this.knowledgeBases.set(id, {
      id,
      name: opts.name,
      region: opts.region ?? DEFAULT_REGION,
      status,
      description: opts.description,
      createdAt: now - 30 * 86400_000,
      updatedAt: now - 86400_000,
      type: opts.type ?? 'VECTOR',
      kendraIndexId: opts.kendraIndexId,
    });
    return id;
  }

  addDataSource(knowledgeBaseId: string, opts: BedrockDataSourceOptions): string {
    if (!this.knowledgeBases.has(knowledgeBaseId)) {
      throw new Error(`addBedrockDataSource: unknown knowledge base ${knowledgeBaseId}`);
    }
    const id = opts.id ?? newBedrockId();
    if (!/^[0-9a-zA-Z]{10}$/.test(id)) throw new Error(`addBedrockDataSource: bad id ${id}`);
    const status = seed('addBedrockDataSource', opts.status ?? 'AVAILABLE', DATA_SOURCE_STATUSES);
    const kbType = this.knowledgeBases.get(knowledgeBaseId)!.type;
    // A Kendra GenAI index's data sources are Kendra's: Bedrock lists none.
    if (kbType === 'KENDRA')
      throw new Error('addBedrockDataSource: a KENDRA knowledge base has none');
    const managed = kbType === 'MANAGED';
    const type = opts.type ?? (managed ? 'MANAGED_KNOWLEDGE_BASE_CONNECTOR' : 'WEB');
    if (managed !== (type === 'MANAGED_KNOWLEDGE_BASE_CONNECTOR')) {
      throw new Error(
        `addBedrockDataSource: a ${type} data source in a knowledge base that is ${managed ? '' : 'not '}MANAGED`,
      );
    }
    const now = Date.now();
    const pending = status === 'CREATING' || status === 'UPDATING';
    this.dataSources.set(`${knowledgeBaseId}/${id}`, {
      id,
      knowledgeBaseId,
      name: opts.name,
      type,
      connector: managed ? (opts.connector ?? 'WEB') : undefined,
      status,
      ...(pending && { becomes: this.becomes(now, opts) }),
      ...(status === 'FAILED' && { failureReasons: opts.failureReasons ?? [] }),
      aclEnabled: opts.aclEnabled ?? false,
      ...(opts.syncSchedule && {
        schedule: {
          nextAt: opts.syncSchedule.firstAt.getTime(),
          everyMs: Math.max(opts.syncSchedule.everyMs, 60_000),
          job: opts.syncSchedule.job ?? {},
        },
      }),
      description: opts.description,
      createdAt: status === 'CREATING' ? now : now - 20 * 86400_000,
      updatedAt: pending ? now : now - 86400_000,
      queue: [],
    });
    return id;
  }

  private becomes(
    now: number,
    opts: { readyInMs?: number; failureReasons?: string[] },
  ): NonNullable<BedrockDataSource['becomes']> {
    const at = now + (opts.readyInMs ?? DEFAULT_CREATING_MS);
    const { failureReasons } = opts;
    return failureReasons ? { at, status: 'FAILED', failureReasons } : { at, status: 'AVAILABLE' };
  }

  /** A managed connector's asynchronous update: UPDATING now, settled later. */
  updateDataSource(
    knowledgeBaseId: string,
    id: string,
    opts: { readyInMs: number; failureReasons?: string[] },
  ): void {
    const ds = this.requireDataSource(knowledgeBaseId, id);
    const now = Date.now();
    Object.assign(ds, { status: 'UPDATING', updatedAt: now, becomes: this.becomes(now, opts) });
  }

  /** The data source as it is at `now`: a CREATING or UPDATING one settles when its time comes. */
  settle(ds: BedrockDataSource, now: number): BedrockDataSource {
    const next = ds.becomes;
    if (next && now >= next.at) {
      Object.assign(ds, {
        status: next.status,
        failureReasons: next.failureReasons,
        updatedAt: next.at,
        becomes: undefined,
      });
    }
    return ds;
  }

  /** The knowledge base as seen from `region`: one in another Region does not exist there. */
  knowledgeBase(id: string, region: string): KnowledgeBase | undefined {
    const kb = this.knowledgeBases.get(id);
    return kb && kb.region === region ? kb : undefined;
  }

  dataSource(knowledgeBaseId: string, id: string): BedrockDataSource | undefined {
    return this.dataSources.get(`${knowledgeBaseId}/${id}`);
  }

  dataSourcesOf(knowledgeBaseId: string): BedrockDataSource[] {
    return [...this.dataSources.values()].filter((d) => d.knowledgeBaseId === knowledgeBaseId);
  }

  private requireDataSource(knowledgeBaseId: string, id: string): BedrockDataSource {
    const ds = this.dataSource(knowledgeBaseId, id);
    if (!ds) throw new Error(`unknown Bedrock data source ${knowledgeBaseId}/${id}`);
    return ds;
  }

  scriptJobs(knowledgeBaseId: string, dataSourceId: string, jobs: IngestionJobScript[]): void {
    this.requireDataSource(knowledgeBaseId, dataSourceId).queue.push(...jobs);
  }

  // ---- search -------------------------------------------------------------------------------

  /** Seed documents in a data source; a later COMPLETE ingestion job makes them searchable. */
  addDocuments(
    knowledgeBaseId: string,
    dataSourceId: string,
    docs: CorpusDocument[],
    opts: { indexLatencyMs?: number } = {},
  ): void {
    this.requireDataSource(knowledgeBaseId, dataSourceId);
    if (opts.indexLatencyMs !== undefined) {
      this.corpus.setLatency(knowledgeBaseId, dataSourceId, opts.indexLatencyMs);
    }
    this.corpus.add(knowledgeBaseId, dataSourceId, docs, Date.now(), (doc) => {
      const l = doc.location;
      if (l && !/^(s3|https?):\/\//.test(l)) {
        throw new Error(
          `addKnowledgeBaseDocuments: location ${l} is not an s3:// URI or a web URL`,
        );
      }
    });
  }

  /** The documents the knowledge base's Retrieve serves at `now`. */
  servedDocuments(knowledgeBaseId: string, now: number): StoredDocument[] {
    return this.corpus.served(
      knowledgeBaseId,
      this.dataSourcesOf(knowledgeBaseId).map((d) => d.id),
      (dsId) =>
        this.jobsOf(knowledgeBaseId, dsId).map((j) => {
          const s = ingestionState(j, now);
          return {
            startTime: j.startedAt,
            servedFrom: s.status === 'COMPLETE' ? s.updatedAt : undefined,
          };
        }),
      now,
    );
  }

  /** What a Retrieve as `userId` (none: anonymous) may find: ACL-enabled sources filter by user. */
  readableDocuments(knowledgeBaseId: string, now: number, userId?: string): StoredDocument[] {
    const user = userId?.toLowerCase();
    return this.servedDocuments(knowledgeBaseId, now).filter((doc) => {
      const ds = this.dataSource(knowledgeBaseId, doc.dataSourceId);
      if (!ds?.aclEnabled) return true;
      return user !== undefined && (doc.allowedUsers ?? []).includes(user);
    });
  }

  // ---- jobs ---------------------------------------------------------------------------------

  jobsOf(knowledgeBaseId: string, dataSourceId?: string): IngestionJob[] {
    this.runSchedules(Date.now());
    return [...this.jobs.values()].filter(
      (j) =>
        j.knowledgeBaseId === knowledgeBaseId &&
        (dataSourceId === undefined || j.dataSourceId === dataSourceId),
    );
  }

  /** The jobs schedules have started by `now`, each at its own time, without a request. */
  private runSchedules(now: number): void {
    for (const ds of this.dataSources.values()) {
      const schedule = ds.schedule;
      while (schedule && schedule.nextAt <= now) {
        const kb = this.knowledgeBases.get(ds.knowledgeBaseId)!;
        const script = { ...this.defaultJob, ...schedule.job };
        const job = this.newJob(ds, kb.region, script, schedule.nextAt);
        job.description = 'Scheduled sync';
        this.jobs.set(job.id, job);
        this.onJob?.(job);
        schedule.nextAt += schedule.everyMs;
      }
    }
  }

  /** The running jobs of the knowledge base's data sources (or of one of them). */
  runningIn(knowledgeBaseId: string, now: number, dataSourceId?: string): IngestionJob[] {
    return this.jobsOf(knowledgeBaseId, dataSourceId).filter((j) =>
      RUNNING_INGESTION.has(ingestionState(j, now).status),
    );
  }

  runningInRegion(region: string, now: number): number {
    this.runSchedules(now);
    return [...this.jobs.values()].filter(
      (j) => j.region === region && RUNNING_INGESTION.has(ingestionState(j, now).status),
    ).length;
  }

  /** Rate limit: true (and the call counts) when a start may go through now. */
  admitStart(region: string, now: number): boolean {
    if (this.startIntervalMs <= 0) return true;
    const last = this.lastStart.get(region);
    if (last !== undefined && now - last < this.startIntervalMs) return false;
    this.lastStart.set(region, now);
    return true;
  }

  /** The job a clientToken already started; 'mismatch' when it came with other parameters. */
  replay(
    region: string,
    clientToken: string,
    fingerprint: string,
    now: number,
  ): IngestionJob | 'mismatch' | undefined {
    const use = this.tokens.get(`${region}|${clientToken}`);
    if (!use || now - use.at > CLIENT_TOKEN_WINDOW_MS) return undefined;
    if (use.fingerprint !== fingerprint) return 'mismatch';
    return this.jobs.get(use.jobId);
  }

  startJob(
    ds: BedrockDataSource,
    region: string,
    req: { clientToken?: string; description?: string; fingerprint: string },
    now: number,
    /** How this job runs instead of the data source's next scripted one. */
    forced?: IngestionJobScript,
  ): IngestionJob {
    const script = { ...this.defaultJob, ...(forced ?? ds.queue.shift() ?? {}) };
    const job = this.newJob(ds, region, script, now);
    job.description = req.description;
    job.clientToken = req.clientToken;
    this.jobs.set(job.id, job);
    this.onJob?.(job);
    if (req.clientToken) {
      this.tokens.set(`${region}|${req.clientToken}`, {
        jobId: job.id,
        fingerprint: req.fingerprint,
        at: now,
      });
    }
    return job;
  }

  private newJob(
    ds: BedrockDataSource,
    region: string,
    script: IngestionJobScript,
    now: number,
  ): IngestionJob {
    const startingMs = script.startingMs ?? BUILTIN_DEFAULT_INGESTION.startingMs;
    const inProgressMs = script.inProgressMs ?? BUILTIN_DEFAULT_INGESTION.inProgressMs;
    return {
      id: newBedrockId(),
      knowledgeBaseId: ds.knowledgeBaseId,
      dataSourceId: ds.id,
      region,
      startedAt: now,
      startingEndsAt: now + startingMs,
      inProgressEndsAt: now + startingMs + inProgressMs,
      stoppingMs: script.stoppingMs ?? BUILTIN_DEFAULT_INGESTION.stoppingMs,
      final: finalFrom(script),
    };
  }

  addJob(knowledgeBaseId: string, dataSourceId: string, opts: AddIngestionJobOptions): string {
    const ds = this.requireDataSource(knowledgeBaseId, dataSourceId);
    const kb = this.knowledgeBases.get(knowledgeBaseId)!;
    const now = Date.now();
    const script: IngestionJobScript = { ...this.defaultJob, ...opts.script };
    if (opts.statistics) script.statistics = { ...script.statistics, ...opts.statistics };
    if (opts.failureReasons) script.failureReasons = opts.failureReasons;
    const job = this.newJob(ds, kb.region, script, now);
    job.description = opts.description;
    const startingMs = script.startingMs ?? BUILTIN_DEFAULT_INGESTION.startingMs;
    const inProgressMs = script.inProgressMs ?? BUILTIN_DEFAULT_INGESTION.inProgressMs;
    switch (opts.status) {
      case 'STARTING': // the current phase starts now
        job.startedAt = opts.startedAt?.getTime() ?? now;
        job.startingEndsAt = now + startingMs;
        job.inProgressEndsAt = job.startingEndsAt + inProgressMs;
        break;
      case 'IN_PROGRESS':
        job.startedAt = opts.startedAt?.getTime() ?? now - startingMs;
        job.startingEndsAt = now;
        job.inProgressEndsAt = now + inProgressMs;
        break;
      case 'STOPPING':
        job.startedAt = opts.startedAt?.getTime() ?? now - startingMs;
        job.startingEndsAt = Math.min(now, job.startedAt + startingMs);
        job.inProgressEndsAt = now + 3600_000;
        job.stopRequestedAt = now;
        break;
      default: {
        const end =
          opts.endedAt?.getTime() ?? Math.min(now, (opts.startedAt?.getTime() ?? now) + 600_000);
        job.startedAt = opts.startedAt?.getTime() ?? end - 600_000;
        job.startingEndsAt = Math.min(end, job.startedAt + startingMs);
        job.inProgressEndsAt = end;
        if (opts.status === 'STOPPED') {
          job.stopRequestedAt = end - job.stoppingMs;
          job.startingEndsAt = Math.min(job.startingEndsAt, job.stopRequestedAt);
          job.inProgressEndsAt = end + 1;
        } else {
          job.final = finalFrom({ ...script, status: opts.status });
        }
      }
    }
    this.jobs.set(job.id, job);
    this.onJob?.(job);
    return job.id;
  }

  // ---- documents ----------------------------------------------------------------------------

  /**
   * The data source's documents at `now`, as its ended jobs left them (the latest job's word on a
   * document wins), in the order they were first seen.
   */
  documentsOf(ds: BedrockDataSource, now: number): KnowledgeBaseDocumentView[] {
    const byLocation = new Map<string, KnowledgeBaseDocumentView>();
    const jobs = this.jobsOf(ds.knowledgeBaseId, ds.id).sort(
      (a, b) => a.inProgressEndsAt - b.inProgressEndsAt,
    );
    for (const job of jobs) {
      for (const d of jobDocuments(job, ds.type, now)) {
        byLocation.set(d.location, {
          location: d.location,
          status: listStatus(d.status),
          ...(d.reasons.length > 0 && { statusReason: d.reasons.join(' ') }),
          updatedAt: new Date(d.at),
        });
      }
    }
    return [...byLocation.values()];
  }

  /** ListIngestionJobs without sortBy: no documented order, so a stable hash order. */
  shuffled(jobs: IngestionJob[]): IngestionJob[] {
    const key = (j: IngestionJob) => sha256Hex(`${j.dataSourceId}|${j.id}`);
    return jobs.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  }

  view(job: IngestionJob, now = Date.now()): IngestionJobView {
    const s = ingestionState(job, now);
    return {
      ingestionJobId: job.id,
      knowledgeBaseId: job.knowledgeBaseId,
      dataSourceId: job.dataSourceId,
      description: job.description,
      clientToken: job.clientToken,
      status: s.status,
      startedAt: new Date(job.startedAt),
      updatedAt: new Date(s.updatedAt),
      statistics: s.statistics,
      failureReasons: s.failureReasons,
      stopRequested: job.stopRequestedAt !== undefined,
    };
  }
}
