// Amazon Bedrock Knowledge Bases as a sync service: its SDK client, its wire vocabulary and its
// rules (one ingestion job at a time per knowledge base, answered ConflictException; a few per
// account, ServiceQuotaExceededException; about one StartIngestionJob per 10 s per account;
// idempotent starts by clientToken; jobs read and stopped by ID). Loaded only for Bedrock runs.
import {
  BedrockAgentClient,
  GetDataSourceCommand,
  GetIngestionJobCommand,
  GetKnowledgeBaseCommand,
  ListDataSourcesCommand,
  ListIngestionJobsCommand,
  ListKnowledgeBaseDocumentsCommand,
  ListKnowledgeBasesCommand,
  StartIngestionJobCommand,
  StopIngestionJobCommand,
  type IngestionJob,
  type IngestionJobSummary,
} from '@aws-sdk/client-bedrock-agent';
import type { Credentials } from '../../credentials/credentials.js';
import { AwsCallError } from '../../aws/call-error.js';
import { ActionError } from '../../errors.js';
import {
  type EndedOutcome,
  type FailedDocuments,
  type Named,
  type NotReady,
  type SearchResult,
  type StartAnswer,
  type StopAnswer,
  type SyncJob,
  type SyncService,
  type Target,
} from '../../model.js';
import { runFacts, type RunFacts } from '../../run-context.js';
import * as log from '../../base/log.js';
import type { Clock } from '../../time.js';
import { openClient, SdkService } from '../sdk-service.js';
import type { SendOptions } from '../calls.js';
import { BEDROCK, bedrockConsoleLink, clientToken, description } from './describe.js';
import type { BedrockSearch } from './search.js';

/** Statuses of a job still under way: it holds the knowledge base's one slot. */
const RUNNING = ['STARTING', 'IN_PROGRESS', 'STOPPING'];

/** A data source being created or updated (managed connectors: minutes); it becomes AVAILABLE. */
const PENDING_DATA_SOURCE = ['CREATING', 'UPDATING'];

/** A managed knowledge base (AWS parses, embeds, stores) runs up to 50 ingestion jobs at once. */
const MANAGED = 'MANAGED';
/** A Kendra GenAI index seen through Bedrock: its data sources sync through Kendra. */
const KENDRA = 'KENDRA';

/** The ConflictException of a full knowledge base ("…concurrent ingestion jobs per knowledge base"). */
const CONCURRENT_JOBS = /concurrent/i;

/**
 * A throttled start waits at least this long before the next try: the account may start about
 * one ingestion job per 10 s, so the SDK's sub-second retries cannot get through.
 */
const THROTTLED_START_MIN_MS = 10_000;
const THROTTLED_START_MAX_MS = 60_000;

export async function openBedrock(
  region: string,
  credentials: Credentials,
  clock: Clock,
): Promise<BedrockService> {
  const warmUpWith = new StartIngestionJobCommand({
    knowledgeBaseId: 'WARMUP0000',
    dataSourceId: 'WARMUP0000',
  });
  const client = await openClient(
    BedrockAgentClient,
    BEDROCK.endpoint,
    region,
    credentials,
    warmUpWith,
  );
  return new BedrockService(client, region, credentials, clock);
}

export class BedrockService extends SdkService<BedrockAgentClient> implements SyncService {
  readonly oneJobPerContainer = true;
  /** Knowledge base names seen in listings, for console links. */
  private readonly names = new Map<string, string>();
  /** The runtime client for the search check, once a search asked for it. */
  private searcher?: Promise<BedrockSearch>;

  constructor(
    client: BedrockAgentClient,
    region: string,
    private readonly credentials:
      Pick<Credentials, 'invalidate' | 'principal' | 'provider'> | undefined,
    clock: Clock,
    private readonly run: RunFacts = runFacts(),
  ) {
    super(BEDROCK, client, region, credentials, clock);
  }

  /**
   * Starts an ingestion job. The clientToken makes a retried request (or one whose answer was
   * lost) return the job the first one started, instead of starting a second.
   */
  async startJob(target: Target, options: { replacing?: string } = {}): Promise<StartAnswer> {
    const request = {
      knowledgeBaseId: target.containerId,
      dataSourceId: target.dataSourceId,
      clientToken: clientToken(target, this.run, options.replacing),
      description: description(this.run),
    };
    try {
      const output = await this.calls.send('StartIngestionJob', target, (options) =>
        this.client.send(new StartIngestionJobCommand(request), options),
      );
      const job = output.ingestionJob;
      const executionId = this.required(
        job?.ingestionJobId,
        'StartIngestionJob',
        target,
        'an ingestion job ID',
      );
      return { started: true, executionId, status: job?.status ?? 'STARTING' };
    } catch (error) {
      if (!(error instanceof AwsCallError)) throw error;
      if (error.name === 'ResourceNotFoundException') await this.notKendra(target.containerId);
      if (error.name === 'ConflictException' && CONCURRENT_JOBS.test(error.message)) {
        return { started: false, busy: 'container', reason: 'ConflictException' };
      }
      if (error.name === 'ConflictException' || error.name === 'ValidationException') {
        // What a start on a data source that is not ready answers is undocumented: ask it.
        const notReady = await this.notReadyAfter(target, error);
        if (notReady) return { started: false, notReady };
        if (error.name === 'ConflictException') {
          return { started: false, busy: 'container', reason: 'ConflictException' };
        }
        throw error;
      }
      if (error.name === 'ServiceQuotaExceededException' && /concurrent/i.test(error.message)) {
        return { started: false, busy: 'account', reason: 'ServiceQuotaExceededException' };
      }
      if (error.name !== 'ThrottlingException') throw error;
      // The SDK's sub-second retries cannot get through a quota of one start per 10 s.
      return {
        started: false,
        throttled: 'the account may start about one ingestion job per 10 s',
        pauseMs: { min: THROTTLED_START_MIN_MS, max: THROTTLED_START_MAX_MS },
      };
    }
  }

  /**
   * A vector knowledge base runs one ingestion job at a time; a managed one 50, one per data
   * source. One GetKnowledgeBase tells; a denied or failed read keeps the queue.
   */
  async oneJobIn(knowledgeBaseId: string): Promise<boolean> {
    try {
      const { type } = await this.knowledgeBaseType(knowledgeBaseId);
      log.debug(`Knowledge base ${knowledgeBaseId} is of type ${type ?? 'unknown'}.`);
      return type !== MANAGED;
    } catch (error) {
      log.debug(
        `Could not read knowledge base ${knowledgeBaseId} (${(error as Error).message}); its data sources sync one after another.`,
      );
      return true;
    }
  }

  /**
   * Throws when the knowledge base is of type KENDRA (a Kendra GenAI index seen through Bedrock,
   * whose data sources sync through Kendra), naming the index; a failed read says nothing.
   */
  private async notKendra(knowledgeBaseId: string): Promise<void> {
    const type = await this.knowledgeBaseType(knowledgeBaseId).catch(() => undefined);
    if (type?.type !== KENDRA) return;
    const index = /:index\/([^/]+)$/.exec(type.kendraIndexArn ?? '')?.[1] ?? 'its Kendra index';
    throw new ActionError(
      `Knowledge base ${knowledgeBaseId} is of type KENDRA: a Kendra GenAI index seen through Bedrock, whose data sources sync through Kendra, not Bedrock. Sync them with index-id: ${index} (and the Kendra index's data source IDs or names) instead of knowledge-base-id.`,
    );
  }

  /** GetKnowledgeBase: its type, and a Kendra knowledge base's index. */
  private async knowledgeBaseType(
    knowledgeBaseId: string,
  ): Promise<{ type?: string; kendraIndexArn?: string }> {
    const output = await this.calls.send(
      'GetKnowledgeBase',
      { containerId: knowledgeBaseId },
      (options) => this.client.send(new GetKnowledgeBaseCommand({ knowledgeBaseId }), options),
    );
    const configuration = output.knowledgeBase?.knowledgeBaseConfiguration;
    return {
      type: configuration?.type,
      kendraIndexArn: configuration?.kendraKnowledgeBaseConfiguration?.kendraIndexArn,
    };
  }

  /** GetDataSource: CREATING and UPDATING are worth waiting for, FAILED (with its reasons) is not. */
  async readiness(target: Target): Promise<NotReady | undefined> {
    const output = await this.calls.send('GetDataSource', target, (options) =>
      this.client.send(
        new GetDataSourceCommand({
          knowledgeBaseId: target.containerId,
          dataSourceId: target.dataSourceId,
        }),
        options,
      ),
    );
    const status = output.dataSource?.status ?? 'UNKNOWN';
    if (status === 'AVAILABLE') return undefined;
    const pending = PENDING_DATA_SOURCE.includes(status);
    return { status, pending, reasons: output.dataSource?.failureReasons ?? [] };
  }

  /** The data source's readiness after a refused start; undefined when ready or unreadable. */
  private async notReadyAfter(
    target: Target,
    refusal: AwsCallError,
  ): Promise<NotReady | undefined> {
    try {
      return await this.readiness(target);
    } catch (error) {
      // Optional permission: without bedrock:GetDataSource the refusal stands as it came.
      log.debug(
        `Could not read ${target.dataSourceId} after ${refusal.name} (${(error as Error).message}); reporting the refusal as it came.`,
      );
      return undefined;
    }
  }

  async getJob(
    target: Target,
    executionId: string,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<SyncJob | undefined> {
    const output = await this.calls.send(
      'GetIngestionJob',
      target,
      (callOptions) =>
        this.client.send(
          new GetIngestionJobCommand({
            knowledgeBaseId: target.containerId,
            dataSourceId: target.dataSourceId,
            ingestionJobId: executionId,
          }),
          callOptions,
        ),
      options.abortSignal,
    );
    return output.ingestionJob && toSyncJob(output.ingestionJob);
  }

  /**
   * The job that holds the knowledge base: it may belong to any of its data sources, so each is
   * asked, the one being started first.
   */
  async findRunningJob(target: Target): Promise<SyncJob | undefined> {
    const own = await this.runningOn(target.containerId, target.dataSourceId);
    if (own) return own;
    for (const dataSource of await this.listDataSources(target.containerId)) {
      if (dataSource.id === target.dataSourceId) continue;
      const found = await this.runningOn(target.containerId, dataSource.id);
      if (found) return found;
    }
    return undefined;
  }

  private async runningOn(
    knowledgeBaseId: string,
    dataSourceId: string,
  ): Promise<SyncJob | undefined> {
    const output = await this.calls.send(
      'ListIngestionJobs',
      { containerId: knowledgeBaseId, dataSourceId },
      (options) =>
        this.client.send(
          new ListIngestionJobsCommand({
            knowledgeBaseId,
            dataSourceId,
            filters: [{ attribute: 'STATUS', operator: 'EQ', values: RUNNING }],
            sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' },
            maxResults: 10,
          }),
          options,
        ),
    );
    const [latest] = output.ingestionJobSummaries ?? [];
    return latest && toSyncJob(latest);
  }

  /** Stops the job by its ID; one that has ended answers ConflictException, and is read. */
  async stopJob(
    target: Target,
    executionId: string,
    options: { abortSignal: AbortSignal },
  ): Promise<StopAnswer> {
    try {
      await this.calls.send(
        'StopIngestionJob',
        target,
        (callOptions) =>
          this.client.send(
            new StopIngestionJobCommand({
              knowledgeBaseId: target.containerId,
              dataSourceId: target.dataSourceId,
              ingestionJobId: executionId,
            }),
            callOptions,
          ),
        options.abortSignal,
      );
      return { stopped: true };
    } catch (error) {
      if (!(error instanceof AwsCallError && error.name === 'ConflictException')) throw error;
      const job = await this.getJob(target, executionId, options);
      if (!job || job.outcome === undefined) throw error;
      return { stopped: false, ended: job };
    }
  }

  async listContainers(): Promise<Named[]> {
    const knowledgeBases = await this.calls.listNamed(
      'ListKnowledgeBases',
      {},
      (nextToken, options) =>
        this.client.send(new ListKnowledgeBasesCommand({ nextToken, maxResults: 100 }), options),
      (page) => page.nextToken,
      (page) => page.knowledgeBaseSummaries,
      (base) => ({ id: base.knowledgeBaseId, name: base.name }),
    );
    for (const { id, name } of knowledgeBases) this.names.set(id, name);
    return knowledgeBases;
  }

  /** A knowledge base without data sources may be a Kendra index seen through Bedrock: said so. */
  async listDataSources(knowledgeBaseId: string): Promise<Named[]> {
    const dataSources = await this.listedDataSources(knowledgeBaseId);
    if (dataSources.length === 0) await this.notKendra(knowledgeBaseId);
    return dataSources;
  }

  private listedDataSources(knowledgeBaseId: string): Promise<Named[]> {
    return this.calls.listNamed(
      'ListDataSources',
      { containerId: knowledgeBaseId },
      (nextToken, options) =>
        this.client.send(
          new ListDataSourcesCommand({ knowledgeBaseId, nextToken, maxResults: 100 }),
          options,
        ),
      (page) => page.nextToken,
      (page) => page.dataSourceSummaries,
      (source) => ({ id: source.dataSourceId, name: source.name }),
    );
  }

  /**
   * From the knowledge base's application logs, its document list or the job's failureReasons
   * (./documents.ts): that code, and the Logs client, load only after a job with something to explain.
   */
  async failedDocuments(target: Target, job: SyncJob, limit: number): Promise<FailedDocuments> {
    const { explainDocuments } = await import('./documents.js');
    const context = {
      // Here, not in ./documents.ts: the command joins the client's chunk, not a shared one.
      listDocuments: (target: Target, nextToken: string | undefined, options: SendOptions) =>
        this.client.send(
          new ListKnowledgeBaseDocumentsCommand({
            knowledgeBaseId: target.containerId,
            dataSourceId: target.dataSourceId,
            maxResults: 1000,
            nextToken,
          }),
          options,
        ),
      calls: this.calls,
      region: this.region,
      credentials: this.credentials,
      consoleLink: this.consoleLink(target),
      now: this.now(),
    };
    return explainDocuments(context, target, job, limit);
  }

  consoleLink(target: Target): string {
    return bedrockConsoleLink(this.region, target, this.names.get(target.containerId));
  }

  /** The runtime's Retrieve, for the search check: its client loads on the first search only. */
  async search(
    knowledgeBaseId: string,
    query: string,
    count: number,
    user?: string,
  ): Promise<SearchResult[]> {
    this.searcher ??= import('./search.js').then(({ openBedrockSearch }) =>
      openBedrockSearch(this.region, this.credentials, BEDROCK.explainer),
    );
    return (await this.searcher).search(knowledgeBaseId, query, count, user);
  }

  override close(): void {
    super.close();
    void this.searcher?.then((searcher) => searcher.close()).catch(() => undefined);
  }

  followCommand(target: Target, executionId: string): string {
    return `aws bedrock-agent get-ingestion-job --region ${this.region} --knowledge-base-id ${target.containerId} --data-source-id ${target.dataSourceId} --ingestion-job-id ${executionId}`;
  }
}

function toSyncJob(job: IngestionJob | IngestionJobSummary): SyncJob {
  const stats = job.statistics ?? {};
  const status = job.status ?? 'UNKNOWN';
  const failed = stats.numberOfDocumentsFailed ?? 0;
  const reasons = 'failureReasons' in job ? (job.failureReasons ?? []) : [];
  const ended: Record<string, EndedOutcome> = {
    COMPLETE: failed > 0 ? 'incomplete' : 'succeeded',
    FAILED: 'failed',
    STOPPED: 'stopped',
  };
  return {
    executionId: job.ingestionJobId ?? '',
    dataSourceId: job.dataSourceId ?? '',
    status,
    outcome: RUNNING.includes(status) ? undefined : ended[status],
    startTime: job.startedAt,
    // Bedrock has no end time: a job that ended was last updated when it did.
    endTime: RUNNING.includes(status) ? undefined : job.updatedAt,
    metrics: {
      added: stats.numberOfNewDocumentsIndexed ?? 0,
      modified: stats.numberOfModifiedDocumentsIndexed ?? 0,
      deleted: stats.numberOfDocumentsDeleted ?? 0,
      failed,
      scanned: stats.numberOfDocumentsScanned ?? 0,
      skipped: stats.numberOfDocumentsSkipped ?? 0,
    },
    // FAILED: the reasons are why, its error; COMPLETE: what was skipped, warnings.
    errorMessage: status === 'FAILED' && reasons.length > 0 ? reasons.join('; ') : undefined,
    reasons,
  };
}
