// Agents for Amazon Bedrock (bedrock-agent, API 2023-06-05), knowledge base ingestion only:
// restJson1, SigV4 signing name "bedrock". Routes, status codes, constraints and error shapes
// follow the service model (botocore data/bedrock-agent/2023-06-05/service-2.json).
//
// Where the model and the docs are silent, the simulator decides (and the tests pin it):
// - order of checks: SigV4, route, body, constraints, IAM, start rate, resources, clientToken
//   replay, one-job-per-knowledge-base (409), account quota (402);
// - the same clientToken with other parameters is a ConflictException (no mismatch error in
//   the model); a token is remembered 8 hours; replays count against the 0.1 TPS start quota;
// - unknown body members are ignored, ill-typed ones are a SerializationException (400);
// - stopping an ended job is a ConflictException; stopping a STOPPING one answers it again;
// - a knowledge base not ACTIVE or a data source not AVAILABLE: ValidationException; for one
//   CREATING or UPDATING the answer is settable (setNotReadyStart), since AWS does not document it;
// - a managed knowledge base runs up to 50 jobs, one per data source: a second start on a data
//   source whose job runs is a ConflictException naming the data source;
// - ListIngestionJobs without sortBy answers in a stable but unspecified order; listings page
//   10 items when maxResults is absent; authentication failures are 403.
import { type IngestionJob, ingestionState } from './jobs.js';
import {
  type BedrockDataSource,
  type BedrockState,
  type KnowledgeBase,
  jobsPerKnowledgeBase,
} from './state.js';
import { CONTENT_DATA_SOURCE_TYPES, INGESTION_JOB_STATUSES } from './model.js';
import { checked, fail, restJsonError, restJsonReply, route, bedrockError } from './protocol.js';
import {
  dataSourceJson,
  documentJson,
  iso,
  jobJson,
  knowledgeBaseArn,
  knowledgeBaseJson,
} from './views.js';
import { NO_RESOURCE_TYPE, authorize, denyMessage } from '../core/iam.js';
import type { Call, Reply } from '../core/protocol.js';
import { frontEnd } from '../core/front-end.js';
import { AUTH_ERRORS } from '../core/sigv4.js';
import type { Credential } from '../core/identities.js';
import { type Input, opt } from '../core/validate.js';

const BAD_TOKEN =
  'The nextToken provided is invalid. Use the nextToken from the previous response.';

export class Bedrock {
  /** Operation name -> handler; each has its route in the model's BEDROCK_ROUTES. */
  private readonly operations: Record<string, (ctx: Ctx) => unknown> = {
    StartIngestionJob: (c) => this.start(c),
    GetIngestionJob: (c) => this.get(c),
    StopIngestionJob: (c) => this.stop(c),
    ListIngestionJobs: (c) => this.listJobs(c),
    ListKnowledgeBases: (c) => this.listKnowledgeBases(c),
    GetKnowledgeBase: (c) => this.getKnowledgeBase(c),
    GetDataSource: (c) => this.getDataSource(c),
    ListDataSources: (c) => this.listDataSources(c),
    ListKnowledgeBaseDocuments: (c) => this.listDocuments(c),
  };

  constructor(
    private readonly state: BedrockState,
    private readonly credentials: (accessKeyId: string) => Credential | undefined,
  ) {}

  /** The operation a request routes to; '' for a /knowledgebases path no operation has. */
  static operationOf(call: Call): string | undefined {
    const r = route(call);
    if (r) return r.route.op;
    return call.path.startsWith('/knowledgebases') ? '' : undefined;
  }

  handle(call: Call): Reply {
    const routed = route(call);
    const op = routed?.route.op ?? '';
    const fe = frontEnd(call, 'bedrock', op, this.credentials);
    const { auth, input } = fe;
    // Authentication first, as at the AWS front end; then routing, the body and the operation.
    // restJson1 front ends answer authentication failures 403, like API Gateway-fronted AWS APIs.
    if (!auth.ok) return fe.answer(restJsonError(403, AUTH_ERRORS[auth.kind], auth.message));
    if (!routed) {
      const message = `No operation at ${call.method} ${call.path}`;
      return fe.answer(restJsonError(404, 'UnknownOperationException', message));
    }
    if (input === undefined) {
      return fe.answer(
        bedrockError('SerializationException', 'Could not parse request body into json'),
      );
    }
    return fe.run(() =>
      restJsonReply(
        routed.route.status,
        this.run(op, routed.labels, input, call, auth.cred, auth.region),
      ),
    );
  }

  private run(
    op: string,
    labels: Record<string, string>,
    input: Input,
    call: Call,
    cred: Credential,
    region: string,
  ): unknown {
    const ctx = { input: checked(op, labels, input), cred, region, now: call.now };
    return this.operations[op](ctx);
  }

  // ---- shared checks ------------------------------------------------------------------------

  private kbArn(region: string, id: string): string {
    return knowledgeBaseArn(region, this.state.account, id);
  }

  private authorize(cred: Credential, op: string, resource: string | undefined): void {
    const action = `bedrock:${op}`;
    const decision = authorize(cred.principal.statements, action, [resource ?? NO_RESOURCE_TYPE]);
    if (decision.allowed) return;
    // Actions without a resource type are denied without naming a resource.
    const head = `User: ${cred.principal.arn} is not authorized to perform: ${action}`;
    const message =
      resource !== undefined
        ? denyMessage(cred.principal.arn, action, resource, decision.explicit)
        : decision.explicit
          ? `${head} with an explicit deny in an identity-based policy`
          : `${head} because no identity-based policy allows the ${action} action`;
    throw fail('AccessDeniedException', message);
  }

  private knowledgeBase(id: string, region: string): KnowledgeBase {
    const kb = this.state.knowledgeBase(id, region);
    if (!kb)
      throw fail('ResourceNotFoundException', `Knowledge base with id ${id} does not exist.`);
    return kb;
  }

  private dataSource(kbId: string, id: string, region: string): BedrockDataSource {
    this.knowledgeBase(kbId, region);
    const ds = this.state.dataSource(kbId, id);
    if (!ds)
      throw fail(
        'ResourceNotFoundException',
        `Data source with id ${id} does not exist in knowledge base ${kbId}.`,
      );
    return ds;
  }

  private job(kbId: string, dsId: string, jobId: string, region: string): IngestionJob {
    this.dataSource(kbId, dsId, region);
    const job = this.state.jobs.get(jobId);
    if (!job || job.knowledgeBaseId !== kbId || job.dataSourceId !== dsId) {
      throw fail('ResourceNotFoundException', `Ingestion job with id ${jobId} does not exist.`);
    }
    return job;
  }

  /** The IDs a request's URI names ('' for one it does not name). */
  private ids(input: Input) {
    return {
      kbId: opt<string>(input.knowledgeBaseId) ?? '',
      dsId: opt<string>(input.dataSourceId) ?? '',
      jobId: opt<string>(input.ingestionJobId) ?? '',
    };
  }

  // ---- operations ---------------------------------------------------------------------------

  private start({ input, cred, region, now }: Ctx) {
    const { kbId, dsId } = this.ids(input);
    const clientToken = opt<string>(input.clientToken);
    const description = opt<string>(input.description);
    this.authorize(cred, 'StartIngestionJob', this.kbArn(region, kbId));
    // The 0.1 TPS quota counts every authorized call, retries of a lost answer included.
    if (!this.state.admitStart(region, now)) throw fail('ThrottlingException', 'Rate exceeded');
    const kb = this.knowledgeBase(kbId, region);
    const ds = this.dataSource(kbId, dsId, region);
    const fingerprint = JSON.stringify([kbId, dsId, description ?? null]);
    if (clientToken !== undefined) {
      const earlier = this.state.replay(region, clientToken, fingerprint, now);
      // Same token, other parameters: the model has no IdempotentParameterMismatch, and Smithy's
      // idempotency guidance answers a reused token with a conflict.
      if (earlier === 'mismatch') {
        throw fail(
          'ConflictException',
          'The client token has already been used in a request with different parameters. Use a new client token.',
        );
      }
      // "If this token matches a previous request, Amazon Bedrock ignores the request, but does
      // not return an error": the original job, as it is now.
      if (earlier) return { ingestionJob: jobJson(earlier, now) };
    }
    if (kb.status !== 'ACTIVE') {
      throw fail(
        'ValidationException',
        `Knowledge base ${kbId} is in ${kb.status} state and cannot ingest data.`,
      );
    }
    const request = { clientToken, description, fingerprint };
    const status = this.state.settle(ds, now).status;
    const notReady = `Data source ${dsId} is in ${status} state and cannot ingest data.`;
    if (status === 'CREATING' || status === 'UPDATING') {
      if (this.state.notReadyStart === 'ConflictException')
        throw fail('ConflictException', notReady);
      if (this.state.notReadyStart === 'FAILED_JOB') {
        const failing = { status: 'FAILED', startingMs: 1000, inProgressMs: 1000 } as const;
        const job = this.state.startJob(ds, region, request, now, {
          ...failing,
          failureReasons: [notReady],
          statistics: {},
          documents: [],
        });
        return { ingestionJob: jobJson(job, now) };
      }
    }
    if (status !== 'AVAILABLE') throw fail('ValidationException', notReady);
    this.checkConcurrency(kb, dsId, now);
    if (this.state.runningInRegion(region, now) >= this.state.accountJobLimit) {
      throw fail(
        'ServiceQuotaExceededException',
        `You have reached the maximum number of concurrent ingestion jobs per account: ${this.state.accountJobLimit}`,
      );
    }
    const job = this.state.startJob(ds, region, request, now);
    return { ingestionJob: jobJson(job, now) };
  }

  /** One job per vector knowledge base; a managed one runs 50, one per data source. */
  private checkConcurrency(kb: KnowledgeBase, dsId: string, now: number): void {
    const limit = jobsPerKnowledgeBase(kb);
    if (limit > 1 && this.state.runningIn(kb.id, now, dsId).length > 0) {
      throw fail(
        'ConflictException',
        `Data source ${dsId} already has an ingestion job in progress.`,
      );
    }
    if (this.state.runningIn(kb.id, now).length >= limit) {
      throw fail(
        'ConflictException',
        `You have reached the maximum number of concurrent ingestion jobs per knowledge base: ${limit}`,
      );
    }
  }

  private get({ input, cred, region, now }: Ctx) {
    const { kbId, dsId, jobId } = this.ids(input);
    this.authorize(cred, 'GetIngestionJob', this.kbArn(region, kbId));
    return { ingestionJob: jobJson(this.job(kbId, dsId, jobId, region), now) };
  }

  private stop({ input, cred, region, now }: Ctx) {
    const { kbId, dsId, jobId } = this.ids(input);
    this.authorize(cred, 'StopIngestionJob', this.kbArn(region, kbId));
    const job = this.job(kbId, dsId, jobId, region);
    const status = ingestionState(job, now).status;
    // An ended job cannot change state: a conflict with the resource's state (the model lists
    // ConflictException for StopIngestionJob only). A second stop while STOPPING changes nothing.
    if (status !== 'STARTING' && status !== 'IN_PROGRESS' && status !== 'STOPPING') {
      throw fail(
        'ConflictException',
        `Ingestion job ${jobId} is in ${status} status and cannot be stopped.`,
      );
    }
    if (job.stopRequestedAt === undefined) job.stopRequestedAt = now;
    return { ingestionJob: jobJson(job, now) };
  }

  private listJobs({ input, cred, region, now }: Ctx) {
    const { kbId, dsId } = this.ids(input);
    const filters = opt<{ values: (string | null)[] }[]>(input.filters);
    // One filter at the most (the model's list length); its values, a null read as ''.
    const statusValues = filters?.map((f) => f.values.map((v) => v ?? '')).pop();
    const sortBy = opt<{ attribute: string; order: string }>(input.sortBy);
    const sortAttribute = sortBy?.attribute;
    const order = sortBy?.order;
    const max = opt<number>(input.maxResults) ?? DEFAULT_PAGE;
    const nextToken = opt<string>(input.nextToken);
    this.authorize(cred, 'ListIngestionJobs', this.kbArn(region, kbId));
    this.dataSource(kbId, dsId, region);

    const scope = `jobs|${kbId}|${dsId}|${JSON.stringify([statusValues, sortAttribute, order])}`;
    const page = this.state.pager.page(
      scope,
      nextToken,
      () => {
        let jobs = this.state.jobsOf(kbId, dsId);
        if (statusValues) {
          const wanted = statusValues;
          jobs = jobs.filter((j) => wanted.includes(ingestionState(j, now).status));
        }
        if (!sortAttribute) jobs = this.state.shuffled(jobs);
        else {
          const key = (j: IngestionJob) =>
            sortAttribute === 'STATUS'
              ? INGESTION_JOB_STATUSES.indexOf(ingestionState(j, now).status)
              : j.startedAt;
          const sign = order === 'DESCENDING' ? -1 : 1;
          jobs.sort((a, b) => sign * (key(a) - key(b)) || (a.id < b.id ? -1 : 1));
        }
        return jobs.map((j) => j.id);
      },
      max,
    );
    if (page === 'bad-token') throw fail('ValidationException', BAD_TOKEN);
    const ingestionJobSummaries = page.ids
      .map((id) => this.state.jobs.get(id))
      .filter((j): j is IngestionJob => j !== undefined)
      .map((j) => jobJson(j, now, true));
    return page.nextToken
      ? { ingestionJobSummaries, nextToken: page.nextToken }
      : { ingestionJobSummaries };
  }

  private listKnowledgeBases({ input, cred, region }: Ctx) {
    const max = opt<number>(input.maxResults) ?? DEFAULT_PAGE;
    const nextToken = opt<string>(input.nextToken);
    this.authorize(cred, 'ListKnowledgeBases', undefined);
    const page = this.state.pager.page(
      `kbs|${region}`,
      nextToken,
      () =>
        [...this.state.knowledgeBases.values()].filter((k) => k.region === region).map((k) => k.id),
      max,
    );
    if (page === 'bad-token') throw fail('ValidationException', BAD_TOKEN);
    const knowledgeBaseSummaries = page.ids
      .map((id) => this.state.knowledgeBases.get(id))
      .filter((k): k is KnowledgeBase => k !== undefined)
      .map((k) => ({
        knowledgeBaseId: k.id,
        name: k.name,
        ...(k.description ? { description: k.description } : {}),
        status: k.status,
        updatedAt: iso(k.updatedAt),
      }));
    return page.nextToken
      ? { knowledgeBaseSummaries, nextToken: page.nextToken }
      : { knowledgeBaseSummaries };
  }

  private getKnowledgeBase({ input, cred, region }: Ctx) {
    const { kbId } = this.ids(input);
    this.authorize(cred, 'GetKnowledgeBase', this.kbArn(region, kbId));
    const kb = this.knowledgeBase(kbId, region);
    return { knowledgeBase: knowledgeBaseJson(kb, region, this.state.account) };
  }

  private getDataSource({ input, cred, region, now }: Ctx) {
    const { kbId, dsId } = this.ids(input);
    this.authorize(cred, 'GetDataSource', this.kbArn(region, kbId));
    const ds = this.state.settle(this.dataSource(kbId, dsId, region), now);
    return { dataSource: dataSourceJson(ds) };
  }

  private listDataSources({ input, cred, region, now }: Ctx) {
    const { kbId } = this.ids(input);
    const max = opt<number>(input.maxResults) ?? DEFAULT_PAGE;
    const nextToken = opt<string>(input.nextToken);
    this.authorize(cred, 'ListDataSources', this.kbArn(region, kbId));
    this.knowledgeBase(kbId, region);
    const page = this.state.pager.page(
      `ds|${kbId}`,
      nextToken,
      () => this.state.dataSourcesOf(kbId).map((d) => d.id),
      max,
    );
    if (page === 'bad-token') throw fail('ValidationException', BAD_TOKEN);
    const dataSourceSummaries = page.ids
      .map((id) => this.state.dataSource(kbId, id))
      .filter((d): d is BedrockDataSource => d !== undefined)
      .map((d) => this.state.settle(d, now))
      .map((d) => ({
        knowledgeBaseId: d.knowledgeBaseId,
        dataSourceId: d.id,
        name: d.name,
        status: d.status,
        ...(d.description ? { description: d.description } : {}),
        updatedAt: iso(d.updatedAt),
      }));
    return page.nextToken
      ? { dataSourceSummaries, nextToken: page.nextToken }
      : { dataSourceSummaries };
  }

  /**
   * The data source's documents, whatever their status (the operation has no filter). Only S3 and
   * custom data sources have a document list: other types are a ValidationException (the model's
   * ContentDataSourceType has no other value; the message is the simulator's).
   */
  private listDocuments({ input, cred, region, now }: Ctx) {
    const { kbId, dsId } = this.ids(input);
    const max = opt<number>(input.maxResults) ?? DEFAULT_PAGE;
    const nextToken = opt<string>(input.nextToken);
    this.authorize(cred, 'ListKnowledgeBaseDocuments', this.kbArn(region, kbId));
    const ds = this.dataSource(kbId, dsId, region);
    if (!(CONTENT_DATA_SOURCE_TYPES as readonly string[]).includes(ds.type)) {
      throw fail(
        'ValidationException',
        `Knowledge base documents can only be listed for data sources of type S3 or CUSTOM. Data source ${dsId} is of type ${ds.type}.`,
      );
    }
    const documents = this.state.documentsOf(ds, now);
    const page = this.state.pager.page(
      `docs|${kbId}|${dsId}`,
      nextToken,
      () => documents.map((d) => d.location),
      max,
    );
    if (page === 'bad-token') throw fail('ValidationException', BAD_TOKEN);
    const byLocation = new Map(documents.map((d) => [d.location, d]));
    const documentDetails = page.ids
      .map((location) => byLocation.get(location))
      .filter((d) => d !== undefined)
      .map((d) => documentJson(ds, d));
    return page.nextToken ? { documentDetails, nextToken: page.nextToken } : { documentDetails };
  }
}

/** Page size when maxResults is absent (the model gives none): small, so callers must page. */
const DEFAULT_PAGE = 10;

/** A checked request: its URI labels and body members in one object. */
interface Ctx {
  input: Input;
  cred: Credential;
  region: string;
  now: number;
}
