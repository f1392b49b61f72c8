// Amazon Kendra over awsJson1_1 (X-Amz-Target: AWSKendraFrontendService.<Operation>), SigV4
// service "kendra". Validation rules, error names and shapes follow the Kendra API reference.
import { type Job, RUNNING, jobState } from './jobs.js';
import { denyMessage, isAllowed } from './iam.js';
import {
  type Call,
  type Reply,
  constraint,
  header,
  jsonError,
  jsonReply,
  validationMessage,
} from './protocol.js';
import { type SigFailureKind, verifySigV4 } from './sigv4.js';
import type { Credential, DataSource, SimState } from './state.js';
import type { KendraJobStatus } from './types.js';

export const KENDRA_TARGET_PREFIX = 'AWSKendraFrontendService.';

/**
 * Status codes per the Kendra API reference: every modeled client error is 400, InternalServer 500.
 * (The Smithy model in newer SDKs carries 403/404/409/429 httpError hints; the SDK picks the
 * error by __type, not by status, so either is decoded the same.)
 */
const STATUS: Record<string, number> = {
  ValidationException: 400,
  ResourceNotFoundException: 400,
  ResourceInUseException: 400,
  ConflictException: 400,
  ThrottlingException: 400,
  AccessDeniedException: 400,
  ServiceQuotaExceededException: 400,
  InternalServerException: 500,
};

export function kendraStatus(code: string): number {
  return STATUS[code] ?? 400;
}

/** Front-end (coral) authentication errors of awsJson services: 400 with lower-case message. */
const AUTH_ERRORS: Record<SigFailureKind, string> = {
  missing: 'MissingAuthenticationTokenException',
  incomplete: 'IncompleteSignatureException',
  unknownKey: 'UnrecognizedClientException',
  badToken: 'UnrecognizedClientException',
  expiredCreds: 'ExpiredTokenException',
  expiredSig: 'InvalidSignatureException',
  mismatch: 'InvalidSignatureException',
};

const INDEX_ID = { pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*$/, text: '[a-zA-Z0-9][a-zA-Z0-9-]*' };
const DS_ID = { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, text: '[a-zA-Z0-9][a-zA-Z0-9_-]*' };
const JOB_STATUSES: KendraJobStatus[] = [
  'FAILED',
  'SUCCEEDED',
  'SYNCING',
  'INCOMPLETE',
  'STOPPING',
  'ABORTED',
  'SYNCING_INDEXING',
];

const OPERATIONS = new Set([
  'StartDataSourceSyncJob',
  'StopDataSourceSyncJob',
  'ListDataSourceSyncJobs',
  'ListIndices',
  'ListDataSources',
]);

type Input = Record<string, unknown>;

class Fail {
  constructor(readonly reply: Reply) {}
}

/** Errors Kendra models carry `Message`; anything else comes from the front end. */
function err(code: string, message: string): Fail {
  return new Fail(jsonError(kendraStatus(code), code, message, { modeled: code in STATUS }));
}

const epoch = (ms: number) => ms / 1000;

/** The JSON object body, {} for an empty body, undefined when it is not a JSON object. */
function parseJson(body: Buffer): Input | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Input) : undefined;
  } catch {
    return undefined;
  }
}

/** Collects coral-style constraint violations for one request. */
class Checker {
  errors: string[] = [];
  constructor(private readonly input: Input) {}

  string(
    name: string,
    member: string,
    rule: {
      required?: boolean;
      min?: number;
      max?: number;
      pattern?: { pattern: RegExp; text: string };
    },
  ): string | undefined {
    const v = this.input[name];
    if (v === undefined || v === null) {
      if (rule.required) this.errors.push(constraint(null, member, 'must not be null'));
      return undefined;
    }
    if (typeof v !== 'string') throw err('SerializationException', `Expected a string for ${name}`);
    if (rule.min !== undefined && v.length < rule.min) {
      this.errors.push(
        constraint(v, member, `must have length greater than or equal to ${rule.min}`),
      );
    }
    if (rule.max !== undefined && v.length > rule.max) {
      this.errors.push(constraint(v, member, `must have length less than or equal to ${rule.max}`));
    }
    if (rule.pattern && !rule.pattern.pattern.test(v)) {
      this.errors.push(
        constraint(v, member, `must satisfy regular expression pattern: ${rule.pattern.text}`),
      );
    }
    return v;
  }

  int(name: string, member: string, min: number, max: number): number | undefined {
    const v = this.input[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw err('SerializationException', `Expected an integer for ${name}`);
    }
    if (v < min)
      this.errors.push(constraint(v, member, `must have value greater than or equal to ${min}`));
    if (v > max)
      this.errors.push(constraint(v, member, `must have value less than or equal to ${max}`));
    return v;
  }

  done(): void {
    if (this.errors.length) throw err('ValidationException', validationMessage(this.errors));
  }
}

export class Kendra {
  constructor(private readonly state: SimState) {}

  /** The operation named by X-Amz-Target, or '' when it is not a Kendra target. */
  static operationOf(call: Call): string {
    const target = header(call, 'x-amz-target') ?? '';
    return target.startsWith(KENDRA_TARGET_PREFIX) ? target.slice(KENDRA_TARGET_PREFIX.length) : '';
  }

  handle(call: Call): Reply {
    const op = Kendra.operationOf(call);
    const auth = verifySigV4(call, 'kendra', (id) => this.state.credentials.get(id));
    const input = parseJson(call.body);
    const base = {
      action: op,
      accessKeyId: auth.accessKeyId,
      region: auth.region,
      parsedBody: input,
    };
    // Authentication comes first, as at the AWS front end; then the body and the operation.
    if (!auth.ok)
      return {
        ...jsonError(400, AUTH_ERRORS[auth.kind], auth.message, { modeled: false }),
        ...base,
      };
    if (input === undefined) {
      return {
        ...jsonError(400, 'SerializationException', 'Could not parse request body into json', {
          modeled: false,
        }),
        ...base,
      };
    }
    if (call.method !== 'POST' || !OPERATIONS.has(op)) {
      const message = op ? `Operation ${op} is not supported by the simulator` : '';
      return {
        ...jsonError(400, 'UnknownOperationException', message, { modeled: false }),
        ...base,
      };
    }
    try {
      return { ...jsonReply(this.run(op, input, auth.cred, auth.region, call.now)), ...base };
    } catch (e) {
      if (e instanceof Fail) return { ...e.reply, ...base };
      throw e;
    }
  }

  private run(op: string, input: Input, cred: Credential, region: string, now: number): unknown {
    switch (op) {
      case 'StartDataSourceSyncJob':
        return this.start(input, cred, region, now);
      case 'StopDataSourceSyncJob':
        return this.stop(input, cred, region, now);
      case 'ListDataSourceSyncJobs':
        return this.listJobs(input, cred, region, now);
      case 'ListIndices':
        return this.listIndices(input, cred, region);
      default:
        return this.listDataSources(input, cred, region);
    }
  }

  // ---- shared checks ------------------------------------------------------------------------

  private arn(region: string, suffix: string): string {
    return `arn:aws:kendra:${region}:${this.state.account}:${suffix}`;
  }

  private authorize(cred: Credential, op: string, resource: string): void {
    const action = `kendra:${op}`;
    if (!isAllowed(cred.principal.statements, action, resource)) {
      throw err('AccessDeniedException', denyMessage(cred.principal.arn, action, resource));
    }
  }

  private dataSourceIds(c: Checker): { indexId: string; id: string } {
    const id = c.string('Id', 'id', { required: true, min: 1, max: 100, pattern: DS_ID });
    const indexId = c.string('IndexId', 'indexId', {
      required: true,
      min: 36,
      max: 36,
      pattern: INDEX_ID,
    });
    return { indexId: indexId!, id: id! };
  }

  private index(indexId: string) {
    const index = this.state.indexes.get(indexId);
    if (!index) throw err('ResourceNotFoundException', `Index ${indexId} does not exist.`);
    return index;
  }

  private dataSource(indexId: string, id: string): DataSource {
    this.index(indexId);
    const ds = this.state.dataSource(indexId, id);
    if (!ds)
      throw err(
        'ResourceNotFoundException',
        `Data source ${id} does not exist in index ${indexId}.`,
      );
    return ds;
  }

  // ---- operations ---------------------------------------------------------------------------

  private start(input: Input, cred: Credential, region: string, now: number) {
    const c = new Checker(input);
    const { indexId, id } = this.dataSourceIds(c);
    c.done();
    this.authorize(
      cred,
      'StartDataSourceSyncJob',
      this.arn(region, `index/${indexId}/data-source/${id}`),
    );
    const ds = this.dataSource(indexId, id);
    const index = this.state.indexes.get(indexId)!;
    if (index.status !== 'ACTIVE') {
      throw err(
        'ConflictException',
        `Index ${indexId} is in ${index.status} status. Wait until it is ACTIVE and try again.`,
      );
    }
    if (ds.status !== 'ACTIVE') {
      throw err(
        'ConflictException',
        `Data source ${id} is in ${ds.status} status. Wait until it is ACTIVE and try again.`,
      );
    }
    const running = this.state.runningJob(indexId, id, now);
    if (running) {
      throw err(
        'ResourceInUseException',
        `Data source ${ds.name} (${id}) already has a sync job in progress (execution ${running.executionId}). Wait for it to finish or stop it before starting a new one.`,
      );
    }
    const job = this.state.startJob(ds, now);
    return { ExecutionId: job.executionId };
  }

  private stop(input: Input, cred: Credential, region: string, now: number) {
    const c = new Checker(input);
    const { indexId, id } = this.dataSourceIds(c);
    c.done();
    this.authorize(
      cred,
      'StopDataSourceSyncJob',
      this.arn(region, `index/${indexId}/data-source/${id}`),
    );
    this.dataSource(indexId, id);
    const job = this.state.runningJob(indexId, id, now);
    if (!job) {
      throw err('ValidationException', `There is no sync job running for data source ${id}.`);
    }
    // Stopping a job that is already STOPPING changes nothing.
    if (job.stopRequestedAt === undefined) job.stopRequestedAt = now;
    return {};
  }

  private listJobs(input: Input, cred: Credential, region: string, now: number) {
    const c = new Checker(input);
    const { indexId, id } = this.dataSourceIds(c);
    const max = c.int('MaxResults', 'maxResults', 1, 10) ?? 10;
    const nextToken = c.string('NextToken', 'nextToken', { min: 1, max: 800 });
    const statusFilter = c.string('StatusFilter', 'statusFilter', {});
    if (statusFilter !== undefined && !JOB_STATUSES.includes(statusFilter as KendraJobStatus)) {
      c.errors.push(
        constraint(
          statusFilter,
          'statusFilter',
          `must satisfy enum value set: [${JOB_STATUSES.join(', ')}]`,
        ),
      );
    }
    const range = input.StartTimeFilter as { StartTime?: unknown; EndTime?: unknown } | undefined;
    if (range !== undefined && (typeof range !== 'object' || range === null)) {
      throw err('SerializationException', 'Expected an object for StartTimeFilter');
    }
    const from = typeof range?.StartTime === 'number' ? range.StartTime * 1000 : -Infinity;
    const to = typeof range?.EndTime === 'number' ? range.EndTime * 1000 : Infinity;
    c.done();
    this.authorize(
      cred,
      'ListDataSourceSyncJobs',
      this.arn(region, `index/${indexId}/data-source/${id}`),
    );
    this.dataSource(indexId, id);

    const scope = `jobs|${indexId}|${id}|${statusFilter ?? ''}|${from}|${to}`;
    const page = this.state.page(
      scope,
      nextToken,
      () =>
        this.state
          .shuffledJobs(indexId, id)
          .filter((j) => j.startTime >= from && j.startTime <= to)
          .filter((j) => statusFilter === undefined || jobState(j, now).status === statusFilter)
          .map((j) => j.executionId),
      max,
    );
    if (page === 'bad-token')
      throw err(
        'ValidationException',
        'The NextToken provided is invalid. Use the NextToken from the previous response.',
      );
    const History = page.ids
      .map((eid) => this.state.jobsById.get(eid))
      .filter((j): j is Job => j !== undefined)
      .filter((j) => statusFilter === undefined || jobState(j, now).status === statusFilter)
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

  private listIndices(input: Input, cred: Credential, region: string) {
    const c = new Checker(input);
    const max = c.int('MaxResults', 'maxResults', 1, 100) ?? 100;
    const nextToken = c.string('NextToken', 'nextToken', { min: 1, max: 800 });
    c.done();
    // ListIndices has no resource type in IAM; the denial names the index wildcard.
    this.authorize(cred, 'ListIndices', this.arn(region, 'index/*'));
    const page = this.state.page('indices', nextToken, () => [...this.state.indexes.keys()], max);
    if (page === 'bad-token')
      throw err(
        'ValidationException',
        'The NextToken provided is invalid. Use the NextToken from the previous response.',
      );
    const items = page.ids
      .map((id) => this.state.indexes.get(id))
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

  private listDataSources(input: Input, cred: Credential, region: string) {
    const c = new Checker(input);
    const indexId = c.string('IndexId', 'indexId', {
      required: true,
      min: 36,
      max: 36,
      pattern: INDEX_ID,
    })!;
    const max = c.int('MaxResults', 'maxResults', 1, 100) ?? 100;
    const nextToken = c.string('NextToken', 'nextToken', { min: 1, max: 800 });
    c.done();
    this.authorize(cred, 'ListDataSources', this.arn(region, `index/${indexId}`));
    this.index(indexId);
    const page = this.state.page(
      `ds|${indexId}`,
      nextToken,
      () =>
        [...this.state.dataSources.values()].filter((d) => d.indexId === indexId).map((d) => d.id),
      max,
    );
    if (page === 'bad-token')
      throw err(
        'ValidationException',
        'The NextToken provided is invalid. Use the NextToken from the previous response.',
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
}
