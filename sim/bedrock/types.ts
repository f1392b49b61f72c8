// Public types of the simulated Bedrock Knowledge Bases (bedrock-agent).

/** IngestionJobStatus in the bedrock-agent model. */
export type IngestionJobStatus =
  'STARTING' | 'IN_PROGRESS' | 'COMPLETE' | 'FAILED' | 'STOPPING' | 'STOPPED';

export type FinalIngestionStatus = 'COMPLETE' | 'FAILED';

/** IngestionJobStatistics; a key set to null is left out of answers (older jobs lack newer counters). */
export interface IngestionStatistics {
  numberOfDocumentsScanned: number;
  numberOfMetadataDocumentsScanned: number;
  numberOfNewDocumentsIndexed: number;
  numberOfModifiedDocumentsIndexed: number;
  numberOfMetadataDocumentsModified: number;
  numberOfDocumentsDeleted: number;
  numberOfDocumentsFailed: number;
  /**
   * Added to the model in mid-2026 (the AWS SDK for JavaScript we bundle has it; botocore 1.43's
   * copy does not yet, and its parser passes over members it doesn't know).
   */
  numberOfDocumentsSkipped: number;
}

export type StatisticsScript = { [K in keyof IngestionStatistics]?: number | null };

/** How one ingestion job runs: STARTING for startingMs, IN_PROGRESS for inProgressMs, then status. */
export interface IngestionJobScript {
  status?: FinalIngestionStatus;
  startingMs?: number;
  inProgressMs?: number;
  /** STOPPING lasts this long after StopIngestionJob, then STOPPED. */
  stoppingMs?: number;
  statistics?: StatisticsScript;
  /** failureReasons of the ended job (COMPLETE: e.g. skipped files; FAILED: the cause). */
  failureReasons?: string[];
  /**
   * What happened to each document, logged when the knowledge base delivers application logs and
   * kept for ListKnowledgeBaseDocuments. Default: one generated document per failed, skipped and
   * indexed counter of the job's statistics.
   */
  documents?: BedrockDocumentScript[];
}

/** A document's status as the application logs name it (event.status). */
export type ResourceStatus =
  | 'INDEXED'
  | 'RESOURCE_IGNORED'
  | 'EMBEDDING_FAILED'
  | 'INDEXING_FAILED'
  | 'DELETION_FAILED'
  | 'METADATA_UPDATE_FAILED'
  | 'FAILED'
  | 'PARTIALLY_INDEXED'
  | 'METADATA_PARTIALLY_INDEXED';

/** One document an ingestion job went through. */
export interface BedrockDocumentScript {
  /** Where it lives: an s3:// URI (S3), a URL (WEB) or a document ID (CUSTOM); default per type. */
  location?: string;
  /** Default INDEXED. */
  status?: ResourceStatus;
  /** event.status_reasons; the document list's statusReason is their first. */
  reasons?: string[];
}

export interface IngestionJobView {
  ingestionJobId: string;
  knowledgeBaseId: string;
  dataSourceId: string;
  description?: string;
  clientToken?: string;
  status: IngestionJobStatus;
  startedAt: Date;
  updatedAt: Date;
  statistics: Partial<IngestionStatistics>;
  failureReasons: string[];
  stopRequested: boolean;
}

export interface AddIngestionJobOptions {
  status: IngestionJobStatus;
  /** Default: now (running jobs) or 10 minutes before endedAt. */
  startedAt?: Date;
  /** Ended jobs: when they ended (default: startedAt + 10 min, at most now). */
  endedAt?: Date;
  description?: string;
  /** How a running job continues (phase durations count from now). */
  script?: IngestionJobScript;
  statistics?: StatisticsScript;
  failureReasons?: string[];
}

export interface KnowledgeBaseOptions {
  name: string;
  /** 10 chars [0-9a-zA-Z]; default random [0-9A-Z]. */
  id?: string;
  /** Default 'us-east-1'. */
  region?: string;
  /** KnowledgeBaseStatus; default ACTIVE. */
  status?: string;
  description?: string;
  /**
   * KnowledgeBaseType; default VECTOR (one ingestion job at a time). MANAGED: AWS parses, embeds
   * and stores, up to 50 jobs at once; KENDRA: a Kendra GenAI index seen through Bedrock.
   */
  type?: 'VECTOR' | 'MANAGED' | 'KENDRA';
  /** KENDRA: the Kendra index ID its configuration names. */
  kendraIndexId?: string;
}

/** The data source types of the model the simulator gives documents to. */
export type BedrockDataSourceType =
  'S3' | 'WEB' | 'CUSTOM' | 'CONFLUENCE' | 'SHAREPOINT' | 'MANAGED_KNOWLEDGE_BASE_CONNECTOR';

export interface BedrockDataSourceOptions {
  name: string;
  id?: string;
  /**
   * dataSourceConfiguration.type; default WEB (a docs site's crawler), and
   * MANAGED_KNOWLEDGE_BASE_CONNECTOR in a MANAGED knowledge base (the only type it takes).
   */
  type?: BedrockDataSourceType;
  /** A managed connector's kind (connectorParameters.type); default WEB. */
  connector?: 'WEB' | 'CONFLUENCE' | 'SHAREPOINT' | 'ONEDRIVE' | 'GOOGLE_DRIVE';
  /**
   * DataSourceStatus: AVAILABLE (default), DELETING, DELETE_UNSUCCESSFUL, FAILED; CREATING or
   * UPDATING last `readyInMs`, then AVAILABLE, or FAILED when `failureReasons` are given.
   */
  status?: string;
  readyInMs?: number;
  failureReasons?: string[];
  description?: string;
  /** A managed connector that keeps each document's allowed users: Retrieve needs userContext. */
  aclEnabled?: boolean;
  /**
   * A sync schedule (managed connectors, since 2026-09: daily, weekly, monthly): a job starts on
   * its own at `firstAt` and every `everyMs` after, running as `job` says, with no request.
   */
  syncSchedule?: { firstAt: Date; everyMs: number; job?: IngestionJobScript };
}

/**
 * What StartIngestionJob answers on a data source that is CREATING or UPDATING (AWS does not
 * document it): a ValidationException (default), a ConflictException, or a job that FAILED at once.
 */
export type NotReadyStart = 'ValidationException' | 'ConflictException' | 'FAILED_JOB';

/** The Bedrock part of the Simulator. */
export interface BedrockApi {
  addKnowledgeBase(opts: KnowledgeBaseOptions): string;
  addBedrockDataSource(knowledgeBaseId: string, opts: BedrockDataSourceOptions): string;
  /** Queue how the next StartIngestionJob calls on this data source run, in order. */
  scriptIngestionJobs(
    knowledgeBaseId: string,
    dataSourceId: string,
    ...jobs: IngestionJobScript[]
  ): void;
  setDefaultIngestionJob(job: IngestionJobScript): void;
  /** A job that exists without a StartIngestionJob call (running: for if-running tests). */
  addIngestionJob(
    knowledgeBaseId: string,
    dataSourceId: string,
    job: AddIngestionJobOptions,
  ): string;
  ingestionJob(ingestionJobId: string): IngestionJobView | undefined;
  ingestionJobs(knowledgeBaseId: string, dataSourceId: string): IngestionJobView[];
  /** Minimum ms between accepted StartIngestionJob calls per account and region; 0 = off. Default 10000. */
  setStartRateLimit(intervalMs: number): void;
  /** Concurrent ingestion jobs per account and region. Default 5. */
  setAccountJobLimit(limit: number): void;
  /** How a start on a data source that is not ready is refused. Default ValidationException. */
  setNotReadyStart(answer: NotReadyStart): void;
  /** The data source is UPDATING for `readyInMs`, then AVAILABLE (FAILED with `failureReasons`). */
  updateBedrockDataSource(
    knowledgeBaseId: string,
    dataSourceId: string,
    opts: { readyInMs: number; failureReasons?: string[] },
  ): void;
  /** The data source's status now (CREATING and UPDATING settle on their own). */
  bedrockDataSourceStatus(knowledgeBaseId: string, dataSourceId: string): string | undefined;
  /** The data source's documents as ListKnowledgeBaseDocuments would list them now. */
  knowledgeBaseDocuments(
    knowledgeBaseId: string,
    dataSourceId: string,
  ): KnowledgeBaseDocumentView[];
}

export interface KnowledgeBaseDocumentView {
  location: string;
  /** DocumentStatus of the bedrock-agent model. */
  status: string;
  statusReason?: string;
  updatedAt: Date;
}
