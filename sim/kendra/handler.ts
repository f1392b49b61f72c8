// Amazon Kendra over awsJson1_1 (X-Amz-Target: AWSKendraFrontendService.<Operation>), SigV4
// service "kendra". Shapes, constraints and errors come from ./model.ts (checked against
// botocore's model by __tests__/conformance.test.ts); each operation is one entry in a table.
import { type Job, RUNNING, jobState } from './jobs.js';
import { NO_RESOURCE_TYPE, authorize, denyMessage } from '../core/iam.js';
import { ERROR_STATUS, INPUTS, RESOURCE_TYPES, URL_PATTERN } from './model.js';
import { rank } from '../core/corpus.js';
import { uuid } from '../core/util.js';
import type { DataSource, Index, KendraState } from './state.js';
import {
  type Call,
  Fail,
  type Reply,
  JSON_CONTENT_TYPE,
  header,
  jsonError,
  jsonReply,
} from '../core/protocol.js';
import { frontEnd } from '../core/front-end.js';
import { AUTH_ERRORS } from '../core/sigv4.js';
import type { Credential } from '../core/identities.js';
import { type Dialect, type Input, jsonType, opt, validate, whole } from '../core/validate.js';

/** Retrieve: passages of up to 200 token words, at most 100 results in all, 10 to a page. */
const PASSAGE_WORDS = 200;
const MAX_RESULTS = 100;
const DEFAULT_PAGE_SIZE = 10;

const KENDRA_TARGET_PREFIX = 'AWSKendraFrontendService.';

export function kendraStatus(code: string): number {
  return ERROR_STATUS[code] ?? 400;
}

/** Errors Kendra models carry `Message`; anything else comes from the front end. */
function err(code: string, message: string): Fail {
  return new Fail(jsonError(kendraStatus(code), code, message, { modeled: code in ERROR_STATUS }));
}

const epoch = (ms: number) => ms / 1000;

const NOUNS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  timestamp: 'a timestamp',
  structure: 'an object',
};

/**
 * Kendra's front end: deserialization rejects members the shape does not have and names members
 * as sent (`StartDataSourceSyncJobRequest.IndexId`); coral's constraint messages name them in
 * lower camel case (`indexId`) and list a pattern violation before a length violation.
 */
const KENDRA: Dialect = {
  invalidCode: 'ValidationException',
  unknownMembers: 'reject',
  patternFirst: true,
  memberPath: (parent, name) =>
    `${parent ? parent + '.' : ''}${name[0].toLowerCase()}${name.slice(1)}`,
  deserializePath: (parent, name) => `${parent}.${name}`,
  typeError: (path, rule, value) =>
    `Cannot deserialize ${path}: expected ${NOUNS[rule.type]}, got ${jsonType(value)}`,
  unknownError: (name, path) => `Unrecognized field "${name}" in ${path}`,
};

/** One request after the shared prologue: valid, authorised, its resources looked up. */
interface Request {
  op: string;
  input: Input;
  cred: Credential;
  region: string;
  now: number;
  /** The index named by the request (IndexId, or Id for DescribeIndex), when it has one. */
  index?: Index;
  dataSource?: DataSource;
}

type Handler = (req: Request) => unknown;

const BAD_TOKEN =
  'The NextToken provided is invalid. Use the NextToken from the previous response.';

export class Kendra {
  /** Operation name -> handler; an operation not listed here is an UnknownOperationException. */
  private readonly operations: Record<string, Handler> = {
    StartDataSourceSyncJob: (r) => this.start(r),
    StopDataSourceSyncJob: (r) => this.stop(r),
    ListDataSourceSyncJobs: (r) => this.listJobs(r),
    ListIndices: (r) => this.listIndices(r),
    ListDataSources: (r) => this.listDataSources(r),
    DescribeIndex: (r) => this.describeIndex(r),
    DescribeDataSource: (r) => this.describeDataSource(r),
    Retrieve: (r) => this.retrieve(r),
  };

  constructor(
    private readonly state: KendraState,
    private readonly credentials: (accessKeyId: string) => Credential | undefined,
  ) {}

  /** The operation named by X-Amz-Target, or '' when it is not a Kendra target. */
  static operationOf(call: Call): string {
    const target = header(call, 'x-amz-target') ?? '';
    return target.startsWith(KENDRA_TARGET_PREFIX) ? target.slice(KENDRA_TARGET_PREFIX.length) : '';
  }

  handle(call: Call): Reply {
    const op = Kendra.operationOf(call);
    const fe = frontEnd(call, 'kendra', op, this.credentials);
    const { auth, input } = fe;
    const error = (code: string, message: string) =>
      fe.answer(jsonError(400, code, message, { modeled: false }));
    // Authentication comes first, as at the AWS front end; then the protocol and the body.
    if (!auth.ok) return error(AUTH_ERRORS[auth.kind], auth.message);
    const handler = Object.hasOwn(this.operations, op) ? this.operations[op] : undefined;
    // The front end picks the protocol by Content-Type: with another one it cannot tell which
    // awsJson operation was meant, so the answer is UnknownOperationException (our choice;
    // the SDKs and botocore always send application/x-amz-json-1.1).
    const contentType = (header(call, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (call.method !== 'POST' || !handler || contentType !== JSON_CONTENT_TYPE) {
      const message = handler || !op ? '' : `Operation ${op} is not supported by the simulator`;
      return error('UnknownOperationException', message);
    }
    if (input === undefined) {
      return error('SerializationException', 'Could not parse request body into json');
    }
    return fe.run(() =>
      jsonReply(handler(this.prologue(op, input, auth.cred, auth.region, call.now))),
    );
  }

  // ---- the prologue every operation shares: check, authorise, look up -----------------------

  private prologue(op: string, input: Input, cred: Credential, region: string, now: number) {
    const invalid = validate(INPUTS[op], input, KENDRA, op + 'Request');
    if (invalid) throw err(invalid.code, invalid.message);

    const types = RESOURCE_TYPES[op];
    const indexId = (op === 'DescribeIndex' ? input.Id : input.IndexId) as string | undefined;
    const dataSourceId = types.includes('data-source') ? (input.Id as string) : undefined;
    const indexArn = this.arn(region, `index/${indexId}`);
    // Most specific first: a principal allowed on neither hears about the data source.
    const resources = types.length
      ? types
          .map((t) => (t === 'index' ? indexArn : `${indexArn}/data-source/${dataSourceId}`))
          .reverse()
      : [NO_RESOURCE_TYPE];
    const action = `kendra:${op}`;
    const decision = authorize(cred.principal.statements, action, resources);
    if (!decision.allowed) {
      throw err(
        'AccessDeniedException',
        // With no resource type to name, the denial names the index wildcard (as before).
        denyMessage(
          cred.principal.arn,
          action,
          types.length ? decision.resource : this.arn(region, 'index/*'),
          decision.explicit,
        ),
      );
    }

    const req: Request = { op, input, cred, region, now };
    if (indexId !== undefined) {
      req.index = this.state.index(indexId, region);
      if (!req.index) throw err('ResourceNotFoundException', `Index ${indexId} does not exist.`);
    }
    if (dataSourceId !== undefined) {
      req.dataSource = this.state.dataSource(indexId!, dataSourceId);
      if (!req.dataSource) {
        throw err(
          'ResourceNotFoundException',
          `Data source ${dataSourceId} does not exist in index ${indexId}.`,
        );
      }
    }
    return req;
  }

  private arn(region: string, suffix: string): string {
    return `arn:aws:kendra:${region}:${this.state.account}:${suffix}`;
  }

  private page(scope: string, nextToken: unknown, snapshot: () => string[], max: number) {
    const page = this.state.pager.page(scope, nextToken as string | undefined, snapshot, max);
    if (page === 'bad-token') throw err('ValidationException', BAD_TOKEN);
    return page;
  }

  // ---- operations ---------------------------------------------------------------------------

  private start({ index, dataSource: ds, now }: Request) {
    if (index!.status !== 'ACTIVE') {
      throw err(
        'ConflictException',
        `Index ${index!.id} is in ${index!.status} status. Wait until it is ACTIVE and try again.`,
      );
    }
    if (ds!.status !== 'ACTIVE') {
      throw err(
        'ConflictException',
        `Data source ${ds!.id} is in ${ds!.status} status. Wait until it is ACTIVE and try again.`,
      );
    }
    const running = this.state.runningJob(ds!.indexId, ds!.id, now);
    if (running) {
      throw err(
        'ResourceInUseException',
        `Data source ${ds!.name} (${ds!.id}) already has a sync job in progress (execution ${running.executionId}). Wait for it to finish or stop it before starting a new one.`,
      );
    }
    const job = this.state.startJob(ds!, now);
    return { ExecutionId: job.executionId };
  }

  private stop({ dataSource: ds, now }: Request) {
    const job = this.state.runningJob(ds!.indexId, ds!.id, now);
    if (!job) {
      throw err('ValidationException', `There is no sync job running for data source ${ds!.id}.`);
    }
    this.state.requestStop(job, now);
    return {};
  }

  private listJobs({ input, dataSource: ds, now }: Request) {
    const { indexId, id } = ds!;
    const max = (input.MaxResults as number | undefined) ?? 10;
    const statusFilter = input.StatusFilter as string | undefined;
    const range = input.StartTimeFilter as { StartTime?: number; EndTime?: number } | undefined;
    const from = typeof range?.StartTime === 'number' ? range.StartTime * 1000 : -Infinity;
    const to = typeof range?.EndTime === 'number' ? range.EndTime * 1000 : Infinity;
    const matches = (j: Job) =>
      statusFilter === undefined || jobState(j, now).status === statusFilter;
    const page = this.page(
      `jobs|${indexId}|${id}|${statusFilter ?? ''}|${from}|${to}`,
      input.NextToken,
      () =>
        this.state
          .shuffledJobs(indexId, id)
          .filter((j) => j.startTime >= from && j.startTime <= to)
          .filter(matches)
          .map((j) => j.executionId),
      max,
    );
    const History = page.ids
      .map((eid) => this.state.job(eid))
      .filter((j): j is Job => j !== undefined)
      .filter(matches)
      .map((j) => this.jobJson(j, now));
    return page.nextToken ? { History, NextToken: page.nextToken } : { History };
  }

  private jobJson(job: Job, now: number) {
    const s = jobState(job, now);
    return {
      ExecutionId: job.executionId,
      StartTime: epoch(job.startTime),
      ...(s.endTime !== undefined && !RUNNING.has(s.status) ? { EndTime: epoch(s.endTime) } : {}),
      Status: s.status,
      ...(s.errorMessage ? { ErrorMessage: s.errorMessage } : {}),
      ...(s.errorCode ? { ErrorCode: s.errorCode } : {}),
      ...(s.dataSourceErrorCode ? { DataSourceErrorCode: s.dataSourceErrorCode } : {}),
      // Kendra sends the counts as strings.
      Metrics: {
        DocumentsAdded: String(s.metrics.added),
        DocumentsModified: String(s.metrics.modified),
        DocumentsDeleted: String(s.metrics.deleted),
        DocumentsFailed: String(s.metrics.failed),
        DocumentsScanned: String(s.metrics.scanned),
      },
    };
  }

  private listIndices({ input, region }: Request) {
    const max = (input.MaxResults as number | undefined) ?? 100;
    const page = this.page(
      `indices|${region}`,
      input.NextToken,
      () => this.state.indexIdsIn(region),
      max,
    );
    const items = page.ids
      .map((id) => this.state.index(id, region))
      .filter((i) => i !== undefined)
      .map((i) => ({
        Name: i.name,
        Id: i.id,
        Edition: i.edition,
        CreatedAt: epoch(i.createdAt),
        UpdatedAt: epoch(i.updatedAt),
        Status: i.status,
      }));
    return page.nextToken
      ? { IndexConfigurationSummaryItems: items, NextToken: page.nextToken }
      : { IndexConfigurationSummaryItems: items };
  }

  private listDataSources({ input, index }: Request) {
    const indexId = index!.id;
    const max = (input.MaxResults as number | undefined) ?? 100;
    const page = this.page(
      `ds|${indexId}`,
      input.NextToken,
      () => this.state.dataSourceIdsOf(indexId),
      max,
    );
    const items = page.ids
      .map((id) => this.state.dataSource(indexId, id))
      .filter((d) => d !== undefined)
      .map((d) => ({
        Name: d.name,
        Id: d.id,
        Type: d.type,
        CreatedAt: epoch(d.createdAt),
        UpdatedAt: epoch(d.updatedAt),
        Status: d.status,
        LanguageCode: d.languageCode,
      }));
    return page.nextToken
      ? { SummaryItems: items, NextToken: page.nextToken }
      : { SummaryItems: items };
  }

  private describeIndex({ index }: Request) {
    const i = index!;
    return {
      Name: i.name,
      Id: i.id,
      Edition: i.edition,
      RoleArn: `arn:aws:iam::${this.state.account}:role/kendra-index-role`,
      Status: i.status,
      CreatedAt: epoch(i.createdAt),
      UpdatedAt: epoch(i.updatedAt),
    };
  }

  /**
   * Retrieve: the index's served passages that share a term with the query, best first (term
   * overlap, ties by document ID), at most 100 in all, PageSize (default 10) to a page.
   */
  private retrieve({ input, index, now }: Request) {
    const query = input.QueryText as string;
    const size = Math.min(
      Math.max(opt<number>(input.PageSize) ?? DEFAULT_PAGE_SIZE, 0),
      MAX_RESULTS,
    );
    const pageNumber = Math.max(opt<number>(input.PageNumber) ?? 1, 1);
    const ranked = rank(this.state.servedDocuments(index!.id, now), query, PASSAGE_WORDS)
      .filter((p) => p.matched > 0)
      .slice(0, MAX_RESULTS);
    const page = ranked.slice((pageNumber - 1) * size, pageNumber * size);
    const queryId = uuid();
    const url = whole(URL_PATTERN);
    const ResultItems = page.map((p) => {
      const d = p.document;
      const ratio = p.matched / Math.max(1, p.terms);
      return {
        Id: `${queryId}-${uuid()}`,
        DocumentId: d.id,
        ...(d.title !== undefined ? { DocumentTitle: d.title } : {}),
        Content: p.text,
        ...(d.location && url.test(d.location) ? { DocumentURI: d.location } : {}),
        DocumentAttributes: [
          { Key: '_data_source_id', Value: { StringValue: d.dataSourceId } },
          ...(d.location && url.test(d.location)
            ? [{ Key: '_source_uri', Value: { StringValue: d.location } }]
            : []),
        ],
        ScoreAttributes: {
          ScoreConfidence:
            ratio >= 1 ? 'VERY_HIGH' : ratio >= 0.75 ? 'HIGH' : ratio >= 0.5 ? 'MEDIUM' : 'LOW',
        },
      };
    });
    return { QueryId: queryId, ResultItems };
  }

  private describeDataSource({ dataSource }: Request) {
    const d = dataSource!;
    return {
      Id: d.id,
      IndexId: d.indexId,
      Name: d.name,
      Type: d.type,
      CreatedAt: epoch(d.createdAt),
      UpdatedAt: epoch(d.updatedAt),
      Status: d.status,
      LanguageCode: d.languageCode,
    };
  }
}
