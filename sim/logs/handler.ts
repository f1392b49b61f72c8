// Amazon CloudWatch Logs, FilterLogEvents only: awsJson1_1 (X-Amz-Target:
// Logs_20140328.<Operation>), SigV4 service "logs". Also the log writer of the simulated
// Kendra: a sync job that ends with failed documents leaves them in /aws/kendra/<index-id>.
//
// Filter patterns supported (a subset of CloudWatch's syntax, case-sensitive like it):
//   ''                        every event
//   term "quoted term"        events containing every term
//   ?a ?b                     events containing any of the ?-terms
//   -term                     events not containing term (with other terms)
//   { $.Key = * }             JSON events with Key present; also = "v", = v*, != "v", = 42
//   { $.A = * && $.B = "x" }  several JSON conditions joined by all && or all ||
// Anything else is an InvalidParameterException.
import type {
  FailedDocumentScript,
  KendraLogOptions,
  LogEventInput,
  LogEventView,
} from '../bedrock/types.js';
import { FILTER_LOG_EVENTS } from './model.js';
import { authorize, denyMessage } from '../core/iam.js';
import { Pager } from '../core/paging.js';
import {
  type Call,
  Fail,
  type Reply,
  header,
  jsonBody,
  JSON_CONTENT_TYPE,
} from '../core/protocol.js';
import { AUTH_ERRORS, verifySigV4 } from '../core/sigv4.js';
import type { Credential } from '../core/state.js';
import type { FaultRule, JobScript, JobView } from '../types.js';
import { randomInt } from 'node:crypto';
import { uuid } from '../core/util.js';
import { type Dialect, type Input, dottedPath, opt, validate } from '../core/validate.js';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

/** CloudWatch Logs errors: awsJson1_1, `__type` and lower-case `message`; server faults 500. */
export function logsError(code: string, message: string, status?: number): Reply {
  return {
    status: status ?? (code === 'ServiceUnavailableException' ? 500 : 400),
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': uuid() },
    body: JSON.stringify({ __type: code, message }),
    errorCode: code,
  };
}

function logsReply(body: unknown): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': uuid() },
    body: JSON.stringify(body),
  };
}

interface StoredEvent {
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  /** Not returned before this instant (CloudWatch's ingestion lag). */
  visibleAt: number;
  message: string;
  eventId: string;
}

interface LogGroup {
  name: string;
  /** undefined: found from any Region (a group a test added without one). */
  region?: string;
  events: StoredEvent[];
}

/** A Kendra sync job the log writer watches until it ends. */
interface WatchedJob {
  executionId: string;
  script: JobScript;
  written: boolean;
}

let eventSeq = 0;

/** CloudWatch event IDs are 56-digit decimal strings. */
function newEventId(timestamp: number): string {
  let tail = '';
  for (let i = 0; i < 30; i++) tail += String(randomInt(10));
  eventSeq = (eventSeq + 1) % 1_000_000;
  return `${String(timestamp).padStart(20, '0')}${String(eventSeq).padStart(6, '0')}${tail}`;
}

const ERROR_SAMPLES: [string, string][] = [
  [
    'InvalidDocumentMetadata',
    'The document metadata field _created_at has an invalid date format.',
  ],
  ['DocumentTooLarge', 'The document exceeds the maximum size of 50 MB for the index.'],
  [
    'UnsupportedDocumentFormat',
    'The document format is not supported. Convert it to a supported format.',
  ],
  ['AccessDenied', 'The crawler received HTTP 403 Forbidden when it fetched the document.'],
];

function hourOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13).replace('T', '-');
}

export class LogsState {
  groups = new Map<string, LogGroup>();
  pageSize = 10_000;
  readonly pager = new Pager();
  private kendra = new Map<string, KendraLogOptions>();
  private watched: WatchedJob[] = [];

  /**
   * @param jobView how the simulated Kendra reports a sync job now (undefined once reset)
   * @param indexRegion where a Kendra index lives: its log group is in the same Region
   */
  constructor(
    private readonly jobView: (executionId: string, now: number) => JobView | undefined,
    private readonly indexRegion: (indexId: string) => string | undefined,
  ) {}

  reset(): void {
    this.groups.clear();
    this.pageSize = 10_000;
    this.pager.clear();
    this.kendra.clear();
    this.watched = [];
  }

  addGroup(name: string, region?: string): LogGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, region, events: [] };
      this.groups.set(name, g);
    }
    return g;
  }

  put(groupName: string, stream: string, events: LogEventInput[], region?: string): void {
    const g = this.addGroup(groupName, region);
    for (const e of events) {
      const ingestionTime = e.ingestionTime ?? e.timestamp;
      g.events.push({
        logStreamName: stream,
        timestamp: e.timestamp,
        ingestionTime,
        visibleAt: ingestionTime,
        message: e.message,
        eventId: newEventId(e.timestamp),
      });
    }
  }

  setKendraLogs(indexId: string, opts: KendraLogOptions): void {
    this.kendra.set(indexId, { ...this.kendra.get(indexId), ...opts });
  }

  /** Hook for the Kendra job lifecycle: every job started or added is watched until it ends. */
  watchKendraJob(executionId: string, script: JobScript): void {
    this.watched.push({ executionId, script, written: false });
  }

  /** Write the logs of every watched Kendra job that has ended by `now` (once each). */
  materialize(now: number): void {
    for (const w of this.watched) {
      if (w.written) continue;
      const view = this.jobView(w.executionId, now);
      if (!view) {
        w.written = true;
        continue;
      }
      if (view.endTime === undefined) continue;
      w.written = true;
      this.writeKendraJob(view, w.script);
    }
  }

  private writeKendraJob(job: JobView, script: JobScript): void {
    const opts = this.kendra.get(job.indexId) ?? {};
    if (opts.enabled === false) return;
    const failed = job.metrics.failed;
    const hasFailures = job.status === 'INCOMPLETE' || job.status === 'FAILED' || failed > 0;
    if (!hasFailures) return;
    let docs: FailedDocumentScript[];
    if (Array.isArray(script.failedDocuments)) docs = script.failedDocuments;
    else docs = Array.from({ length: script.failedDocuments ?? failed }, () => ({}));
    if (docs.length === 0) return;

    const start = job.startTime.getTime();
    const end = job.endTime!.getTime();
    const lag = script.logLagMs ?? opts.logLagMs ?? 0;
    const group = this.addGroup(`/aws/kendra/${job.indexId}`, this.indexRegion(job.indexId));
    const prefix = `${job.dataSourceId}/${hourOf(start)}/`;
    const jobStream = prefix + job.executionId;
    const docStream = prefix + uuid();
    docs.forEach((d, i) => {
      const [code, message] = ERROR_SAMPLES[i % ERROR_SAMPLES.length];
      const n = i + 1;
      const source =
        d.s3Path !== undefined
          ? { S3Path: d.s3Path }
          : d.sourceUri !== undefined || i % 3 !== 2
            ? { SourceURI: d.sourceUri ?? `https://docs.example.com/page-${n}` }
            : { S3Path: `s3://docs-example-bucket/site/page-${n}.html` };
      const kind = d.stream ?? (i % 2 === 0 ? 'job' : 'document');
      const entry =
        kind === 'job'
          ? {
              DocumentId: d.documentId ?? `doc-${n}`,
              ...source,
              ErrorCode: d.errorCode ?? code,
              ErrorMessage: d.errorMessage ?? message,
            }
          : {
              DocumentId: d.documentId ?? `doc-${n}`,
              ...source,
              IndexingStatus: 'DocumentFailedToIndex',
              ErrorCode: d.errorCode ?? code,
              ErrorMessage: d.errorMessage ?? message,
            };
      // Inside the job's window, in document order.
      const timestamp = start + Math.floor(((end - start) * n) / (docs.length + 1));
      group.events.push({
        logStreamName: kind === 'job' ? jobStream : docStream,
        timestamp,
        ingestionTime: Math.min(end, timestamp + 200),
        visibleAt: end + lag,
        // Kendra writes document-level entries pretty-printed, job entries on one line.
        message: kind === 'job' ? JSON.stringify(entry) : JSON.stringify(entry, null, 4),
        eventId: newEventId(timestamp),
      });
    });
  }

  events(groupName: string, now: number, region?: string): LogEventView[] {
    this.materialize(now);
    const g = this.group(groupName, region);
    if (!g) return [];
    return sorted(g.events.filter((e) => e.visibleAt <= now)).map((e) => ({
      logGroupName: g.name,
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      ingestionTime: e.ingestionTime,
      message: e.message,
      eventId: e.eventId,
    }));
  }

  group(name: string, region?: string): LogGroup | undefined {
    const g = this.groups.get(name);
    if (!g || (g.region !== undefined && region !== undefined && g.region !== region))
      return undefined;
    return g;
  }
}

function sorted(events: StoredEvent[]): StoredEvent[] {
  return [...events].sort(
    (a, b) =>
      a.timestamp - b.timestamp ||
      a.ingestionTime - b.ingestionTime ||
      (a.eventId < b.eventId ? -1 : 1),
  );
}

// ---- filter patterns ----------------------------------------------------------------------

type Matcher = (message: string) => boolean;

class BadPattern extends Error {}

function jsonPath(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function jsonCondition(text: string): (obj: unknown) => boolean {
  const m = /^\s*\$\.([\w.[\]]+)\s*(=|!=)\s*(.+?)\s*$/.exec(text);
  if (!m) throw new BadPattern(text);
  const path = m[1].split('.');
  const op = m[2];
  const raw = m[3];
  let test: (v: unknown) => boolean;
  if (raw === '*') test = (v) => v !== undefined;
  else if (/^"(?:[^"\\]|\\.)*"$/.test(raw)) {
    const want = JSON.parse(raw) as string;
    test = (v) => v === want;
  } else if (/^-?\d+(\.\d+)?$/.test(raw)) test = (v) => v === Number(raw);
  else if (/^[\w./:-]+\*?$/.test(raw)) {
    const stem = raw.endsWith('*') ? raw.slice(0, -1) : raw;
    test = (v) => typeof v === 'string' && (raw.endsWith('*') ? v.startsWith(stem) : v === stem);
  } else throw new BadPattern(text);
  if (op === '=') return (obj) => test(jsonPath(obj, path));
  // != matches present values that differ (CloudWatch skips events without the field).
  return (obj) => {
    const v = jsonPath(obj, path);
    return v !== undefined && !test(v);
  };
}

export function compileFilterPattern(pattern: string): Matcher {
  const p = pattern.trim();
  if (p === '') return () => true;
  if (p.startsWith('{')) {
    if (!p.endsWith('}')) throw new BadPattern(p);
    const body = p.slice(1, -1);
    const and = body.includes('&&');
    const or = body.includes('||');
    if (and && or) throw new BadPattern(p);
    const conds = body.split(and ? '&&' : '||').map(jsonCondition);
    return (message) => {
      let obj: unknown;
      try {
        obj = JSON.parse(message);
      } catch {
        return false;
      }
      return or ? conds.some((c) => c(obj)) : conds.every((c) => c(obj));
    };
  }
  const terms: string[] = [];
  const re = /\s*(\?|-)?("(?:[^"\\]|\\.)*"|[^\s"]+)/y;
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < p.length && (m = re.exec(p))) {
    pos = re.lastIndex;
    const term = m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2];
    terms.push(term);
    (m[1] === '?' ? any : m[1] === '-' ? none : all).push(term);
  }
  if (pos < p.length || terms.length === 0) throw new BadPattern(p);
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}

// ---- the service --------------------------------------------------------------------------

const fail = (code: string, message: string) => new Fail(logsError(code, message));

const NOUNS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  long: 'an integer',
  boolean: 'a boolean',
  list: 'a list',
};

/**
 * CloudWatch Logs' front end: unknown members are ignored, a member of the wrong JSON type is a
 * SerializationException, and model constraint violations come back as InvalidParameterException
 * (CloudWatch Logs maps them to its own error) with the coral "N validation errors detected" text.
 */
const LOGS: Dialect = {
  invalidCode: 'InvalidParameterException',
  unknownMembers: 'ignore',
  memberPath: dottedPath,
  typeError: (path, rule) => `Expected ${NOUNS[rule.type]} for ${path}`,
};

export class Logs {
  constructor(
    private readonly state: LogsState,
    private readonly account: string,
    private readonly credentials: (accessKeyId: string) => Credential | undefined,
  ) {}

  /** The operation named by X-Amz-Target, or '' when it is not a CloudWatch Logs target. */
  static operationOf(call: Call): string {
    const target = header(call, 'x-amz-target') ?? '';
    return target.startsWith(LOGS_TARGET_PREFIX) ? target.slice(LOGS_TARGET_PREFIX.length) : '';
  }

  handle(call: Call): Reply {
    const op = Logs.operationOf(call);
    const auth = verifySigV4(call, 'logs', this.credentials);
    const input = jsonBody(call.body);
    const base = {
      action: op,
      accessKeyId: auth.accessKeyId,
      region: auth.region,
      parsedBody: input,
    };
    if (!auth.ok) return { ...logsError(AUTH_ERRORS[auth.kind], auth.message, 400), ...base };
    if (input === undefined)
      return {
        ...logsError('SerializationException', 'Could not parse request body into json'),
        ...base,
      };
    if (call.method !== 'POST' || op !== 'FilterLogEvents') {
      const message = op ? `Operation ${op} is not supported by the simulator` : '';
      return { ...logsError('UnknownOperationException', message), ...base };
    }
    try {
      return { ...logsReply(this.filter(input, auth.cred, auth.region, call.now)), ...base };
    } catch (e) {
      if (e instanceof Fail) return { ...e.reply, ...base };
      throw e;
    }
  }

  private filter(input: Input, cred: Credential, region: string, now: number) {
    const invalid = validate(FILTER_LOG_EVENTS, input, LOGS);
    if (invalid) throw fail(invalid.code, invalid.message);
    const name = opt<string>(input.logGroupName);
    const identifier = opt<string>(input.logGroupIdentifier);
    // A null stream name reads as '' (it matches no stream).
    const streamNames = opt<(string | null)[]>(input.logStreamNames)?.map((n) => n ?? '');
    const prefix = opt<string>(input.logStreamNamePrefix);
    const startTime = opt<number>(input.startTime);
    const endTime = opt<number>(input.endTime);
    const pattern = opt<string>(input.filterPattern);
    const nextToken = opt<string>(input.nextToken);
    const limit = opt<number>(input.limit);

    if (name !== undefined && identifier !== undefined)
      throw fail(
        'InvalidParameterException',
        'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
      );
    if (name === undefined && identifier === undefined)
      throw fail(
        'InvalidParameterException',
        'Either logGroupName or logGroupIdentifier must be specified.',
      );
    if (streamNames !== undefined && prefix !== undefined)
      throw fail(
        'InvalidParameterException',
        'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
      );
    let matcher: Matcher;
    try {
      matcher = compileFilterPattern(pattern ?? '');
    } catch (e) {
      if (!(e instanceof BadPattern)) throw e;
      throw fail('InvalidParameterException', `Invalid filter pattern: ${pattern}`);
    }

    // logGroupIdentifier: a name, or the log group's ARN without the trailing :* (the model's
    // pattern has no '*').
    let groupName = name ?? identifier!;
    let groupRegion = region;
    const arn = /^arn:aws[\w-]*:logs:([\w-]+):(\d{12}):log-group:([^:]+)$/.exec(groupName);
    if (arn) {
      groupRegion = arn[1];
      groupName = arn[3];
    }
    // The log-group resource as IAM evaluates FilterLogEvents: `log-group:<name>:log-stream:`,
    // which a policy on `log-group:<name>:*` (the documented form) matches and one on the bare
    // group ARN does not.
    const resource = `arn:aws:logs:${groupRegion}:${this.account}:log-group:${groupName}:log-stream:`;
    const action = 'logs:FilterLogEvents';
    const decision = authorize(cred.principal.statements, action, [resource]);
    if (!decision.allowed)
      throw fail(
        'AccessDeniedException',
        denyMessage(cred.principal.arn, action, resource, decision.explicit),
      );

    this.state.materialize(now);
    const group = this.state.group(groupName, groupRegion);
    if (!group) throw fail('ResourceNotFoundException', 'The specified log group does not exist.');

    const max = Math.min(limit ?? 10_000, this.state.pageSize);
    const scope = `events|${groupName}|${JSON.stringify([streamNames, prefix, startTime, endTime, pattern])}`;
    const page = this.state.pager.page(
      scope,
      nextToken,
      () =>
        sorted(
          group.events.filter(
            (e) =>
              e.visibleAt <= now &&
              (streamNames === undefined || streamNames.includes(e.logStreamName)) &&
              (prefix === undefined || e.logStreamName.startsWith(prefix)) &&
              (startTime === undefined || e.timestamp >= startTime) &&
              (endTime === undefined || e.timestamp <= endTime) &&
              matcher(e.message),
          ),
        ).map((e) => e.eventId),
      max,
    );
    if (page === 'bad-token')
      throw fail('InvalidParameterException', 'The specified nextToken is invalid.');
    const byId = new Map(group.events.map((e) => [e.eventId, e]));
    const events = page.ids
      .map((id) => byId.get(id))
      .filter((e): e is StoredEvent => e !== undefined)
      .map((e) => ({
        logStreamName: e.logStreamName,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
        eventId: e.eventId,
      }));
    // searchedLogStreams is no longer filled in by the service; it answers an empty list.
    return page.nextToken
      ? { events, searchedLogStreams: [], nextToken: page.nextToken }
      : { events, searchedLogStreams: [] };
  }
}

/** An `error` fault's answer: ThrottlingException unless told otherwise, 5xx as unavailable. */
export function logsFaultError(rule: FaultRule): Reply {
  const server = rule.status !== undefined && rule.status >= 500;
  const code = rule.code ?? (server ? 'ServiceUnavailableException' : 'ThrottlingException');
  const message =
    rule.message ??
    (code === 'ThrottlingException'
      ? 'Rate exceeded'
      : 'The service is unavailable. Try again later.');
  return logsError(code, message, rule.status);
}

/** A `malformed` fault's answer: 200 with a body cut off mid-document. */
export function logsMalformed(): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': uuid() },
    body: '{"events":[{"logStreamName":"',
  };
}
