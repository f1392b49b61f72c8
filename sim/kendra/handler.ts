// Amazon Kendra over awsJson1_1 (X-Amz-Target: AWSKendraFrontendService.<Operation>), SigV4
// service "kendra". Shapes, constraints and errors come from ./model.ts (checked against
// botocore's model by __tests__/conformance.test.ts); each operation is one entry in a table.
import { type Job, RUNNING, jobState } from './jobs.js';
import { NO_RESOURCE_TYPE, authorize, denyMessage } from '../core/iam.js';
import {
  ERROR_STATUS,
  INPUTS,
  RESOURCE_TYPES,
  type MemberRule,
  type StructureRule,
} from './model.js';
import {
  type Call,
  type Reply,
  JSON_CONTENT_TYPE,
  constraint,
  header,
  jsonError,
  jsonReply,
  validationMessage,
} from '../core/protocol.js';
import { type SigFailureKind, verifySigV4 } from '../core/sigv4.js';
import type { Credential, DataSource, Index, SimState } from '../core/state.js';

export const KENDRA_TARGET_PREFIX = 'AWSKendraFrontendService.';

export function kendraStatus(code: string): number {
  return ERROR_STATUS[code] ?? 400;
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

type Input = Record<string, unknown>;

class Fail {
  constructor(readonly reply: Reply) {}
}

/** Errors Kendra models carry `Message`; anything else comes from the front end. */
function err(code: string, message: string): Fail {
  return new Fail(jsonError(kendraStatus(code), code, message, { modeled: code in ERROR_STATUS }));
}

const epoch = (ms: number) => ms / 1000;

/** The JSON object body, {} for an empty body, undefined when it is not a JSON object. */
function parseJson(body: Buffer): Input | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Input {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/**
 * Deserialization as an awsJson front end does it, before any validation: a member of the wrong
 * JSON type, or one the shape does not have, is a SerializationException.
 */
function deserialize(rule: MemberRule, value: unknown, path: string): void {
  const wrong = (expected: string) =>
    err(
      'SerializationException',
      `Cannot deserialize ${path}: expected ${expected}, got ${jsonType(value)}`,
    );
  switch (rule.type) {
    case 'string':
      if (typeof value !== 'string') throw wrong('a string');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrong('an integer');
      return;
    case 'timestamp': // awsJson timestamps are epoch seconds
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a timestamp');
      return;
    case 'structure': {
      if (!isObject(value)) throw wrong('an object');
      for (const [name, v] of Object.entries(value)) {
        const member = rule.members[name];
        if (!member) throw err('SerializationException', `Unrecognized field "${name}" in ${path}`);
        if (v !== null) deserialize(member, v, `${path}.${name}`);
      }
    }
  }
}

/** Coral names members in validation messages in lower camel case: IndexId -> indexId. */
const memberPath = (prefix: string, name: string) =>
  `${prefix}${name[0].toLowerCase()}${name.slice(1)}`;

/** Coral-style constraint violations of a deserialized structure, in model order. */
function violations(rule: StructureRule, input: Input, prefix = ''): string[] {
  const errors: string[] = [];
  for (const [name, member] of Object.entries(rule.members)) {
    const path = memberPath(prefix, name);
    const v = input[name];
    if (v === undefined || v === null) {
      if (rule.required?.includes(name)) errors.push(constraint(null, path, 'must not be null'));
      continue;
    }
    if (member.type === 'structure') {
      errors.push(...violations(member, v as Input, `${path}.`));
    } else if (member.type === 'string') {
      const s = v as string;
      // Coral lists a pattern violation before a length violation of the same member.
      if (member.pattern !== undefined && !new RegExp(`^(?:${member.pattern})$`).test(s))
        errors.push(
          constraint(s, path, `must satisfy regular expression pattern: ${member.pattern}`),
        );
      if (member.min !== undefined && s.length < member.min)
        errors.push(constraint(s, path, `must have length greater than or equal to ${member.min}`));
      if (member.max !== undefined && s.length > member.max)
        errors.push(constraint(s, path, `must have length less than or equal to ${member.max}`));
      if (member.enum && !member.enum.includes(s))
        errors.push(
          constraint(s, path, `must satisfy enum value set: [${member.enum.join(', ')}]`),
        );
    } else if (member.type === 'integer') {
      const n = v as number;
      if (member.min !== undefined && n < member.min)
        errors.push(constraint(n, path, `must have value greater than or equal to ${member.min}`));
      if (member.max !== undefined && n > member.max)
        errors.push(constraint(n, path, `must have value less than or equal to ${member.max}`));
    }
  }
  return errors;
}

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
  };

  constructor(private readonly state: SimState) {}

  /** The operation named by X-Amz-Target, or '' when it is not a Kendra target. */
  static operationOf(call: Call): string {
    const target = header(call, 'x-amz-target') ?? '';
    return target.startsWith(KENDRA_TARGET_PREFIX) ? target.slice(KENDRA_TARGET_PREFIX.length) : '';
  }

  handle(call: Call): Reply {
    const op = Kendra.operationOf(call);
    const auth = verifySigV4(call, 'kendra', (id) => this.state.credential(id));
    const input = parseJson(call.body);
    const base = {
      action: op,
      accessKeyId: auth.accessKeyId,
      region: auth.region,
      parsedBody: input,
    };
    const frontEnd = (code: string, message: string) => ({
      ...jsonError(400, code, message, { modeled: false }),
      ...base,
    });
    // Authentication comes first, as at the AWS front end; then the protocol and the body.
    if (!auth.ok) return frontEnd(AUTH_ERRORS[auth.kind], auth.message);
    const handler = Object.hasOwn(this.operations, op) ? this.operations[op] : undefined;
    // The front end picks the protocol by Content-Type: with another one it cannot tell which
    // awsJson operation was meant, so the answer is UnknownOperationException (our choice;
    // the SDKs and botocore always send application/x-amz-json-1.1).
    const contentType = (header(call, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (call.method !== 'POST' || !handler || contentType !== JSON_CONTENT_TYPE) {
      const message = handler || !op ? '' : `Operation ${op} is not supported by the simulator`;
      return frontEnd('UnknownOperationException', message);
    }
    if (input === undefined) {
      return frontEnd('SerializationException', 'Could not parse request body into json');
    }
    try {
      const req = this.prologue(op, input, auth.cred, auth.region, call.now);
      return { ...jsonReply(handler(req)), ...base };
    } catch (e) {
      if (e instanceof Fail) return { ...e.reply, ...base };
      throw e;
    }
  }

  // ---- the prologue every operation shares: check, authorise, look up -----------------------

  private prologue(op: string, input: Input, cred: Credential, region: string, now: number) {
    const shape = INPUTS[op];
    deserialize(shape, input, op + 'Request');
    const errors = violations(shape, input);
    if (errors.length) throw err('ValidationException', validationMessage(errors));

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
    const page = this.state.page(scope, nextToken as string | undefined, snapshot, max);
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
