// Amazon Bedrock Knowledge Bases as a sync service: its SDK client, its wire vocabulary and its
// rules (one ingestion job at a time per knowledge base, answered ConflictException; a few per
// account, ServiceQuotaExceededException; about one StartIngestionJob per 10 s per account;
// idempotent starts by clientToken; jobs read and stopped by ID). Loaded only for Bedrock runs.
import {
  BedrockAgentClient,
  GetIngestionJobCommand,
  ListDataSourcesCommand,
  ListIngestionJobsCommand,
  ListKnowledgeBasesCommand,
  StartIngestionJobCommand,
  StopIngestionJobCommand,
  type IngestionJob,
  type IngestionJobSummary,
} from '@aws-sdk/client-bedrock-agent';
import { createHash } from 'node:crypto';
import { accountOf, consoleHost, endpointOf, partitionOf } from './aws.js';
import { ServiceCalls } from './calls.js';
import type { Credentials } from './credentials.js';
import { AwsCallError, type ServiceExplainer } from './errors.js';
import * as log from './log.js';
import {
  describeTarget,
  type EndedOutcome,
  type FailedDocuments,
  type Named,
  type SearchResult,
  type StartAnswer,
  type StartOptions,
  type SyncJob,
  type SyncService,
  type Target,
  type Terms,
} from './model.js';
import type { BedrockSearch } from './services/bedrock/search.js';
import { clientConfig, OFFLINE, WARM_UP_KEYS, warmUp } from './sdk-http.js';
import { backoffDelay, formatDuration, type Clock } from './time.js';
import { clause } from './text.js';

export const BEDROCK_TERMS: Terms = {
  service: 'Bedrock',
  container: 'knowledge base',
  containers: 'knowledge bases',
  containerIdInput: 'knowledge-base-id',
  containerNameInput: 'knowledge-base-name',
  busyError: 'ConflictException',
};

/** Statuses of a job still under way: it holds the knowledge base's one slot. */
const RUNNING = ['STARTING', 'IN_PROGRESS', 'STOPPING'];

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
  env: NodeJS.ProcessEnv = process.env,
): Promise<BedrockService> {
  const client = new BedrockAgentClient({
    ...(await clientConfig(endpointOf('bedrock', region), region)),
    ...(credentials.provider && { credentials: credentials.provider }),
  });
  warmUp(
    new BedrockAgentClient({
      region,
      requestHandler: OFFLINE,
      maxAttempts: 1,
      credentials: WARM_UP_KEYS,
    }),
    new StartIngestionJobCommand({ knowledgeBaseId: 'WARMUP0000', dataSourceId: 'WARMUP0000' }),
  );
  return new BedrockService(client, region, credentials, clock, env);
}

export class BedrockService implements SyncService {
  readonly id = 'bedrock';
  readonly terms = BEDROCK_TERMS;
  readonly oneJobPerContainer = true;
  private readonly calls: ServiceCalls;
  /** Knowledge base names seen in listings, for console links. */
  private readonly names = new Map<string, string>();
  /** The runtime client for the search check, once a search asked for it. */
  private searcher?: Promise<BedrockSearch>;

  constructor(
    readonly client: BedrockAgentClient,
    readonly region: string,
    private readonly credentials:
      Pick<Credentials, 'invalidate' | 'principal' | 'provider'> | undefined,
    private readonly clock: Clock,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.calls = new ServiceCalls('bedrock', region, credentials, explainer);
  }

  /**
   * Starts an ingestion job. The clientToken makes a retried request (or one whose answer was
   * lost) return the job the first one started, instead of starting a second.
   */
  async startJob(target: Target, { deadline, clock }: StartOptions): Promise<StartAnswer> {
    const request = {
      knowledgeBaseId: target.containerId,
      dataSourceId: target.dataSourceId,
      clientToken: clientToken(target, this.env),
      description: description(this.env),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await this.calls.send('StartIngestionJob', target, (options) =>
          this.client.send(new StartIngestionJobCommand(request), options),
        );
        const job = output.ingestionJob;
        if (!job?.ingestionJobId) {
          throw this.calls.error(
            'StartIngestionJob',
            target,
            new Error('Bedrock answered without an ingestion job ID'),
          );
        }
        return { started: true, executionId: job.ingestionJobId, status: job.status ?? 'STARTING' };
      } catch (error) {
        if (!(error instanceof AwsCallError)) throw error;
        if (error.name === 'ConflictException') {
          return { started: false, busy: 'container', reason: 'ConflictException' };
        }
        if (error.name === 'ServiceQuotaExceededException' && /concurrent/i.test(error.message)) {
          return { started: false, busy: 'account', reason: 'ServiceQuotaExceededException' };
        }
        if (error.name !== 'ThrottlingException') throw error;
        const pause = Math.max(
          THROTTLED_START_MIN_MS,
          backoffDelay(attempt, THROTTLED_START_MIN_MS, THROTTLED_START_MAX_MS),
        );
        if (clock.now() + pause > deadline) throw error;
        log.info(
          `Bedrock throttled StartIngestionJob on ${describeTarget(target)} (the account may start about one ingestion job per 10 s); trying again in ${formatDuration(pause)}.`,
        );
        await clock.sleep(pause);
      }
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

  async stopJob(
    target: Target,
    executionId: string,
    options: { abortSignal: AbortSignal },
  ): Promise<void> {
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

  listDataSources(knowledgeBaseId: string): Promise<Named[]> {
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

  now(): Date {
    return new Date(this.clock.now() + (this.client.config.systemClockOffset ?? 0));
  }

  /** Bedrock keeps no per-document record the action can read: the job's failureReasons are it. */
  async failedDocuments(_target: Target, job: SyncJob, limit: number): Promise<FailedDocuments> {
    const reasons = job.reasons ?? [];
    return {
      documents: reasons.slice(0, limit).map((message) => ({ message: clause(message) })),
      more: Math.max(reasons.length - limit, 0),
    };
  }

  /** The knowledge base's page; with its name unknown, the console's list of knowledge bases. */
  consoleLink(target: Target): string {
    const base = `https://${consoleHost(this.region)}/bedrock/home?region=${this.region}#/knowledge-bases`;
    const name = this.names.get(target.containerId);
    return name
      ? `${base}/knowledge-base/${encodeURIComponent(name)}/${target.containerId}/0`
      : base;
  }

  /** The runtime's Retrieve, for the search check: its client loads on the first search only. */
  async search(knowledgeBaseId: string, query: string, count: number): Promise<SearchResult[]> {
    this.searcher ??= import('./services/bedrock/search.js').then(({ openBedrockSearch }) =>
      openBedrockSearch(this.region, this.credentials, explainer),
    );
    return (await this.searcher).search(knowledgeBaseId, query, count);
  }

  followCommand(target: Target, executionId: string): string {
    return `aws bedrock-agent get-ingestion-job --region ${this.region} --knowledge-base-id ${target.containerId} --data-source-id ${target.dataSourceId} --ingestion-job-id ${executionId}`;
  }

  close(): void {
    this.client.destroy();
    void this.searcher?.then((searcher) => searcher.close()).catch(() => undefined);
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
    },
    // FAILED: why, as the error; COMPLETE: what was skipped, as warnings.
    errorMessage: status === 'FAILED' && reasons.length > 0 ? reasons.join('; ') : undefined,
    notes: status === 'FAILED' ? [] : reasons,
    reasons,
  };
}

/**
 * The same for a retried request and for the step's own retries, different for another run
 * attempt, job, step, knowledge base or data source (33-256 of [a-zA-Z0-9-]).
 */
export function clientToken(target: Target, env: NodeJS.ProcessEnv): string {
  const parts = [
    env.GITHUB_REPOSITORY,
    env.GITHUB_RUN_ID,
    env.GITHUB_RUN_ATTEMPT,
    env.GITHUB_JOB,
    env.GITHUB_ACTION,
    target.containerId,
    target.dataSourceId,
  ];
  // Outside a workflow run there is no run to be idempotent within: each start is its own.
  if (!env.GITHUB_RUN_ID) parts.push(String(Date.now()), String(Math.random()));
  return `kendra-sync-${createHash('sha256').update(parts.join('\n')).digest('hex')}`;
}

/** What the job was started for, as the console shows it: repository, commit, run (<= 200). */
export function description(env: NodeJS.ProcessEnv): string {
  const repository = env.GITHUB_REPOSITORY ?? 'a local run';
  const commit = env.GITHUB_SHA ? ` at ${env.GITHUB_SHA.slice(0, 12)}` : '';
  const run = env.GITHUB_RUN_ID
    ? `, run ${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'}`
    : '';
  return `kendra-sync for ${repository}${commit}${run}`.slice(0, 200);
}

export const explainer: ServiceExplainer = {
  where(context) {
    const target = context.dataSourceId
      ? describeTarget({ dataSourceId: context.dataSourceId })
      : undefined;
    return [
      target,
      context.containerId && `knowledge base ${context.containerId}`,
      `region ${context.region}`,
    ]
      .filter(Boolean)
      .join(' in ');
  },
  iamAction: (operation) => `bedrock:${operation}`,
  resources(context) {
    // ListKnowledgeBases has no resource type: only "*" grants it.
    if (!context.containerId) return ['*'];
    const account = accountOf(context.principal);
    return [
      `arn:${partitionOf(context.region)}:bedrock:${context.region}:${account}:knowledge-base/${context.containerId}`,
    ];
  },
  specific(context, { name, said }, prefix) {
    switch (name) {
      case 'ResourceNotFoundException':
        return `${prefix}: ${said}. Check knowledge-base-id and the data source IDs (or names) and aws-region: they must exist in region ${context.region} of the account the credentials belong to.`;
      case 'ConflictException':
        return `${prefix}: ${said}. The knowledge base or data source is busy or being changed; try again when it is AVAILABLE.`;
      case 'ServiceQuotaExceededException':
        return `${prefix}: ${said}. A Bedrock quota was reached; see Service Quotas for Amazon Bedrock.`;
      default:
        return undefined;
    }
  },
};
