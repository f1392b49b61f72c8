import {
  KendraClient,
  ListDataSourcesCommand,
  ListDataSourceSyncJobsCommand,
  ListIndicesCommand,
  StartDataSourceSyncJobCommand,
  StopDataSourceSyncJobCommand,
  type DataSourceSummary,
  type DataSourceSyncJob,
  type IndexConfigurationSummary,
} from '@aws-sdk/client-kendra';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { RefreshingCredentials } from './credentials.js';
import { endpointOf, USER_AGENT } from './endpoints.js';
import { AwsCallError, asAwsError, type CallContext } from './errors.js';
import { requestHandler } from './http.js';
import { createLimiter } from './limiter.js';

/** Kendra requests in flight at once, across all data sources: a few, to stay clear of throttling. */
export const MAX_CONCURRENT_REQUESTS = 3;

export interface Metrics {
  added: number;
  modified: number;
  deleted: number;
  failed: number;
  scanned: number;
}

export interface SyncJob {
  executionId: string;
  status: string;
  startTime?: Date;
  endTime?: Date;
  metrics: Metrics;
  errorMessage?: string;
  errorCode?: string;
}

export const RUNNING_STATUSES = ['SYNCING', 'SYNCING_INDEXING', 'STOPPING'];
export const FINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'INCOMPLETE', 'ABORTED'];
export const isFinal = (status: string): boolean => FINAL_STATUSES.includes(status);

/** Without `credentials` the client uses the SDK's default chain (environment, profile, ...). */
export async function createKendraClient(
  region: string,
  credentials?: AwsCredentialIdentityProvider,
): Promise<KendraClient> {
  return new KendraClient({
    region,
    customUserAgent: USER_AGENT,
    requestHandler: await requestHandler(endpointOf('kendra', region)),
    ...(credentials && { credentials }),
  });
}

/** A data source of an index: what every per-data-source call needs. */
export interface Target {
  indexId: string;
  dataSourceId: string;
  dataSourceName?: string;
}

/**
 * The Kendra calls the action makes. Every call goes through one concurrency bound, is retried
 * once with fresh credentials if Kendra says they expired, and fails as an AwsCallError that
 * carries what was being done.
 */
export class KendraApi {
  private readonly limit = createLimiter(MAX_CONCURRENT_REQUESTS);

  constructor(
    readonly client: KendraClient,
    readonly region: string,
    private readonly credentials?: RefreshingCredentials,
  ) {}

  async startSyncJob(target: Target): Promise<string> {
    const output = await this.send('StartDataSourceSyncJob', target, (signal) =>
      this.client.send(
        new StartDataSourceSyncJobCommand({ IndexId: target.indexId, Id: target.dataSourceId }),
        signal,
      ),
    );
    if (!output.ExecutionId) {
      throw new AwsCallError(
        this.context('StartDataSourceSyncJob', target),
        new Error('Kendra answered without an execution ID'),
      );
    }
    return output.ExecutionId;
  }

  /** With an abort signal (cancellation), the call has its own deadline and skips the queue. */
  async stopSyncJob(target: Target, abortSignal?: AbortSignal): Promise<void> {
    await this.send(
      'StopDataSourceSyncJob',
      target,
      (signal) =>
        this.client.send(
          new StopDataSourceSyncJobCommand({ IndexId: target.indexId, Id: target.dataSourceId }),
          signal,
        ),
      abortSignal,
    );
  }

  /**
   * Finds the first job `matches` picks, page by page (Kendra promises no order), optionally
   * among jobs started after a time only.
   */
  async findSyncJob(
    target: Target,
    matches: (job: SyncJob) => boolean,
    startedAfter?: Date,
    abortSignal?: AbortSignal,
  ): Promise<SyncJob | undefined> {
    const pages = this.pages('ListDataSourceSyncJobs', target, abortSignal, (NextToken, signal) =>
      this.client.send(
        new ListDataSourceSyncJobsCommand({
          IndexId: target.indexId,
          Id: target.dataSourceId,
          MaxResults: 10,
          NextToken,
          ...(startedAfter && {
            StartTimeFilter: { StartTime: startedAfter, EndTime: FAR_FUTURE },
          }),
        }),
        signal,
      ),
    );
    for await (const page of pages) {
      const found = (page.History ?? []).map(toSyncJob).find(matches);
      if (found) return found;
    }
    return undefined;
  }

  async listIndices(): Promise<IndexConfigurationSummary[]> {
    const indices: IndexConfigurationSummary[] = [];
    const pages = this.pages('ListIndices', undefined, undefined, (NextToken, signal) =>
      this.client.send(new ListIndicesCommand({ NextToken, MaxResults: 100 }), signal),
    );
    for await (const page of pages) indices.push(...(page.IndexConfigurationSummaryItems ?? []));
    return indices;
  }

  async listDataSources(indexId: string): Promise<DataSourceSummary[]> {
    const dataSources: DataSourceSummary[] = [];
    const target = { indexId, dataSourceId: '' };
    const pages = this.pages('ListDataSources', target, undefined, (NextToken, signal) =>
      this.client.send(
        new ListDataSourcesCommand({ IndexId: indexId, NextToken, MaxResults: 100 }),
        signal,
      ),
    );
    for await (const page of pages) dataSources.push(...(page.SummaryItems ?? []));
    return dataSources;
  }

  /** A listing's pages, following NextToken to the end (or until the caller stops asking). */
  private async *pages<Page extends { NextToken?: string }>(
    operation: string,
    target: Target | undefined,
    abortSignal: AbortSignal | undefined,
    fetch: (nextToken: string | undefined, options: { abortSignal?: AbortSignal }) => Promise<Page>,
  ): AsyncGenerator<Page> {
    let nextToken: string | undefined;
    do {
      const page = await this.send(
        operation,
        target,
        (signal) => fetch(nextToken, signal),
        abortSignal,
      );
      yield page;
      nextToken = page.NextToken;
    } while (nextToken);
  }

  /** Kendra's clock as the SDK knows it (corrected for skew), for filtering by start time. */
  now(): Date {
    return new Date(Date.now() + (this.client.config.systemClockOffset ?? 0));
  }

  private context(operation: string, target?: Target): CallContext {
    return {
      service: 'kendra',
      operation,
      region: this.region,
      indexId: target?.indexId,
      dataSourceId: target?.dataSourceId || undefined,
      principal: this.credentials?.assumedRoleArn,
    };
  }

  private async send<Output>(
    operation: string,
    target: Target | undefined,
    call: (options: { abortSignal?: AbortSignal }) => Promise<Output>,
    abortSignal?: AbortSignal,
  ): Promise<Output> {
    const once = () => call({ abortSignal });
    // A call with its own deadline (stopping on cancellation) must not queue behind polls that
    // hold the concurrency slots.
    const attempt = () => (abortSignal ? once() : this.limit(once));
    try {
      try {
        return await attempt();
      } catch (error) {
        // Credentials can expire early (clock skew, a shortened session): refresh and try once more.
        if (asAwsError(error).name !== 'ExpiredTokenException' || !this.credentials) throw error;
        this.credentials.invalidate();
        return await attempt();
      }
    } catch (error) {
      // A failure to refresh credentials is STS's, and is explained as such.
      if (error instanceof AwsCallError) throw error;
      throw new AwsCallError(this.context(operation, target), error);
    }
  }
}

const FAR_FUTURE = new Date('2999-12-31T00:00:00Z');

function toSyncJob(job: DataSourceSyncJob): SyncJob {
  const count = (value: string | undefined): number => {
    const number = Number.parseInt(value ?? '0', 10);
    return Number.isFinite(number) ? number : 0;
  };
  return {
    executionId: job.ExecutionId ?? '',
    status: job.Status ?? 'UNKNOWN',
    startTime: job.StartTime,
    endTime: job.EndTime,
    metrics: {
      added: count(job.Metrics?.DocumentsAdded),
      modified: count(job.Metrics?.DocumentsModified),
      deleted: count(job.Metrics?.DocumentsDeleted),
      failed: count(job.Metrics?.DocumentsFailed),
      scanned: count(job.Metrics?.DocumentsScanned),
    },
    errorMessage: job.ErrorMessage,
    errorCode: job.ErrorCode ?? job.DataSourceErrorCode,
  };
}
