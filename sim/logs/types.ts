// Public types of the simulated CloudWatch Logs, and of the failed-document logs Kendra writes there.

/** One document a Kendra sync job failed on, as the sim writes it to CloudWatch Logs. */
export interface FailedDocumentScript {
  /** Default `doc-<n>`. */
  documentId?: string;
  /** Where it came from: SourceURI (web crawler) or S3Path (S3 connector); default alternates. */
  sourceUri?: string;
  s3Path?: string;
  /** Default cycles through a few Kendra codes (InvalidDocumentMetadata, DocumentTooLarge, ...). */
  errorCode?: string;
  errorMessage?: string;
  /**
   * 'job': the sync job's stream `<ds>/<hour>/<execution-id>` (default for even positions);
   * 'document': a document stream `<ds>/<hour>/<uuid>` with IndexingStatus DocumentFailedToIndex.
   */
  stream?: 'job' | 'document';
}

export interface KendraLogOptions {
  /** false: the index writes no logs and its log group is never created. Default true. */
  enabled?: boolean;
  /** Default lag for the index's jobs (ms). */
  logLagMs?: number;
}

export interface LogEventInput {
  timestamp: number;
  message: string;
  /** Default: timestamp. */
  ingestionTime?: number;
}

export interface LogEventView {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

/** Where a knowledge base delivers its application logs (setKnowledgeBaseLogging). */
interface KnowledgeBaseLoggingOptions {
  /** CWL (a log group, default), S3 or FH (Firehose): only CWL can be read with FilterLogEvents. */
  destination?: 'CWL' | 'S3' | 'FH';
  /** Default /aws/vendedlogs/bedrock/knowledge-base/APPLICATION_LOGS/<knowledge base ID>. */
  logGroupName?: string;
  /** Events become visible this many ms after the job ends (CloudWatch ingestion lag). */
  logLagMs?: number;
}

/** The CloudWatch Logs part of the Simulator. */
export interface LogsApi {
  /**
   * Delivers the knowledge base's APPLICATION_LOGS (a delivery source, destination and delivery,
   * in its Region): its ingestion jobs then log each document to the log group (CWL).
   */
  setKnowledgeBaseLogging(knowledgeBaseId: string, opts?: KnowledgeBaseLoggingOptions): void;
  addLogGroup(name: string, opts?: { region?: string }): void;
  putLogEvents(
    logGroupName: string,
    logStreamName: string,
    events: LogEventInput[],
    opts?: { region?: string },
  ): void;
  /** Events served per FilterLogEvents page at most (on top of `limit`). Default 10000. */
  setLogPageSize(events: number): void;
  setKendraLogs(indexId: string, opts: KendraLogOptions): void;
  /** Every event of a log group (materialising Kendra's logs first). */
  logEvents(logGroupName: string, opts?: { region?: string }): LogEventView[];
}
