// The simulated Bedrock Knowledge Bases (bedrock-agent) and CloudWatch Logs against botocore's
// models, in the manner of conformance.test.ts: the simulator's tables must equal the model,
// requests derived from the model must be judged as the model says, and botocore's parsers must
// read every answer and error, whose members must satisfy the model's output shapes.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  BEDROCK_LISTS,
  BEDROCK_OPERATION_ERRORS,
  BEDROCK_ROUTES,
  BEDROCK_SHAPES,
  BEDROCK_STATUS,
  CONTENT_DATA_SOURCE_TYPES,
  DATA_SOURCE_STATUSES,
  DATA_SOURCE_TYPES,
  DOCUMENT_STATUSES,
  INGESTION_JOB_STATUSES,
  KNOWLEDGE_BASE_STATUSES,
  KNOWLEDGE_BASE_TYPES,
} from '../sim/bedrock/model.js';
import {
  DELIVERY_DESTINATION_TYPES,
  DELIVERY_INPUTS,
  DELIVERY_OPERATION_ERRORS,
  DELIVERY_SHAPES,
  FILTER_LOG_EVENTS_INPUT,
  LOG_STREAM_NAMES,
  LOGS_OPERATION_ERRORS,
} from '../sim/logs/model.js';
import { startSimulator, type Simulator, type UserCredentials } from '../sim/index.js';
import {
  botocoreParse,
  errorStatus,
  loadModel,
  resolve,
  type Parsed,
  type ServiceModel,
  type Shape,
  type ShapeRef,
} from './helpers/botocore.js';
import { type Creds, type RawAnswer, signedRequest } from './helpers/signed.js';

const bedrockModel = loadModel('bedrock-agent');
const logsModel = loadModel('logs');
const REGION = 'us-east-1';

/** The model's view of a scalar shape, in the simulator table's vocabulary. */
function ruleOf(shape: Shape) {
  return JSON.parse(
    JSON.stringify({
      type: shape.type,
      min: shape.min,
      max: shape.max,
      pattern: shape.pattern,
      enum: shape.enum,
    }),
  ) as unknown;
}
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

/** Bedrock and Logs operations the action calls: every `new XCommand(` under src/. */
function operationsTheActionCalls(): string[] {
  const ops = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/new (\w+)Command\(/g)) ops.add(m[1]);
      }
    }
  };
  walk('src');
  return [...ops].sort();
}

describe('simulator tables match botocore (bedrock-agent, logs)', () => {
  test('the action calls only Bedrock and Logs operations the simulator serves', () => {
    const ops = operationsTheActionCalls();
    const bedrockOps = ops.filter((op) => bedrockModel.operations[op]);
    // A scan that finds nothing proves nothing: the action starts, reads and stops jobs, and reads logs.
    expect(bedrockOps).toEqual(
      expect.arrayContaining([
        'StartIngestionJob',
        'GetIngestionJob',
        'StopIngestionJob',
        'ListKnowledgeBaseDocuments',
      ]),
    );
    expect(ops.filter((op) => logsModel.operations[op]).sort()).toEqual(
      ['FilterLogEvents', ...Object.keys(DELIVERY_INPUTS)].sort(),
    );
    for (const op of bedrockOps) expect(Object.keys(BEDROCK_ROUTES)).toContain(op);
  });

  test.each(Object.keys(BEDROCK_ROUTES))('bedrock-agent %s: http block', (op) => {
    const http = bedrockModel.operations[op].http;
    expect(BEDROCK_ROUTES[op]).toEqual({
      method: http.method,
      requestUri: http.requestUri,
      responseCode: http.responseCode ?? 200,
    });
  });

  test('bedrock-agent named shapes, lists and enums', () => {
    for (const [name, rule] of Object.entries(BEDROCK_SHAPES)) {
      expect([name, plain(rule)]).toEqual([name, ruleOf(resolve(bedrockModel, name))]);
    }
    for (const [name, rule] of Object.entries(BEDROCK_LISTS)) {
      const shape = resolve(bedrockModel, name);
      expect([name, rule]).toEqual([name, { min: shape.min, max: shape.max }]);
    }
    expect([...INGESTION_JOB_STATUSES]).toEqual(resolve(bedrockModel, 'IngestionJobStatus').enum);
    expect([...KNOWLEDGE_BASE_STATUSES]).toEqual(resolve(bedrockModel, 'KnowledgeBaseStatus').enum);
    expect([...DATA_SOURCE_STATUSES]).toEqual(resolve(bedrockModel, 'DataSourceStatus').enum);
    expect([...KNOWLEDGE_BASE_TYPES]).toEqual(resolve(bedrockModel, 'KnowledgeBaseType').enum);
    expect([...DATA_SOURCE_TYPES]).toEqual(resolve(bedrockModel, 'DataSourceType').enum);
    expect([...DOCUMENT_STATUSES]).toEqual(resolve(bedrockModel, 'DocumentStatus').enum);
    expect([...CONTENT_DATA_SOURCE_TYPES]).toEqual(
      resolve(bedrockModel, 'ContentDataSourceType').enum,
    );
  });

  test('bedrock-agent: every scalar input member the simulator checks is a table shape', () => {
    const seen = new Set<string>();
    const walk = (ref: ShapeRef) => {
      const shape = resolve(bedrockModel, ref);
      if (shape.type === 'structure') Object.values(shape.members ?? {}).forEach((m) => walk(m));
      else if (shape.type === 'list') {
        expect(Object.keys(BEDROCK_LISTS)).toContain(ref.shape);
        walk(shape.member!);
      } else seen.add(ref.shape);
    };
    for (const op of Object.keys(BEDROCK_ROUTES)) walk(bedrockModel.operations[op].input!);
    expect([...seen].filter((s) => !(s in BEDROCK_SHAPES))).toEqual([]);
  });

  test('bedrock-agent errors: statuses are the model httpError; each one is modelled for its operation', () => {
    for (const [code, status] of Object.entries(BEDROCK_STATUS)) {
      expect(resolve(bedrockModel, code).exception).toBe(true);
      expect([code, status]).toEqual([code, errorStatus(bedrockModel, code)]);
    }
    for (const [op, errors] of Object.entries(BEDROCK_OPERATION_ERRORS)) {
      const modelled = bedrockModel.operations[op].errors!.map((r) => r.shape);
      expect([op, [...errors].sort()]).toEqual([op, [...modelled].sort()]);
    }
  });

  test('logs FilterLogEvents: members, constraints and errors', () => {
    const input = resolve(logsModel, logsModel.operations.FilterLogEvents.input!);
    const scalar = Object.entries(input.members!).filter(
      ([, ref]) => resolve(logsModel, ref).type !== 'list',
    );
    expect(Object.keys(FILTER_LOG_EVENTS_INPUT).sort()).toEqual(scalar.map(([n]) => n).sort());
    for (const [name, ref] of scalar) {
      const rule = FILTER_LOG_EVENTS_INPUT[name as keyof typeof FILTER_LOG_EVENTS_INPUT];
      expect([name, plain(rule)]).toEqual([name, ruleOf(resolve(logsModel, ref))]);
    }
    const names = resolve(logsModel, input.members!.logStreamNames);
    expect(LOG_STREAM_NAMES).toEqual({ min: names.min, max: names.max });
    expect(names.member!.shape).toBe(input.members!.logStreamNamePrefix.shape);
    expect([...LOGS_OPERATION_ERRORS].sort()).toEqual(
      logsModel.operations.FilterLogEvents.errors!.map((e) => e.shape).sort(),
    );
    expect(errorStatus(logsModel, 'ServiceUnavailableException')).toBe(500);
    expect(errorStatus(logsModel, 'ResourceNotFoundException')).toBe(400);
  });

  test('logs delivery API: members, constraints, errors and destination types', () => {
    for (const [name, rule] of Object.entries(DELIVERY_SHAPES)) {
      expect([name, plain(rule)]).toEqual([name, ruleOf(resolve(logsModel, name))]);
    }
    for (const [op, rule] of Object.entries(DELIVERY_INPUTS)) {
      const input = resolve(logsModel, logsModel.operations[op].input!);
      const members = Object.entries(input.members!).map(([n, ref]) => [n, ref.shape]);
      const ours = Object.keys(rule.members).map((n) => [
        n,
        Object.entries(DELIVERY_SHAPES).find(([, r]) => r === rule.members[n])?.[0],
      ]);
      expect([op, ours]).toEqual([op, members]);
      expect([op, rule.required ?? []]).toEqual([op, input.required ?? []]);
      const modelled = logsModel.operations[op].errors!.map((e) => e.shape);
      expect([op, [...DELIVERY_OPERATION_ERRORS[op]].sort()]).toEqual([op, modelled.sort()]);
    }
    expect([...DELIVERY_DESTINATION_TYPES]).toEqual(
      resolve(logsModel, 'DeliveryDestinationType').enum,
    );
  });
});

// ---- output conformance ---------------------------------------------------------------------

/**
 * Where `value` (as botocore parsed it) breaks the model's output shape: missing required
 * members, members the shape lacks, enum values, lengths, patterns, list sizes.
 */
function violationsOf(model: ServiceModel, ref: ShapeRef | string, value: unknown, at: string) {
  const out: string[] = [];
  const shape = resolve(model, ref);
  const name = typeof ref === 'string' ? ref : ref.shape;
  if (value === null || value === undefined) return out;
  switch (shape.type) {
    case 'structure': {
      // A Document (connectorParameters) is free-form JSON.
      if ((shape as Shape & { document?: boolean }).document) break;
      const v = value as Record<string, unknown>;
      for (const r of shape.required ?? []) if (!(r in v)) out.push(`${at}.${r} missing`);
      for (const [k, member] of Object.entries(v)) {
        if (k === 'ResponseMetadata' && at === '') continue;
        const m = shape.members?.[k];
        if (!m) out.push(`${at}.${k} not in ${name}`);
        else out.push(...violationsOf(model, m, member, `${at}.${k}`));
      }
      break;
    }
    case 'list': {
      const v = value as unknown[];
      if (shape.min !== undefined && v.length < shape.min)
        out.push(`${at} shorter than ${shape.min}`);
      if (shape.max !== undefined && v.length > shape.max)
        out.push(`${at} longer than ${shape.max}`);
      v.forEach((item, i) => out.push(...violationsOf(model, shape.member!, item, `${at}[${i}]`)));
      break;
    }
    case 'string': {
      const s = value as string;
      if (typeof s !== 'string') out.push(`${at} not a string`);
      else {
        if (shape.enum && !shape.enum.includes(s)) out.push(`${at}=${s} not in ${name}`);
        if (shape.min !== undefined && s.length < shape.min)
          out.push(`${at} shorter than ${shape.min}`);
        if (shape.max !== undefined && s.length > shape.max)
          out.push(`${at} longer than ${shape.max}`);
        if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`).test(s))
          out.push(`${at}=${s} outside ${shape.pattern}`);
      }
      break;
    }
    case 'long':
    case 'integer':
      if (!Number.isInteger(value)) out.push(`${at} not an integer`);
      else if (shape.min !== undefined && (value as number) < shape.min) out.push(`${at} < min`);
      break;
    case 'timestamp':
      // botocore turned it into a datetime (json.dumps default=str): 2026-01-01 00:00:00+00:00
      if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00$/.test(String(value)))
        out.push(`${at}=${String(value)} not a parsed timestamp`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${at} not a boolean`);
      break;
  }
  return out;
}

// ---- requests derived from the model --------------------------------------------------------

type Expect = { violation?: string; path: string } | { serialization: true; path: string };

interface Case {
  name: string;
  labels: Record<string, string>;
  body: Record<string, unknown>;
  expect: Expect;
}

/** A value of `length` matching the model's pattern when one of a few simple ones does. */
function valueOf(shape: Shape, length: number): string {
  for (const c of ['a', 'A', '0']) {
    const v = c.repeat(length);
    if (shape.pattern === undefined || new RegExp(`^(?:${shape.pattern})$`).test(v)) return v;
  }
  return 'a'.repeat(length);
}

/** The validation rule text AWS shows: Smithy's anchored pattern for bedrock-agent. */
const patternText = (model: ServiceModel, pattern: string) =>
  model === bedrockModel ? `^${pattern}$` : pattern;

function derive(
  model: ServiceModel,
  op: string,
  base: { labels: Record<string, string>; body: Record<string, unknown> },
): Case[] {
  const cases: Case[] = [];
  const input = resolve(model, model.operations[op].input!);
  const scalarCases = (
    shape: Shape,
    p: string,
    put: (v: unknown) => Pick<Case, 'labels' | 'body'>,
    isLabel: boolean,
  ) => {
    const add = (what: string, value: unknown, expect: Expect) =>
      cases.push({ name: `${p} ${what}`, ...put(value), expect });
    if (shape.type === 'string') {
      if (!isLabel) add('as a number', 42, { serialization: true, path: p });
      if (shape.max !== undefined) {
        add(`of length max+1`, valueOf(shape, shape.max + 1), {
          path: p,
          violation: `must have length less than or equal to ${shape.max}`,
        });
        add(`of length max`, valueOf(shape, shape.max), { path: p });
      }
      if (shape.min !== undefined && shape.min > 0) {
        add(`of length min-1`, valueOf(shape, shape.min - 1), {
          path: p,
          violation: `must have length greater than or equal to ${shape.min}`,
        });
        add(`of length min`, valueOf(shape, shape.min), { path: p });
      }
      if (shape.pattern !== undefined) {
        const length = Math.max(shape.min ?? 1, 1);
        const bad = ['-', '!', ' ']
          .map((c) => c.repeat(length))
          .find((v) => !new RegExp(`^(?:${shape.pattern})$`).test(v));
        if (bad)
          add('outside the pattern', bad, {
            path: p,
            violation: `must satisfy regular expression pattern: ${patternText(model, shape.pattern)}`,
          });
      }
      if (shape.enum) {
        add('outside the enum', 'NOT_A_MODEL_VALUE', {
          path: p,
          violation: `must satisfy enum value set: [${shape.enum.join(', ')}]`,
        });
        for (const v of shape.enum) add(`= ${v}`, v, { path: p });
      }
    } else if (shape.type === 'integer' || shape.type === 'long') {
      add('as a string', '5', { serialization: true, path: p });
      if (shape.min !== undefined) {
        add('= min-1', shape.min - 1, {
          path: p,
          violation: `must have value greater than or equal to ${shape.min}`,
        });
        add('= min', shape.min, { path: p });
      }
      if (shape.max !== undefined) {
        add('= max+1', shape.max + 1, {
          path: p,
          violation: `must have value less than or equal to ${shape.max}`,
        });
        add('= max', shape.max, { path: p });
      }
    } else if (shape.type === 'boolean') {
      add('as a string', 'yes', { serialization: true, path: p });
    }
  };

  /** Cases for a body member at `p`, whose value `wrap` places into the body. */
  const member = (ref: ShapeRef, p: string, wrap: (v: unknown) => Record<string, unknown>) => {
    const shape = resolve(model, ref);
    const put = (v: unknown) => ({ labels: base.labels, body: { ...base.body, ...wrap(v) } });
    if (shape.type === 'structure') {
      const valid = validOf(shape);
      cases.push({
        name: `${p} as a string`,
        ...put('x'),
        expect: { serialization: true, path: p },
      });
      for (const r of shape.required ?? []) {
        const without = { ...valid };
        delete without[r];
        cases.push({
          name: `${p}.${r} omitted`,
          ...put(without),
          expect: { path: `${p}.${r}`, violation: 'must not be null' },
        });
      }
      for (const [n, m] of Object.entries(shape.members ?? {}))
        member(m, `${p}.${n}`, (v) => wrap({ ...valid, [n]: v }));
    } else if (shape.type === 'list') {
      const item = resolve(model, shape.member!);
      const one =
        item.type === 'structure' ? validOf(item) : valueOf(item, Math.max(item.min ?? 1, 1));
      cases.push({
        name: `${p} as a string`,
        ...put('x'),
        expect: { serialization: true, path: p },
      });
      if (shape.max !== undefined)
        cases.push({
          name: `${p} longer than max`,
          ...put(Array(shape.max + 1).fill(one)),
          expect: { path: p, violation: `must have length less than or equal to ${shape.max}` },
        });
      if (shape.min !== undefined && shape.min > 0)
        cases.push({
          name: `${p} shorter than min`,
          ...put([]),
          expect: { path: p, violation: `must have length greater than or equal to ${shape.min}` },
        });
      member(shape.member!, `${p}.1.member`, (v) => wrap([v]));
    } else scalarCases(shape, p, put, false);
  };

  /** A valid value of a structure: its required members, from enums or simple strings. */
  function validOf(shape: Shape): Record<string, unknown> {
    const v: Record<string, unknown> = {};
    for (const r of shape.required ?? []) {
      const m = resolve(model, shape.members![r]);
      v[r] = m.enum ? m.enum[m.enum.length - 1] : m.type === 'list' ? [] : valueOf(m, m.min ?? 1);
    }
    return v;
  }

  for (const [n, ref] of Object.entries(input.members ?? {})) {
    if (ref.location === 'uri') {
      // A label can be neither omitted nor typed otherwise: the SDKs refuse to build such a URL.
      scalarCases(
        resolve(model, ref),
        n,
        (v) => ({ labels: { ...base.labels, [n]: String(v) }, body: base.body }),
        true,
      );
    } else if (ref.location === undefined) member(ref, n, (v) => ({ [n]: v }));
  }
  for (const r of input.required ?? []) {
    if (input.members![r].location === undefined)
      cases.push({
        name: `${r} omitted`,
        labels: base.labels,
        body: Object.fromEntries(Object.entries(base.body).filter(([k]) => k !== r)),
        expect: { path: r, violation: 'must not be null' },
      });
  }
  return cases;
}

let sim: Simulator;
let user: UserCredentials;
let kbId: string;
let dsId: string;
let jobId: string;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

function bedrockRequest(
  op: string,
  labels: Record<string, string>,
  body?: unknown,
  creds: Creds = user,
) {
  const http = BEDROCK_ROUTES[op];
  const p = http.requestUri.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(labels[n]));
  const hasBody = body !== undefined && http.method !== 'GET';
  return signedRequest(sim.url, creds, {
    service: 'bedrock',
    region: REGION,
    method: http.method,
    path: p,
    headers: hasBody ? { 'content-type': 'application/json' } : {},
    body: hasBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
  });
}

/** An answer as botocore's parser takes it: status, headers as strings, body. */
const wireOf = (r: RawAnswer) => ({
  status: r.status,
  headers: Object.fromEntries(
    Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  ),
  body: r.text,
});

const errorCodeOf = (r: RawAnswer) =>
  r.status < 300 ? undefined : String(r.headers['x-amzn-errortype'] ?? '').split(':')[0];

describe('bedrock-agent answers requests derived from the model', () => {
  beforeAll(() => {
    sim.reset();
    sim.setStartRateLimit(0);
    user = sim.addUser('ci', { allow: ['bedrock:*', 'logs:*'] });
    kbId = sim.addKnowledgeBase({ name: 'docs-kb' });
    dsId = sim.addBedrockDataSource(kbId, { name: 'website' });
    jobId = sim.addIngestionJob(kbId, dsId, { status: 'IN_PROGRESS' });
  });

  test.each(Object.keys(BEDROCK_ROUTES))('%s: every constraint of the model', async (op) => {
    const labels = { knowledgeBaseId: kbId, dataSourceId: dsId, ingestionJobId: jobId };
    const failures: string[] = [];
    const cases = derive(bedrockModel, op, { labels, body: {} });
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const reply = await bedrockRequest(op, c.labels, c.body);
      const code = errorCodeOf(reply);
      const message = String(reply.json.message ?? '');
      const e = c.expect;
      const ok =
        'serialization' in e
          ? reply.status === 400 && code === 'SerializationException'
          : e.violation !== undefined
            ? reply.status === 400 &&
              code === 'ValidationException' &&
              message.includes(`at '${e.path}' failed to satisfy constraint: Member ${e.violation}`)
            : !message.includes(`at '${e.path}' failed`) && code !== 'SerializationException';
      if (!ok) failures.push(`${c.name}: got ${reply.status} ${code ?? ''} ${message}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('botocore parses every bedrock-agent answer and error', () => {
  test('answers satisfy the output shapes; errors carry the model code and status', async () => {
    sim.reset();
    sim.setStartRateLimit(0);
    user = sim.addUser('ci', { allow: ['bedrock:*'] });
    const limited = sim.addUser('limited', { allow: [] });
    kbId = sim.addKnowledgeBase({ name: 'docs-kb', description: 'The docs' });
    dsId = sim.addBedrockDataSource(kbId, { name: 'website', description: 'Site' });
    const kb2 = sim.addKnowledgeBase({ name: 'kb-2' });
    const ds2 = sim.addBedrockDataSource(kb2, { name: 'web' });
    const ended = sim.addIngestionJob(kbId, dsId, {
      status: 'COMPLETE',
      description: 'earlier run',
      failureReasons: ['one file skipped'],
      statistics: { numberOfDocumentsFailed: 1 },
    });
    const bucket = sim.addBedrockDataSource(kbId, { name: 'manuals', type: 'S3' });
    sim.addIngestionJob(kbId, bucket, {
      status: 'COMPLETE',
      statistics: { numberOfDocumentsFailed: 1, numberOfDocumentsSkipped: 1 },
    });
    const L = { knowledgeBaseId: kbId, dataSourceId: dsId };
    const S3 = { knowledgeBaseId: kbId, dataSourceId: bucket };
    // The managed world of botocore 1.43.32+: a managed knowledge base, connectors being created
    // and failed, a Kendra knowledge base.
    const managed = sim.addKnowledgeBase({ name: 'managed-kb', type: 'MANAGED' });
    const creating = sim.addBedrockDataSource(managed, { name: 'wiki', status: 'CREATING' });
    const failed = sim.addBedrockDataSource(managed, {
      name: 'drive',
      connector: 'GOOGLE_DRIVE',
      status: 'FAILED',
      failureReasons: ['The secret does not grant access to the drive.'],
    });
    const kendraKb = sim.addKnowledgeBase({
      name: 'genai',
      type: 'KENDRA',
      kendraIndexId: 'a'.repeat(36),
    });
    const M = { knowledgeBaseId: managed, dataSourceId: creating };
    const MF = { knowledgeBaseId: managed, dataSourceId: failed };
    const listed = await bedrockRequest('ListKnowledgeBaseDocuments', S3, { maxResults: 2 });
    const started = await bedrockRequest('StartIngestionJob', L, { description: 'now' });
    const running = (started.json.ingestionJob as { ingestionJobId: string }).ingestionJobId;

    const answers: [string, string | undefined, RawAnswer][] = [
      ['StartIngestionJob', undefined, started],
      [
        'GetIngestionJob',
        undefined,
        await bedrockRequest('GetIngestionJob', { ...L, ingestionJobId: ended }),
      ],
      [
        'ListIngestionJobs',
        undefined,
        await bedrockRequest('ListIngestionJobs', L, { maxResults: 1 }),
      ],
      ['ListKnowledgeBases', undefined, await bedrockRequest('ListKnowledgeBases', {}, {})],
      ['GetKnowledgeBase', undefined, await bedrockRequest('GetKnowledgeBase', L)],
      ['ListDataSources', undefined, await bedrockRequest('ListDataSources', L, {})],
      ['GetDataSource', undefined, await bedrockRequest('GetDataSource', L)],
      ['GetDataSource', undefined, await bedrockRequest('GetDataSource', S3)],
      ['GetKnowledgeBase', undefined, await bedrockRequest('GetKnowledgeBase', M)],
      [
        'GetKnowledgeBase',
        undefined,
        await bedrockRequest('GetKnowledgeBase', { knowledgeBaseId: kendraKb }),
      ],
      ['GetDataSource', undefined, await bedrockRequest('GetDataSource', M)],
      ['GetDataSource', undefined, await bedrockRequest('GetDataSource', MF)],
      ['ListDataSources', undefined, await bedrockRequest('ListDataSources', M, {})],
      [
        'StartIngestionJob',
        'ValidationException',
        await bedrockRequest('StartIngestionJob', M, {}),
      ],
      ['ListKnowledgeBaseDocuments', undefined, listed],
      [
        'ListKnowledgeBaseDocuments',
        'ValidationException',
        await bedrockRequest('ListKnowledgeBaseDocuments', L, {}),
      ],
      [
        'ListKnowledgeBaseDocuments',
        'AccessDeniedException',
        await bedrockRequest('ListKnowledgeBaseDocuments', S3, {}, limited),
      ],
      [
        'StopIngestionJob',
        undefined,
        await bedrockRequest('StopIngestionJob', { ...L, ingestionJobId: running }),
      ],
      [
        'StartIngestionJob',
        'ValidationException',
        await bedrockRequest('StartIngestionJob', L, { clientToken: 'x' }),
      ],
      ['StartIngestionJob', 'ConflictException', await bedrockRequest('StartIngestionJob', L, {})],
      [
        'StopIngestionJob',
        'ConflictException',
        await bedrockRequest('StopIngestionJob', { ...L, ingestionJobId: ended }),
      ],
      [
        'GetIngestionJob',
        'ResourceNotFoundException',
        await bedrockRequest('GetIngestionJob', { ...L, ingestionJobId: 'ZZZZZZZZZZ' }),
      ],
      [
        'ListDataSources',
        'AccessDeniedException',
        await bedrockRequest('ListDataSources', L, {}, limited),
      ],
      [
        'ListKnowledgeBases',
        'AccessDeniedException',
        await bedrockRequest('ListKnowledgeBases', {}, {}, limited),
      ],
    ];
    sim.setAccountJobLimit(1);
    answers.push([
      'StartIngestionJob',
      'ServiceQuotaExceededException',
      await bedrockRequest('StartIngestionJob', { knowledgeBaseId: kb2, dataSourceId: ds2 }, {}),
    ]);
    sim.setStartRateLimit(60_000);
    await bedrockRequest('StartIngestionJob', { knowledgeBaseId: kb2, dataSourceId: ds2 }, {});
    answers.push([
      'StartIngestionJob',
      'ThrottlingException',
      await bedrockRequest('StartIngestionJob', { knowledgeBaseId: kb2, dataSourceId: ds2 }, {}),
    ]);
    sim.fault({ service: 'bedrock', kind: 'error', status: 500, times: 1 });
    answers.push([
      'ListKnowledgeBases',
      'InternalServerException',
      await bedrockRequest('ListKnowledgeBases', {}, {}),
    ]);
    // Front-end errors, not in the model: botocore still reads their code and message.
    answers.push([
      'ListKnowledgeBases',
      'UnrecognizedClientException',
      await bedrockRequest(
        'ListKnowledgeBases',
        {},
        {},
        {
          accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
          secretAccessKey: 'x'.repeat(40),
        },
      ),
    ]);
    answers.push([
      'ListKnowledgeBases',
      'SerializationException',
      await bedrockRequest('ListKnowledgeBases', {}, '{"maxResults":"x"}'),
    ]);

    for (const [op, code, reply] of answers) {
      if (!code) {
        expect([op, reply.status]).toEqual([op, BEDROCK_ROUTES[op].responseCode]);
        continue;
      }
      expect([op, errorCodeOf(reply)]).toEqual([op, code]);
      if (bedrockModel.shapes[code]?.exception) {
        expect([op, code, reply.status]).toEqual([op, code, errorStatus(bedrockModel, code)]);
        const modelled = bedrockModel.operations[op].errors!.map((e) => e.shape);
        expect([op, code, modelled.includes(code)]).toEqual([op, code, true]);
      }
    }

    const parsed = botocoreParse(
      'bedrock-agent',
      answers.map(([operation, , r]) => ({
        operation,
        ...wireOf(r),
      })),
    );
    answers.forEach(([op, code, reply], i) => {
      const p: Parsed = parsed[i];
      expect([op, code, p.ParserError]).toEqual([op, code, undefined]);
      if (code) {
        expect([op, p.Error?.Code, p.ResponseMetadata?.HTTPStatusCode]).toEqual([
          op,
          code,
          reply.status,
        ]);
        expect(p.Error?.Message).toBe(reply.json.message);
      } else {
        const output = bedrockModel.operations[op].output!;
        expect([op, violationsOf(bedrockModel, output, p, '')]).toEqual([op, []]);
      }
    });
    // The document list names each document with its status and reason, page by page.
    const documents = parsed[answers.findIndex(([, , r]) => r === listed)] as unknown as {
      documentDetails: { status: string; identifier: { s3: { uri: string } } }[];
      nextToken?: string;
    };
    expect(documents.documentDetails.map((d) => d.status)).toEqual(['FAILED', 'IGNORED']);
    expect(documents.documentDetails[0].identifier.s3.uri).toMatch(/^s3:\/\//);
    expect(documents.nextToken).toBeDefined();
    // The parsed job carries what the model names, with botocore's types.
    const got = parsed[1] as unknown as { ingestionJob: Record<string, unknown> };
    expect(got.ingestionJob).toMatchObject({
      status: 'COMPLETE',
      description: 'earlier run',
      failureReasons: ['one file skipped'],
      statistics: { numberOfDocumentsFailed: 1 },
    });
  });
});

/**
 * Members newer than botocore's copy of the model (botocore's parser passes over them, so the
 * output check above cannot see them): each must be in the model of the AWS SDK we bundle, whose
 * parser keeps only the members its model has.
 */
const NEWER_THAN_BOTOCORE: Record<string, string[]> = {
  IngestionJobStatistics: ['numberOfDocumentsSkipped'], // the model has had it since mid-2026
};

describe('IngestionJobStatistics: the model, and what is newer than botocore', () => {
  test("the simulator sends botocore's members, plus numberOfDocumentsSkipped as the SDK reads it", async () => {
    sim.reset();
    user = sim.addUser('ci', { allow: ['bedrock:*'] });
    kbId = sim.addKnowledgeBase({ name: 'docs-kb' });
    dsId = sim.addBedrockDataSource(kbId, { name: 'website' });
    const skipped = sim.addIngestionJob(kbId, dsId, {
      status: 'COMPLETE',
      statistics: { numberOfDocumentsScanned: 383, numberOfDocumentsSkipped: 383 },
      failureReasons: ['File docs/api/reference-1.md was skipped: its metadata is too large.'],
    });
    const raw = await bedrockRequest('GetIngestionJob', {
      knowledgeBaseId: kbId,
      dataSourceId: dsId,
      ingestionJobId: skipped,
    });
    const sent = (raw.json.ingestionJob as { statistics: Record<string, number> }).statistics;
    const modelled = Object.keys(resolve(bedrockModel, 'IngestionJobStatistics').members ?? {});
    const newer = NEWER_THAN_BOTOCORE.IngestionJobStatistics;
    // Every member botocore knows is sent; nothing else but the newer ones. If botocore has caught
    // up, the newer member is simply one of its own (and must be an integer there).
    expect(modelled.filter((m) => !(m in sent))).toEqual([]);
    expect(Object.keys(sent).filter((m) => !modelled.includes(m) && !newer.includes(m))).toEqual(
      [],
    );
    for (const m of newer.filter((n) => modelled.includes(n))) {
      const { type } = resolve(
        bedrockModel,
        bedrockModel.shapes.IngestionJobStatistics.members![m],
      );
      expect([m, type]).toEqual([m, expect.stringMatching(/^(integer|long)$/)]);
    }
    // The SDK's parser keeps only modelled members: it kept this one, with its value.
    const { BedrockAgentClient, GetIngestionJobCommand } =
      await import('@aws-sdk/client-bedrock-agent');
    const client = new BedrockAgentClient({
      region: REGION,
      endpoint: sim.url,
      maxAttempts: 1,
      credentials: user,
    });
    const out = await client.send(
      new GetIngestionJobCommand({
        knowledgeBaseId: kbId,
        dataSourceId: dsId,
        ingestionJobId: skipped,
      }),
    );
    expect(out.ingestionJob?.statistics).toEqual(sent);
    expect(out.ingestionJob?.statistics?.numberOfDocumentsSkipped).toBe(383);
  });
});

// ---- CloudWatch Logs -------------------------------------------------------------------------

const logsCall = (body: unknown, creds: Creds = user, target = 'Logs_20140328.FilterLogEvents') =>
  signedRequest(sim.url, creds, {
    service: 'logs',
    region: REGION,
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('CloudWatch Logs against the model', () => {
  const group = '/aws/kendra/conformance';
  beforeAll(() => {
    sim.reset();
    user = sim.addUser('ci', { allow: ['logs:*'] });
    sim.putLogEvents(group, 'ds/2026-01-01-10/run', [
      { timestamp: Date.now() - 1000, message: '{"ErrorCode":"X"}' },
      { timestamp: Date.now() - 500, message: 'two' },
    ]);
  });

  test('FilterLogEvents: every constraint of the model (InvalidParameterException)', async () => {
    const failures: string[] = [];
    for (const c of derive(logsModel, 'FilterLogEvents', {
      labels: {},
      body: { logGroupName: group },
    })) {
      // logGroupIdentifier cases go without logGroupName: the two are mutually exclusive.
      const body = c.name.startsWith('logGroupIdentifier')
        ? { ...c.body, logGroupName: undefined }
        : c.body;
      const reply = await logsCall(body);
      const code = reply.json.__type as string | undefined;
      const message = String(reply.json.message ?? '');
      const e = c.expect;
      const ok =
        'serialization' in e
          ? reply.status === 400 && code === 'SerializationException'
          : e.violation !== undefined
            ? reply.status === 400 &&
              code === 'InvalidParameterException' &&
              message.includes(`at '${e.path}' failed to satisfy constraint: Member ${e.violation}`)
            : !message.includes(`at '${e.path}' failed`) && code !== 'SerializationException';
      if (!ok) failures.push(`${c.name}: got ${reply.status} ${code ?? ''} ${message}`);
    }
    expect(failures).toEqual([]);
  });

  test('botocore parses every FilterLogEvents answer and error', async () => {
    sim.setLogPageSize(1);
    const denied = sim.addUser('denied', { allow: [] });
    const answers: [string | undefined, RawAnswer][] = [
      [undefined, await logsCall({ logGroupName: group })],
      [undefined, await logsCall({ logGroupName: group, filterPattern: '{ $.ErrorCode = * }' })],
      ['ResourceNotFoundException', await logsCall({ logGroupName: '/none' })],
      ['InvalidParameterException', await logsCall({ logGroupName: group, limit: 0 })],
      ['AccessDeniedException', await logsCall({ logGroupName: group }, denied)],
      ['SerializationException', await logsCall('{')],
      ['UnknownOperationException', await logsCall({}, user, 'Logs_20140328.PutLogEvents')],
    ];
    sim.fault({ service: 'logs', kind: 'error', status: 500, times: 1 });
    answers.push(['ServiceUnavailableException', await logsCall({ logGroupName: group })]);
    sim.fault({ service: 'logs', kind: 'error', times: 1 });
    answers.push(['ThrottlingException', await logsCall({ logGroupName: group })]);
    for (const [code, reply] of answers) {
      if (code && logsModel.shapes[code]?.exception)
        expect([code, reply.status]).toEqual([code, errorStatus(logsModel, code)]);
      else if (code) expect([code, reply.status]).toEqual([code, 400]);
      else expect(reply.status).toBe(200);
    }
    const parsed = botocoreParse(
      'logs',
      answers.map(([, r]) => ({
        operation: 'FilterLogEvents',
        ...wireOf(r),
      })),
    );
    answers.forEach(([code, reply], i) => {
      const p = parsed[i];
      expect([code, p.ParserError]).toEqual([code, undefined]);
      if (code) {
        expect([p.Error?.Code, p.ResponseMetadata?.HTTPStatusCode]).toEqual([code, reply.status]);
        expect(p.Error?.Message).toBe(reply.json.message);
      } else {
        const output = logsModel.operations.FilterLogEvents.output!;
        expect(violationsOf(logsModel, output, p, '')).toEqual([]);
      }
    });
    const first = parsed[0] as unknown as { events: unknown[]; nextToken?: string };
    expect(first.events).toHaveLength(1);
    expect(first.nextToken).toBeDefined();
  });
});

describe('CloudWatch Logs delivery API against the model', () => {
  let kb: string;
  beforeAll(() => {
    sim.reset();
    user = sim.addUser('ci', { allow: ['logs:*'] });
    kb = sim.addKnowledgeBase({ name: 'docs-kb' });
    sim.setKnowledgeBaseLogging(kb);
    sim.setKnowledgeBaseLogging(sim.addKnowledgeBase({ name: 'kb-2' }), { destination: 'S3' });
  });
  const call = (op: string, body: unknown, creds: Creds = user) =>
    logsCall(body, creds, `Logs_20140328.${op}`);

  test.each(Object.keys(DELIVERY_INPUTS))(
    '%s: every constraint of the model (ValidationException)',
    async (op) => {
      const failures: string[] = [];
      const base = op === 'GetDeliveryDestination' ? { name: `bedrock-kb-${kb}-cwl` } : {};
      for (const c of derive(logsModel, op, { labels: {}, body: base })) {
        const reply = await call(op, c.body);
        const code = reply.json.__type as string | undefined;
        const message = String(reply.json.message ?? '');
        const e = c.expect;
        const ok =
          'serialization' in e
            ? reply.status === 400 && code === 'SerializationException'
            : e.violation !== undefined
              ? reply.status === 400 &&
                code === 'ValidationException' &&
                message.includes(
                  `at '${e.path}' failed to satisfy constraint: Member ${e.violation}`,
                )
              : !message.includes(`at '${e.path}' failed`) && code !== 'SerializationException';
        if (!ok) failures.push(`${c.name}: got ${reply.status} ${code ?? ''} ${message}`);
      }
      expect(failures).toEqual([]);
    },
  );

  test('botocore parses every answer and error; the knowledge base leads to its log group', async () => {
    const denied = sim.addUser('denied', { allow: [] });
    const sources = await call('DescribeDeliverySources', { limit: 1 });
    const deliveries = await call('DescribeDeliveries', {});
    const answers: [string, string | undefined, RawAnswer][] = [
      ['DescribeDeliverySources', undefined, sources],
      ['DescribeDeliveries', undefined, deliveries],
      [
        'GetDeliveryDestination',
        undefined,
        await call('GetDeliveryDestination', { name: `bedrock-kb-${kb}-cwl` }),
      ],
      [
        'GetDeliveryDestination',
        'ResourceNotFoundException',
        await call('GetDeliveryDestination', { name: 'none' }),
      ],
      [
        'DescribeDeliveries',
        'ValidationException',
        await call('DescribeDeliveries', { limit: 51 }),
      ],
      [
        'DescribeDeliverySources',
        'AccessDeniedException',
        await call('DescribeDeliverySources', {}, denied),
      ],
      [
        'GetDeliveryDestination',
        'AccessDeniedException',
        await call('GetDeliveryDestination', { name: `bedrock-kb-${kb}-cwl` }, denied),
      ],
    ];
    for (const [op, code, reply] of answers) {
      expect([op, code, reply.status]).toEqual([op, code, code ? 400 : 200]);
      expect([op, reply.json.__type]).toEqual([op, code]);
    }
    const parsed = botocoreParse(
      'logs',
      answers.map(([operation, , r]) => ({
        operation,
        ...wireOf(r),
      })),
    );
    answers.forEach(([op, code], i) => {
      const p = parsed[i];
      expect([op, code, p.ParserError]).toEqual([op, code, undefined]);
      if (code) expect([op, p.Error?.Code]).toEqual([op, code]);
      else {
        const output = logsModel.operations[op].output!;
        expect([op, violationsOf(logsModel, output, p, '')]).toEqual([op, []]);
      }
    });
    const first = parsed[0] as unknown as {
      deliverySources: { resourceArns: string[]; logType: string }[];
      nextToken?: string;
    };
    expect(first.deliverySources).toHaveLength(1);
    expect(first.deliverySources[0].logType).toBe('APPLICATION_LOGS');
    expect(first.nextToken).toBeDefined();
    const destination = parsed[2] as unknown as {
      deliveryDestination: { deliveryDestinationConfiguration: { destinationResourceArn: string } };
    };
    expect(
      destination.deliveryDestination.deliveryDestinationConfiguration.destinationResourceArn,
    ).toBe(
      `arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/bedrock/knowledge-base/APPLICATION_LOGS/${kb}`,
    );
  });
});
