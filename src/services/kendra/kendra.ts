// Amazon Kendra as a sync service: its SDK client, its wire vocabulary and its quirks (a busy
// data source answers ResourceInUseException; job history is paged and unordered; metrics are
// strings; StopDataSourceSyncJob takes no execution ID). Loaded only when a run syncs Kendra.
import {
  KendraClient,
  ListDataSourcesCommand,
  ListDataSourceSyncJobsCommand,
  ListIndicesCommand,
  StartDataSourceSyncJobCommand,
  StopDataSourceSyncJobCommand,
  type DataSourceSyncJob,
} from '@aws-sdk/client-kendra';
import type { Credentials } from '../../credentials/credentials.js';
import { asAwsError } from '../../errors.js';
import { AwsCallError } from '../../aws/call-error.js';
import * as log from '../../base/log.js';
import {
  describeTarget,
  type EndedOutcome,
  type FailedDocuments,
  type Named,
  type SearchResult,
  type StartAnswer,
  type StopAnswer,
  type SyncJob,
  type SyncService,
  type Target,
} from '../../model.js';
import type { Clock } from '../../time.js';
import { openClient, SdkService } from '../sdk-service.js';
import { KENDRA, kendraConsoleLink } from './describe.js';

/** Kendra's statuses and what they mean; a status not listed here counts as still running. */
const ENDED: Record<string, EndedOutcome> = {
  SUCCEEDED: 'succeeded',
  INCOMPLETE: 'incomplete',
  FAILED: 'failed',
  ABORTED: 'stopped',
};

/** Jobs listed by start time are looked for up to this far past Kendra's now (clock skew). */
const LISTING_SKEW_MS = 15 * 60_000;
/** A job found after a retried start counts as the first attempt's if it started this soon before it. */
const ADOPT_SKEW_MS = 5_000;

/** Jobs that can be the one a start began: listed as started since this long before it. */
const START_TIME_MARGIN_MS = 5 * 60_000;

export async function openKendra(
  region: string,
  credentials: Credentials,
  clock: Clock,
): Promise<KendraService> {
  const warmUpWith = new StartDataSourceSyncJobCommand({ IndexId: 'warm-up', Id: 'warm-up' });
  const client = await openClient(KendraClient, KENDRA.endpoint, region, credentials, warmUpWith);
  return new KendraService(client, region, credentials, clock);
}

/**
 * Kendra reads a job only by listing the data source's history, and stops whatever job runs on
 * the data source: it remembers when each job it deals with started, to list only from then on,
 * and checks a job is still running before stopping it.
 */
export class KendraService extends SdkService<KendraClient> implements SyncService {
  readonly oneJobPerContainer = false;
  /** Per execution ID, the start of the listing window that holds the job. */
  private readonly windows = new Map<string, Date>();

  constructor(
    client: KendraClient,
    region: string,
    private readonly credentials: Omit<Credentials, 'ready' | 'sent' | 'close'> | undefined,
    clock: Clock,
  ) {
    super(KENDRA, client, region, credentials, clock);
  }

  async startJob(target: Target): Promise<StartAnswer> {
    const requestedAt = this.now();
    try {
      const output = await this.calls.send('StartDataSourceSyncJob', target, (options) =>
        this.client.send(
          new StartDataSourceSyncJobCommand({
            IndexId: target.containerId,
            Id: target.dataSourceId,
          }),
          options,
        ),
      );
      const executionId = this.required(
        output.ExecutionId,
        'StartDataSourceSyncJob',
        target,
        'an execution ID',
      );
      this.windows.set(executionId, new Date(requestedAt.getTime() - START_TIME_MARGIN_MS));
      return { started: true, executionId, status: 'SYNCING' };
    } catch (error) {
      if (!(error instanceof AwsCallError && error.name === 'ResourceInUseException')) throw error;
      if ((asAwsError(error.cause).$metadata?.attempts ?? 1) > 1) {
        const adopted = await this.adoptLostStart(target, requestedAt);
        if (adopted) {
          this.windows.set(adopted, new Date(requestedAt.getTime() - START_TIME_MARGIN_MS));
          return { started: true, executionId: adopted, status: 'SYNCING' };
        }
      }
      return { started: false, busy: 'container', reason: 'ResourceInUseException' };
    }
  }

  /**
   * The SDK retried the start (its first answer was lost) and Kendra said busy: a job started
   * since our first attempt is the one that attempt started. It is ours, not another run's.
   */
  private async adoptLostStart(target: Target, requestedAt: Date): Promise<string | undefined> {
    const running = await this.findRunningJob(target);
    const since = requestedAt.getTime() - ADOPT_SKEW_MS;
    if (!running?.startTime || running.startTime.getTime() < since) return undefined;
    log.info(
      `The answer to StartDataSourceSyncJob on ${describeTarget(target)} was lost; the retry found the job that first attempt started (execution ${running.executionId}).`,
    );
    return running.executionId;
  }

  /**
   * StopDataSourceSyncJob stops whatever job runs on the data source, so the job is read first:
   * one that ended must not take another run's job down with it.
   */
  async stopJob(
    target: Target,
    executionId: string,
    options: { abortSignal: AbortSignal },
  ): Promise<StopAnswer> {
    const job = await this.getJob(target, executionId, options).catch(() => undefined); // can't confirm: ours was running at the last poll, stop it
    if (job && job.outcome !== undefined) return { stopped: false, ended: job };
    await this.calls.send(
      'StopDataSourceSyncJob',
      target,
      (callOptions) =>
        this.client.send(
          new StopDataSourceSyncJobCommand({
            IndexId: target.containerId,
            Id: target.dataSourceId,
          }),
          callOptions,
        ),
      options.abortSignal,
    );
    return { stopped: true };
  }

  getJob(
    target: Target,
    executionId: string,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<SyncJob | undefined> {
    const startedAfter = this.windows.get(executionId);
    return this.findJob(target, (job) => job.executionId === executionId, {
      ...options,
      startedAfter,
    });
  }

  /** A job running on the data source; a job found this way is then looked up from its start. */
  async findRunningJob(target: Target): Promise<SyncJob | undefined> {
    const running = await this.findJob(target, (job) => job.outcome === undefined);
    if (running?.startTime) {
      this.windows.set(running.executionId, new Date(running.startTime.getTime() - 1000));
    }
    return running;
  }

  /**
   * The first job `matches` picks, page by page (Kendra promises no order), optionally among
   * jobs started after a time only (a window that ends a little past now, for clock skew).
   */
  private async findJob(
    target: Target,
    matches: (job: SyncJob) => boolean,
    { startedAfter, abortSignal }: { startedAfter?: Date; abortSignal?: AbortSignal } = {},
  ): Promise<SyncJob | undefined> {
    // One window for the whole listing: a NextToken belongs to the request that returned it.
    const window = startedAfter && {
      StartTime: startedAfter,
      EndTime: new Date(this.now().getTime() + LISTING_SKEW_MS),
    };
    const pages = this.calls.pages(
      'ListDataSourceSyncJobs',
      target,
      (NextToken, options) =>
        this.client.send(
          new ListDataSourceSyncJobsCommand({
            IndexId: target.containerId,
            Id: target.dataSourceId,
            MaxResults: 10,
            NextToken,
            ...(window && { StartTimeFilter: window }),
          }),
          options,
        ),
      (page) => page.NextToken,
      abortSignal,
    );
    for await (const page of pages) {
      const found = (page.History ?? [])
        .map((job) => toSyncJob(job, target.dataSourceId))
        .find(matches);
      if (found) return found;
    }
    return undefined;
  }

  listContainers(): Promise<Named[]> {
    return this.calls.listNamed(
      'ListIndices',
      {},
      (NextToken, options) =>
        this.client.send(new ListIndicesCommand({ NextToken, MaxResults: 100 }), options),
      (page) => page.NextToken,
      (page) => page.IndexConfigurationSummaryItems,
      (index) => ({ id: index.Id, name: index.Name }),
    );
  }

  listDataSources(indexId: string): Promise<Named[]> {
    return this.calls.listNamed(
      'ListDataSources',
      { containerId: indexId },
      (NextToken, options) =>
        this.client.send(
          new ListDataSourcesCommand({ IndexId: indexId, NextToken, MaxResults: 100 }),
          options,
        ),
      (page) => page.NextToken,
      (page) => page.SummaryItems,
      (source) => ({ id: source.Id, name: source.Name }),
    );
  }

  /** From the index's CloudWatch Logs: the Logs client loads only here, only when needed. */
  async failedDocuments(target: Target, job: SyncJob, limit: number): Promise<FailedDocuments> {
    const { readFailedDocuments } = await import('./cloudwatch-logs.js');
    return readFailedDocuments(this.region, this.credentials, target, job, limit, this.now());
  }

  consoleLink(target: Target): string {
    return kendraConsoleLink(this.region, target);
  }

  /** Retrieve, for the search check: its code loads only when a run has a check. */
  async search(
    indexId: string,
    query: string,
    count: number,
    user?: string,
  ): Promise<SearchResult[]> {
    const { retrieve } = await import('./search.js');
    return retrieve(this.client, this.calls, indexId, { query, count, user });
  }

  followCommand(target: Target, _executionId: string): string {
    return `aws kendra list-data-source-sync-jobs --region ${this.region} --index-id ${target.containerId} --id ${target.dataSourceId}`;
  }
}

function toSyncJob(job: DataSourceSyncJob, dataSourceId: string): SyncJob {
  const count = (value: string | undefined): number => {
    const number = Number.parseInt(value ?? '0', 10);
    return Number.isFinite(number) ? number : 0;
  };
  const status = job.Status ?? 'UNKNOWN';
  return {
    executionId: job.ExecutionId ?? '',
    dataSourceId,
    status,
    outcome: ENDED[status],
    startTime: job.StartTime,
    endTime: job.EndTime,
    metrics: {
      added: count(job.Metrics?.DocumentsAdded),
      modified: count(job.Metrics?.DocumentsModified),
      deleted: count(job.Metrics?.DocumentsDeleted),
      failed: count(job.Metrics?.DocumentsFailed),
      scanned: count(job.Metrics?.DocumentsScanned),
      // Kendra has no such counter.
      skipped: 0,
    },
    errorMessage: job.ErrorMessage,
    errorCode: job.ErrorCode ?? job.DataSourceErrorCode,
  };
}
