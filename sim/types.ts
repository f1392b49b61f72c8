// Public types of the local AWS simulator (GitHub OIDC, STS, Kendra, Bedrock Agent and CloudWatch
// Logs on one port); each service folder's types.ts adds its own.
import type { BedrockApi } from './bedrock/types.js';
import type { BedrockRuntimeApi } from './bedrock-runtime/types.js';
import type { FailedDocumentScript, LogsApi } from './logs/types.js';

export type * from './bedrock/types.js';
export type * from './bedrock-runtime/types.js';
export type * from './logs/types.js';

export type ServiceName =
  'oidc' | 'sts' | 'kendra' | 'bedrock' | 'bedrock-runtime' | 'logs' | 'unknown';

/**
 * A document in a data source's corpus, searchable once a sync job that starts after it was
 * added ends well (Kendra: SUCCEEDED or INCOMPLETE; Bedrock: COMPLETE), plus the index latency.
 * Adding a document with an ID already there adds a new version, served after the next sync.
 */
export interface CorpusDocument {
  /** Kendra: DocumentId; Bedrock: the custom document's ID. Default: the location. */
  id?: string;
  /**
   * Where it came from. Kendra: a URL (http, https, ftp, file) is the result's DocumentURI; an
   * s3:// URI is only the default ID. Bedrock: s3:// (S3), http(s) (WEB), none (CUSTOM, by id).
   */
  location?: string;
  title?: string;
  /** The text searched and returned (in passages of 200 words for Kendra, chunks of 300 for Bedrock). */
  text: string;
  /** Served this many ms after the job that picks it up ends (default: the data source's). */
  indexLatencyMs?: number;
  /**
   * Bedrock, in an ACL-enabled data source: the users (emails) allowed to read it; a Retrieve
   * without userContext, or as another user, does not find it.
   */
  allowedUsers?: string[];
}

export interface CorpusOptions {
  /** The data source's index latency from now on: ms between a job's end and its documents being served. */
  indexLatencyMs?: number;
}

/** Every status Kendra reports for a data source sync job (DataSourceSyncJobStatus). */
export type KendraJobStatus =
  'SYNCING' | 'SYNCING_INDEXING' | 'STOPPING' | 'SUCCEEDED' | 'FAILED' | 'INCOMPLETE' | 'ABORTED';

export type FinalJobStatus = 'SUCCEEDED' | 'FAILED' | 'INCOMPLETE' | 'ABORTED';

export interface Metrics {
  added: number;
  modified: number;
  deleted: number;
  failed: number;
  scanned: number;
}

export interface JobScript {
  status?: FinalJobStatus;
  syncingMs?: number;
  indexingMs?: number;
  stoppingMs?: number;
  metrics?: Partial<Metrics>;
  errorMessage?: string;
  /** Kendra's ErrorCode enum is InternalError | InvalidRequest. */
  errorCode?: string;
  dataSourceErrorCode?: string;
  /** Failed documents written to CloudWatch Logs when the job ends (a count: generated ones). */
  failedDocuments?: FailedDocumentScript[] | number;
  /** Those log entries become visible this many ms after the job ends. */
  logLagMs?: number;
}

/**
 * An IAM-style statement: `'kendra:*'` is `{ action: 'kendra:*', resource: '*' }`; `effect`
 * defaults to 'Allow'.
 */
export type AllowEntry = string | { action: string; resource?: string; effect?: 'Allow' | 'Deny' };

/** An IAM JSON policy document (Effect, Action and Resource; no conditions). */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
}

export interface AddIndexOptions {
  name: string;
  id?: string;
  /** IndexStatus; default 'ACTIVE'. */
  status?: string;
  /** IndexEdition; default 'ENTERPRISE_EDITION'. */
  edition?: string;
  /** Region the index lives in; requests signed for another Region do not find it. Default 'us-east-1'. */
  region?: string;
}

export interface AddDataSourceOptions {
  name: string;
  id?: string;
  /** DataSourceType from the model (e.g. 'WEBCRAWLER', 'S3'); default 'WEBCRAWLER'. */
  type?: string;
  /** DataSourceStatus; default 'ACTIVE'. */
  status?: string;
  languageCode?: string;
}

export interface RoleOptions {
  /** Trust policy condition on the token's `aud` (exact). Default 'sts.amazonaws.com'. */
  audience?: string;
  /** Trust policy condition on the token's `sub` (glob, `*` and `?`). Default '*'. */
  subject?: string;
  /** Identity policy of the role. Default ['kendra:*', 'bedrock:*', 'logs:*']. */
  allow?: AllowEntry[];
  /** Identity policy as IAM JSON; added to `allow` (given alone, it is the whole policy). */
  policy?: PolicyDocument;
  /** Role's MaxSessionDuration. Default 3600. */
  maxSessionDurationSeconds?: number;
}

export interface UserOptions {
  /** Identity policy of the user. Default ['kendra:*', 'bedrock:*', 'logs:*']. */
  allow?: AllowEntry[];
  /** Identity policy as IAM JSON; added to `allow` (given alone, it is the whole policy). */
  policy?: PolicyDocument;
  /** sts:AssumeRole on any role (default true). */
  allowAssumeRole?: boolean;
}

export interface UserCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  arn: string;
}

export interface FaultRule {
  service: Exclude<ServiceName, 'unknown'>;
  /** Operation name ('StartDataSourceSyncJob', 'AssumeRoleWithWebIdentity'; OIDC: 'GetIdToken'). */
  action?: string;
  /** `lost-answer`: the request takes effect, then the connection drops before the answer. */
  kind: 'error' | 'hang' | 'reset' | 'malformed' | 'delay' | 'lost-answer';
  /** Apply to at most N requests (counted among the ones the rule would hit). Default: no limit. */
  times?: number;
  /**
   * Apply to every Nth matching request, starting with the first: every: 2 hits the
   * 1st, 3rd, 5th ... matching request (so a client that retries once always succeeds).
   */
  every?: number;
  status?: number;
  code?: string;
  message?: string;
  delayMs?: number;
}

export interface RequestRecord {
  service: ServiceName;
  action: string;
  /** Arrival time, ms since epoch. */
  at: number;
  /** HTTP status sent; 0 when no answer was sent (hang, reset). */
  status: number;
  /** The request ID the answer carried (x-amzn-RequestId), when it was an AWS answer. */
  requestId?: string;
  errorCode?: string;
  accessKeyId?: string;
  /** SigV4 credential-scope region, when the request was signed. */
  region?: string;
  /** Parsed request body: JSON object (Kendra), form parameters (STS), query (OIDC). */
  body?: unknown;
  /** Fault kind applied to this request. */
  fault?: string;
}

export interface JobView {
  executionId: string;
  indexId: string;
  dataSourceId: string;
  status: KendraJobStatus;
  startTime: Date;
  endTime?: Date;
  metrics: Metrics;
  errorMessage?: string;
  errorCode?: string;
  stopRequested: boolean;
}

export interface AddJobOptions {
  status: KendraJobStatus;
  startTime: Date;
  endTime?: Date;
  /** For running jobs: how the job continues (phase durations count from now). */
  script?: JobScript;
  metrics?: Partial<Metrics>;
  errorMessage?: string;
  errorCode?: string;
}

interface MintTokenOptions {
  audience?: string;
  subject?: string;
  /** Seconds from now to `exp`; negative for an already expired token. Default 300. */
  lifetimeSeconds?: number;
}

export interface SimOptions {
  port?: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** Default '123456789012'. */
  account?: string;
}

export interface Simulator extends BedrockApi, BedrockRuntimeApi, LogsApi {
  /** http://127.0.0.1:PORT */
  url: string;
  /** AWS_ENDPOINT_URL_STS, _KENDRA, _BEDROCK_AGENT, _BEDROCK_AGENT_RUNTIME, _CLOUDWATCH_LOGS, ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  env(): Record<string, string>;
  addRole(arn: string, opts?: RoleOptions): void;
  addUser(name: string, opts?: UserOptions): UserCredentials;
  addIndex(opts: AddIndexOptions): string;
  addDataSource(indexId: string, opts: AddDataSourceOptions): string;
  scriptJobs(indexId: string, dataSourceId: string, ...jobs: JobScript[]): void;
  setDefaultJob(job: JobScript): void;
  addJob(indexId: string, dataSourceId: string, job: AddJobOptions): string;
  addHistory(indexId: string, dataSourceId: string, count: number): void;
  /**
   * Documents in a Kendra data source: Retrieve on the index serves them once a sync job on that
   * data source that starts after this call ends SUCCEEDED or INCOMPLETE (plus the index latency).
   */
  addDocuments(
    indexId: string,
    dataSourceId: string,
    docs: CorpusDocument[],
    opts?: CorpusOptions,
  ): void;
  /** IDs of the documents Retrieve on the index serves now. */
  servedDocuments(indexId: string): string[];
  setCredentialLifetime(lifetimeSeconds: number, reportedSeconds?: number): void;
  setSubject(sub: string): void;
  /** Mint an OIDC token directly (for expiry / wrong-audience tests). */
  mintIdToken(opts?: MintTokenOptions): string;
  fault(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  requests: RequestRecord[];
  countOf(service: string, action?: string): number;
  maxInFlight(service?: string): number;
  issuedSecrets(): string[];
  job(executionId: string): JobView | undefined;
  jobs(indexId: string, dataSourceId: string): JobView[];
  reset(): void;
  close(): Promise<void>;
}
