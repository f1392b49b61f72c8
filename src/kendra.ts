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
import { consoleHost, endpointOf, partitionOf, accountOf } from './aws.js';
import type { Credentials } from './credentials.js';
import {
  AwsCallError,
  asAwsError,
  type CallContext,
  type ErrorDetails,
  type ServiceExplainer,
} from './errors.js';
import { ServiceCalls } from './calls.js';
import * as log from './log.js';
import {
  describeTarget,
  type EndedOutcome,
  type FailedDocuments,
  type Named,
  type SearchResult,
  type StartAnswer,
  type SyncJob,
  type SyncService,
  type Target,
  type Terms,
} from './model.js';
import { clientConfig, OFFLINE, WARM_UP_KEYS, warmUp } from './sdk-http.js';
import type { Clock } from './time.js';

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

export const KENDRA_TERMS: Terms = {
  service: 'Kendra',
  container: 'index',
  containers: 'indexes',
  containerIdInput: 'index-id',
  containerNameInput: 'index-name',
  busyError: 'ResourceInUseException',
};

export async function openKendra(
  region: string,
  credentials: Credentials,
  clock: Clock,
): Promise<KendraService> {
  const client = new KendraClient({
    ...(await clientConfig(endpointOf('kendra', region), region)),
    // Without a provider the SDK uses its default chain (environment, profile, ...).
    ...(credentials.provider && { credentials: credentials.provider }),
  });
  warmUp(
    new KendraClient({
      region,
      requestHandler: OFFLINE,
      maxAttempts: 1,
      credentials: WARM_UP_KEYS,
    }),
    new StartDataSourceSyncJobCommand({ IndexId: 'warm-up', Id: 'warm-up' }),
  );
  return new KendraService(client, region, credentials, clock);
}

/**
 * Every call goes through one concurrency bound, is retried once with fresh credentials if Kendra
 * says they expired, and fails as an AwsCallError that carries what was being done.
 */
export class KendraService implements SyncService {
  readonly id = 'kendra';
  readonly terms = KENDRA_TERMS;
  readonly oneJobPerContainer = false;
  private readonly calls: ServiceCalls;

  constructor(
    readonly client: KendraClient,
    readonly region: string,
    private readonly credentials: Omit<Credentials, 'ready' | 'close'> | undefined,
    private readonly clock: Clock,
  ) {
    this.calls = new ServiceCalls('kendra', region, credentials, explainer);
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
      if (!output.ExecutionId) {
        throw this.calls.error(
          'StartDataSourceSyncJob',
          target,
          new Error('Kendra answered without an execution ID'),
        );
      }
      return { started: true, executionId: output.ExecutionId, status: 'SYNCING' };
    } catch (error) {
      if (!(error instanceof AwsCallError && error.name === 'ResourceInUseException')) throw error;
      if ((asAwsError(error.cause).$metadata?.attempts ?? 1) > 1) {
        const adopted = await this.adoptLostStart(target, requestedAt);
        if (adopted) return { started: true, executionId: adopted, status: 'SYNCING' };
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

  /** StopDataSourceSyncJob stops whatever job runs on the data source: the caller checks it is ours. */
  async stopJob(
    target: Target,
    _executionId: string,
    options: { abortSignal: AbortSignal },
  ): Promise<void> {
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
  }

  getJob(
    target: Target,
    executionId: string,
    options: { startedAfter?: Date; abortSignal?: AbortSignal } = {},
  ): Promise<SyncJob | undefined> {
    return this.findJob(target, (job) => job.executionId === executionId, options);
  }

  findRunningJob(target: Target): Promise<SyncJob | undefined> {
    return this.findJob(target, (job) => job.outcome === undefined);
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

  now(): Date {
    return new Date(this.clock.now() + (this.client.config.systemClockOffset ?? 0));
  }

  /** From the index's CloudWatch Logs: the Logs client loads only here, only when needed. */
  async failedDocuments(target: Target, job: SyncJob, limit: number): Promise<FailedDocuments> {
    const { readFailedDocuments } = await import('./logs.js');
    return readFailedDocuments(this.region, this.credentials, target, job, limit, this.now());
  }

  consoleLink(target: Target): string {
    return (
      `https://${consoleHost(this.region)}/kendra/home?region=${this.region}` +
      `#/indexes/${target.containerId}/datasources/${target.dataSourceId}/details`
    );
  }

  /** Retrieve, for the search check: its code loads only when a run has a check. */
  async search(indexId: string, query: string, count: number): Promise<SearchResult[]> {
    const { retrieve } = await import('./services/kendra/search.js');
    return retrieve(this.client, this.calls, indexId, query, count);
  }

  followCommand(target: Target, _executionId: string): string {
    return `aws kendra list-data-source-sync-jobs --region ${this.region} --index-id ${target.containerId} --id ${target.dataSourceId}`;
  }

  close(): void {
    this.client.destroy();
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
    },
    errorMessage: job.ErrorMessage,
    errorCode: job.ErrorCode ?? job.DataSourceErrorCode,
  };
}

/** Operations whose IAM authorization needs both the index and the data source (SAR). */
const ON_INDEX_AND_DATA_SOURCE = new Set([
  'StartDataSourceSyncJob',
  'StopDataSourceSyncJob',
  'ListDataSourceSyncJobs',
  'DescribeDataSource',
]);

export const explainer: ServiceExplainer = {
  where(context) {
    const target = context.dataSourceId
      ? describeTarget({ dataSourceId: context.dataSourceId })
      : undefined;
    return [
      target,
      context.containerId && `index ${context.containerId}`,
      `region ${context.region}`,
    ]
      .filter(Boolean)
      .join(' in ');
  },
  iamAction: (operation) => `kendra:${operation}`,
  /** The ARNs the action is authorized against, as the Service Authorization Reference says. */
  resources(context) {
    // ListIndices has no resource type: only "*" grants it.
    if (!context.containerId) return ['*'];
    const account = accountOf(context.principal);
    const index = `arn:${partitionOf(context.region)}:kendra:${context.region}:${account}:index/${context.containerId}`;
    if (!context.dataSourceId || !ON_INDEX_AND_DATA_SOURCE.has(context.operation)) return [index];
    return [index, `${index}/data-source/${context.dataSourceId}`];
  },
  specific(context: CallContext, { name, said }: ErrorDetails, prefix: string) {
    switch (name) {
      case 'ResourceNotFoundException':
        return `${prefix}: ${said}. Check the index and data source IDs (or names) and aws-region: they must exist in region ${context.region} of the account the credentials belong to.`;
      case 'ConflictException':
        return `${prefix}: ${said}. The index or data source is being changed (created, updated or deleted); try again when it is ACTIVE.`;
      case 'ServiceQuotaExceededException':
        return `${prefix}: ${said}. A Kendra quota was reached; see Service Quotas for Amazon Kendra.`;
      default:
        return undefined;
    }
  },
};
