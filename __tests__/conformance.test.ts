// The simulator against AWS's own models (botocore's service-2.json for kendra and sts): every
// constraint, enum, required member, error and status the simulator answers with must agree with
// the model, and botocore's parsers must read every answer it gives. Requests are derived from
// the model, not from the simulator's tables, so a constraint changed on either side fails here.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  DATA_SOURCE_STATUSES,
  DATA_SOURCE_SYNC_JOB_STATUSES,
  DATA_SOURCE_TYPES,
  ERROR_CODES,
  ERROR_STATUS,
  INDEX_EDITIONS,
  INDEX_STATUSES,
  INPUTS,
  OPERATION_ERRORS,
  SHAPES,
} from '../sim/kendra/model.js';
import type { MemberRule } from '../sim/core/validate.js';
import { startSimulator, type Simulator } from '../sim/index.js';
import { STS_ERROR_STATUS, STS_INPUTS } from '../sim/identity/sts.js';
import {
  botocoreParse,
  errorCode,
  errorStatus,
  loadModel,
  resolve,
  type Parsed,
  type RawResponse,
  type ServiceModel,
  type Shape,
  type ShapeRef,
} from './helpers/botocore.js';
import { type Creds, type RawReply, rawKendra, rawSts } from './helpers/raw.js';

// Loaded when the file loads: without botocore the suite fails instead of skipping.
const kendraModel = loadModel('kendra');
const stsModel = loadModel('sts');

const ROLE = 'arn:aws:iam::123456789012:role/kendra-sync';

/** Kendra and STS operations the action calls: every `new XCommand(` under src/. */
function operationsTheActionCalls(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk('src');
  const ops = new Set<string>();
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/new (\w+)Command\(/g)) ops.add(m[1]);
  }
  return [...ops].sort();
}

// ---- the simulator's tables against the model ---------------------------------------------

/**
 * Where the simulator's rule for a member differs from the model's shape: types, constraints,
 * required members, list and map members. Recursive shapes (Retrieve's AttributeFilter) are
 * compared once per (rule, shape) pair.
 */
function ruleDiff(
  model: ServiceModel,
  rule: MemberRule,
  shape: Shape,
  at: string,
  seen = new Map<MemberRule, Set<Shape>>(),
): string[] {
  const compared = seen.get(rule) ?? new Set<Shape>();
  if (compared.has(shape)) return [];
  seen.set(rule, compared.add(shape));
  if (rule.type !== shape.type) return [`${at}: type ${rule.type}, model ${shape.type}`];
  const diffs: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null))
      diffs.push(`${at}: ${what} ${JSON.stringify(a)}, model ${JSON.stringify(b)}`);
  };
  const r = rule as unknown as Record<string, unknown>;
  if (rule.type === 'string' || rule.type === 'integer' || rule.type === 'long') {
    same('min', r.min, shape.min);
    same('max', r.max, shape.max);
  }
  if (rule.type === 'string') {
    same('pattern', rule.pattern, shape.pattern);
    same('enum', rule.enum, shape.enum);
  }
  if (rule.type === 'list') {
    same('min', rule.min, shape.min);
    same('max', rule.max, shape.max);
    diffs.push(...ruleDiff(model, rule.member, resolve(model, shape.member!), `${at}[]`, seen));
  }
  if (rule.type === 'map') {
    const m = shape as Shape & { key: ShapeRef; value: ShapeRef };
    same('min', rule.min, shape.min);
    same('max', rule.max, shape.max);
    diffs.push(...ruleDiff(model, rule.key, resolve(model, m.key), `${at}{key}`, seen));
    diffs.push(...ruleDiff(model, rule.value, resolve(model, m.value), `${at}{}`, seen));
  }
  if (rule.type === 'structure') {
    same('members', Object.keys(rule.members), Object.keys(shape.members ?? {}));
    same('required', rule.required ?? [], shape.required ?? []);
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const member = rule.members[name];
      if (member)
        diffs.push(...ruleDiff(model, member, resolve(model, ref), `${at}.${name}`, seen));
    }
  }
  return diffs;
}

/** The simulator's rule for a scalar member, in the model's vocabulary, for a direct comparison. */
function ruleOf(shape: Shape): MemberRule {
  switch (shape.type) {
    case 'string':
      return {
        type: 'string',
        ...(shape.min !== undefined ? { min: shape.min } : {}),
        ...(shape.max !== undefined ? { max: shape.max } : {}),
        ...(shape.pattern !== undefined ? { pattern: shape.pattern } : {}),
        ...(shape.enum !== undefined ? { enum: shape.enum } : {}),
      };
    default:
      throw new Error(`no simulator rule type for model type ${shape.type}`);
  }
}

/** Drop undefined fields so toEqual compares what is set. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('simulator tables match botocore', () => {
  test('the action calls only Kendra and STS operations the simulator serves', () => {
    const ops = operationsTheActionCalls();
    // Not vacuous: the scan finds the calls every run makes.
    expect(ops).toEqual(
      expect.arrayContaining(['StartDataSourceSyncJob', 'AssumeRoleWithWebIdentity']),
    );
    // Other services' commands (Bedrock, CloudWatch Logs) are for their own conformance checks.
    for (const op of ops) {
      if (kendraModel.operations[op]) expect(Object.keys(INPUTS)).toContain(op);
      else if (stsModel.operations[op]) expect(Object.keys(STS_INPUTS)).toContain(op);
    }
  });

  test.each(Object.keys(INPUTS))(
    'Kendra %s: input shape (members, constraints, required)',
    (op) => {
      const model = kendraModel.operations[op];
      expect(model).toBeDefined();
      expect(model.http).toMatchObject({ method: 'POST', requestUri: '/' });
      expect(ruleDiff(kendraModel, INPUTS[op], resolve(kendraModel, model.input!), op)).toEqual([]);
    },
  );

  test('Kendra enums and named shapes', () => {
    const e = (name: string) => resolve(kendraModel, name).enum;
    expect([...DATA_SOURCE_TYPES]).toEqual(e('DataSourceType'));
    expect([...DATA_SOURCE_SYNC_JOB_STATUSES]).toEqual(e('DataSourceSyncJobStatus'));
    expect([...ERROR_CODES]).toEqual(e('ErrorCode'));
    expect([...INDEX_STATUSES]).toEqual(e('IndexStatus'));
    expect([...DATA_SOURCE_STATUSES]).toEqual(e('DataSourceStatus'));
    expect([...INDEX_EDITIONS]).toEqual(e('IndexEdition'));
    for (const [name, rule] of Object.entries(SHAPES)) {
      expect([name, plain(rule)]).toEqual([name, plain(ruleOf(resolve(kendraModel, name)))]);
    }
  });

  test('Kendra errors: each one the simulator answers is in the model, with its status', () => {
    for (const [op, errors] of Object.entries(OPERATION_ERRORS)) {
      const modelled = kendraModel.operations[op].errors!.map((r) => r.shape);
      for (const code of errors) expect([op, modelled.includes(code)]).toEqual([op, true]);
    }
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(resolve(kendraModel, code).exception).toBe(true);
      expect([code, status]).toEqual([code, errorStatus(kendraModel, code)]);
    }
  });

  test.each(Object.keys(STS_INPUTS))('STS %s: checked members and constraints', (op) => {
    const input = resolve(stsModel, stsModel.operations[op].input!);
    const sim = STS_INPUTS[op];
    expect([...sim.required].sort()).toEqual([...(input.required ?? [])].sort());
    for (const [name, rule] of Object.entries(sim.members)) {
      const shape = resolve(stsModel, input.members![name]);
      expect([name, rule.type, rule.min, rule.max]).toEqual([
        name,
        shape.type,
        shape.min,
        shape.max,
      ]);
      expect([name, rule.pattern]).toEqual([name, shape.pattern]);
      expect([name, Boolean(rule.sensitive)]).toEqual([name, Boolean(shape.sensitive)]);
    }
  });

  test('STS error statuses match the model for every modelled code', () => {
    const modelled = new Map<string, number>();
    for (const [name, shape] of Object.entries(stsModel.shapes)) {
      if (shape.exception) modelled.set(errorCode(stsModel, name), errorStatus(stsModel, name));
    }
    for (const [code, status] of Object.entries(STS_ERROR_STATUS)) {
      if (modelled.has(code)) expect([code, status]).toEqual([code, modelled.get(code)]);
    }
    for (const op of Object.keys(STS_INPUTS)) {
      for (const ref of stsModel.operations[op].errors ?? []) {
        const code = errorCode(stsModel, ref.shape);
        expect([code, STS_ERROR_STATUS[code]]).toEqual([code, errorStatus(stsModel, ref.shape)]);
      }
    }
  });
});

/** Where an awsJson answer leaves its model shape: unknown members, wrong types, enum values. */
function offModel(model: ServiceModel, shapeName: string, value: unknown, at: string): string[] {
  const shape = resolve(model, shapeName);
  const wrong = (what: string) => [`${at}: ${what}, got ${JSON.stringify(value)}`];
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return wrong('an object');
      return Object.entries(value).flatMap(([k, v]) => {
        const ref = shape.members?.[k];
        return ref
          ? offModel(model, ref.shape, v, `${at}.${k}`)
          : [`${at}: no member ${k} in ${shapeName}`];
      });
    }
    case 'list':
      if (!Array.isArray(value)) return wrong('an array');
      return value.flatMap((v, i) => offModel(model, shape.member!.shape, v, `${at}[${i}]`));
    case 'string':
      if (typeof value !== 'string') return wrong('a string');
      if (shape.enum && !shape.enum.includes(value))
        return wrong(`one of ${shape.enum.join(', ')}`);
      return [];
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) ? [] : wrong('an integer');
    case 'timestamp':
      return typeof value === 'number' ? [] : wrong('epoch seconds');
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong('a boolean');
    default:
      return [`${at}: unchecked type ${shape.type}`];
  }
}

// ---- requests derived from the model --------------------------------------------------------

type Expect =
  | { kind: 'violation'; path: string; rule: string }
  | { kind: 'no-violation'; path: string }
  | { kind: 'serialization' };

interface Case {
  name: string;
  operation: string;
  input: Record<string, unknown>;
  expect: Expect;
}

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

/** A model pattern as a whole-value JS RegExp (Java-style \u10000 becomes \u{10000}). */
const modelRegExp = (pattern: string) =>
  new RegExp(`^(?:${pattern.replace(/\\u([0-9A-Fa-f]{5,6})/g, '\\u{$1}')})$`, 'u');

/**
 * A value of `length` that satisfies the model's pattern (checked, so a new pattern is noticed);
 * for a length violation the pattern cannot always hold (an empty string), and need not.
 */
function valueOf(shape: Shape, length: number, strict = true): string {
  for (const c of ['a', 'A', '0']) {
    const v = c.repeat(length);
    if (shape.pattern === undefined || modelRegExp(shape.pattern).test(v)) return v;
  }
  if (!strict) return 'a'.repeat(length);
  throw new Error(`cannot make a value for pattern ${shape.pattern}`);
}

/** Every violation (and every edge that must pass) the model defines for one operation's input. */
function derive(model: ServiceModel, operation: string, base: Record<string, unknown>): Case[] {
  const cases: Case[] = [];
  const walk = (
    shape: Shape,
    at: (v: Record<string, unknown>) => Record<string, unknown>,
    prefix: string,
    omit: (name: string) => Record<string, unknown>,
    stack: Shape[] = [],
  ) => {
    // A recursive shape (AttributeFilter in AttributeFilter) is derived once, at its first level.
    if (stack.includes(shape)) return;
    for (const name of shape.required ?? []) {
      cases.push({
        name: `${prefix}${name} omitted`,
        operation,
        input: omit(name),
        expect: {
          kind: 'violation',
          path: prefix ? `${prefix}.${lowerFirst(name)}` : lowerFirst(name),
          rule: 'must not be null',
        },
      });
    }
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const member = resolve(model, ref);
      const p = prefix ? `${prefix}.${lowerFirst(name)}` : lowerFirst(name);
      const send = (value: unknown) => at({ [name]: value });
      const add = (what: string, value: unknown, expect: Expect) =>
        cases.push({ name: `${p} ${what}`, operation, input: send(value), expect });
      if (member.type === 'string') {
        add('as a number', 42, { kind: 'serialization' });
        if (member.max !== undefined) {
          add(`of length max+1 (${member.max + 1})`, valueOf(member, member.max + 1, false), {
            kind: 'violation',
            path: p,
            rule: `must have length less than or equal to ${member.max}`,
          });
          add(`of length max (${member.max})`, valueOf(member, member.max), {
            kind: 'no-violation',
            path: p,
          });
        }
        if (member.min !== undefined) {
          if (member.min > 0) {
            add(`of length min-1 (${member.min - 1})`, valueOf(member, member.min - 1, false), {
              kind: 'violation',
              path: p,
              rule: `must have length greater than or equal to ${member.min}`,
            });
          }
          add(`of length min (${member.min})`, valueOf(member, member.min), {
            kind: 'no-violation',
            path: p,
          });
        }
        if (member.pattern !== undefined) {
          const length = Math.max(member.min ?? 1, 1);
          const bad = ['-', '!', ' ']
            .map((c) => c.repeat(length))
            .find((v) => !modelRegExp(member.pattern!).test(v));
          if (bad) {
            add('outside the pattern', bad, {
              kind: 'violation',
              path: p,
              rule: `must satisfy regular expression pattern: ${member.pattern}`,
            });
          }
        }
        if (member.enum) {
          add('outside the enum', 'NOT_A_MODEL_VALUE', {
            kind: 'violation',
            path: p,
            rule: `must satisfy enum value set: [${member.enum.join(', ')}]`,
          });
          for (const v of member.enum) add(`= ${v}`, v, { kind: 'no-violation', path: p });
        }
      } else if (member.type === 'integer') {
        add('as a string', '5', { kind: 'serialization' });
        if (member.min !== undefined) {
          add(`= min-1 (${member.min - 1})`, member.min - 1, {
            kind: 'violation',
            path: p,
            rule: `must have value greater than or equal to ${member.min}`,
          });
          add(`= min (${member.min})`, member.min, { kind: 'no-violation', path: p });
        }
        if (member.max !== undefined) {
          add(`= max+1 (${member.max + 1})`, member.max + 1, {
            kind: 'violation',
            path: p,
            rule: `must have value less than or equal to ${member.max}`,
          });
          add(`= max (${member.max})`, member.max, { kind: 'no-violation', path: p });
        }
      } else if (member.type === 'timestamp') {
        add('as a string', 'yesterday', { kind: 'serialization' });
      } else if (member.type === 'structure') {
        add('as a string', 'x', { kind: 'serialization' });
        walk(
          member,
          (v) => at({ [name]: v }),
          p,
          () => at({ [name]: {} }),
          [...stack, shape],
        );
      }
    }
  };
  const input = resolve(model, model.operations[operation].input!);
  walk(
    input,
    (v) => ({ ...base, ...v }),
    '',
    (n) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== n)),
  );
  cases.push({
    name: 'an unknown member',
    operation,
    input: { ...base, NotAModelMember: 'x' },
    expect: { kind: 'serialization' },
  });
  return cases;
}

let sim: Simulator;
let user: Creds & { arn: string };
let indexId: string;
let dsId: string;

beforeAll(async () => {
  sim = await startSimulator();
  sim.addRole(ROLE, { subject: 'repo:octo-org/docs:*' });
  indexId = sim.addIndex({ name: 'docs-index' });
  dsId = sim.addDataSource(indexId, { name: 'website' });
  user = sim.addUser('ci');
});
afterAll(async () => {
  await sim.close();
});

/** A valid request for each Kendra operation against the seeded index and data source. */
const baseInput = (op: string, dataSourceId = dsId): Record<string, unknown> => {
  const required = resolve(kendraModel, kendraModel.operations[op].input!).required ?? [];
  const all: Record<string, unknown> = {
    IndexId: indexId,
    Id: op === 'DescribeIndex' ? indexId : dataSourceId,
    QueryText: 'install the cli',
  };
  return Object.fromEntries(Object.entries(all).filter(([k]) => required.includes(k)));
};

/** Record answers for botocore and for the errors-per-operation check. */
const captured: { operation: string; reply: RawReply; code?: string }[] = [];
const errorType = (reply: RawReply) =>
  reply.status === 200 ? undefined : (JSON.parse(reply.body) as { __type: string }).__type;

async function kendraCall(
  operation: string,
  input: unknown,
  opts?: { region?: string; contentType?: string },
) {
  const reply = await rawKendra(sim.url, user, operation, input, opts);
  captured.push({ operation, reply, code: errorType(reply) });
  return reply;
}

describe('Kendra answers requests derived from the model', () => {
  test.each(Object.keys(INPUTS))('%s: every constraint of the model', async (op) => {
    const failures: string[] = [];
    // StopDataSourceSyncJob needs a running job to answer 200; any answer but a violation will do.
    for (const c of derive(kendraModel, op, baseInput(op))) {
      const reply = await kendraCall(c.operation, c.input);
      const body = JSON.parse(reply.body) as {
        __type?: string;
        Message?: string;
        message?: string;
      };
      const type = reply.status === 200 ? undefined : body.__type;
      const message = body.Message ?? body.message ?? '';
      const e = c.expect;
      const ok =
        e.kind === 'serialization'
          ? reply.status === 400 && type === 'SerializationException'
          : e.kind === 'violation'
            ? reply.status === 400 &&
              type === 'ValidationException' &&
              message.includes(`at '${e.path}' failed to satisfy constraint: Member ${e.rule}`)
            : !(
                type === 'SerializationException' ||
                (type === 'ValidationException' && message.includes(`at '${e.path}'`))
              );
      if (!ok) failures.push(`${c.name}: got ${reply.status} ${type ?? ''} ${message}`);
    }
    expect(failures).toEqual([]);
  });

  test('valid requests succeed and botocore parses every answer and error', async () => {
    const limited = sim.addUser('limited', { allow: ['kendra:ListIndices'] });
    const creating = sim.addIndex({ name: 'new-index', status: 'CREATING' });
    const creatingDs = sim.addDataSource(creating, { name: 'fresh' });
    // A data source of its own, so the start answers 200 whatever the derived requests started.
    const fresh = sim.addDataSource(indexId, { name: 'fresh' });
    // Documents it serves to Retrieve: picked up by a job that ended just now.
    sim.addDocuments(indexId, fresh, [
      { location: 'https://docs.example.com/install', title: 'Install', text: 'Install the CLI.' },
      { location: 's3://docs/cli.pdf', text: 'The CLI manual.' },
    ]);
    sim.addJob(indexId, fresh, { status: 'SUCCEEDED', startTime: new Date() });
    const ok: Record<string, RawReply> = {};
    for (const op of [
      'ListIndices',
      'ListDataSources',
      'DescribeIndex',
      'DescribeDataSource',
      'StartDataSourceSyncJob',
      'ListDataSourceSyncJobs',
      'StopDataSourceSyncJob',
      'Retrieve',
    ]) {
      ok[op] = await kendraCall(op, baseInput(op, fresh));
      expect([op, ok[op].status]).toEqual([op, 200]);
    }
    const errors: [string, RawReply][] = [
      [
        'ValidationException',
        await kendraCall('StartDataSourceSyncJob', { IndexId: 'short', Id: dsId }),
      ],
      ['ResourceNotFoundException', await kendraCall('DescribeIndex', { Id: 'f'.repeat(36) })],
      [
        'ResourceNotFoundException',
        await kendraCall('DescribeIndex', { Id: indexId }, { region: 'eu-west-1' }),
      ],
      [
        'ConflictException',
        await kendraCall('StartDataSourceSyncJob', { IndexId: creating, Id: creatingDs }),
      ],
      ['SerializationException', await kendraCall('ListIndices', { MaxResults: '5' })],
      [
        'UnknownOperationException',
        await kendraCall('ListIndices', {}, { contentType: 'application/json' }),
      ],
      ['UnknownOperationException', await kendraCall('DeleteIndex', { Id: indexId })],
    ];
    // The job started above is STOPPING now, which still blocks a new start.
    errors.push([
      'ResourceInUseException',
      await kendraCall('StartDataSourceSyncJob', baseInput('StartDataSourceSyncJob', fresh)),
    ]);
    const denied = await rawKendra(sim.url, limited, 'ListDataSources', { IndexId: indexId });
    captured.push({ operation: 'ListDataSources', reply: denied, code: errorType(denied) });
    errors.push(['AccessDeniedException', denied]);
    sim.fault({ service: 'kendra', action: 'ListIndices', kind: 'error', times: 1 });
    errors.push(['ThrottlingException', await kendraCall('ListIndices', {})]);
    sim.fault({
      service: 'kendra',
      action: 'ListIndices',
      kind: 'error',
      code: 'InternalServerException',
      times: 1,
    });
    errors.push(['InternalServerException', await kendraCall('ListIndices', {})]);
    errors.push([
      'UnrecognizedClientException',
      await rawKendra(
        sim.url,
        { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) },
        'ListIndices',
        {},
      ),
    ]);

    // A fault given only a code answers with the model's status for it.
    for (const ref of kendraModel.operations.StartDataSourceSyncJob.errors ?? []) {
      sim.fault({ service: 'kendra', kind: 'error', code: ref.shape, times: 1 });
      errors.push([
        ref.shape,
        await kendraCall('StartDataSourceSyncJob', baseInput('StartDataSourceSyncJob')),
      ]);
    }
    for (const [code, reply] of errors) {
      expect([code, errorType(reply)]).toEqual([code, code]);
      if (kendraModel.shapes[code]?.exception) {
        expect([code, reply.status]).toEqual([code, errorStatus(kendraModel, code)]);
      } else {
        expect([code, reply.status]).toEqual([code, 400]); // front-end errors of awsJson
      }
    }

    const toRaw = (operation: string, r: RawReply): RawResponse => ({
      operation,
      status: r.status,
      headers: r.headers,
      body: r.body,
    });
    const okOps = Object.keys(ok);
    const parsed = botocoreParse('kendra', [
      ...okOps.map((op) => toRaw(op, ok[op])),
      ...errors.map(([, r]) => toRaw('ListIndices', r)),
    ]);
    const expectedKeys: Record<string, string[]> = {
      ListIndices: ['IndexConfigurationSummaryItems'],
      ListDataSources: ['SummaryItems'],
      DescribeIndex: ['Id', 'Name', 'Edition', 'Status', 'CreatedAt', 'UpdatedAt'],
      DescribeDataSource: ['Id', 'IndexId', 'Name', 'Type', 'Status', 'LanguageCode'],
      StartDataSourceSyncJob: ['ExecutionId'],
      ListDataSourceSyncJobs: ['History'],
      StopDataSourceSyncJob: [],
      Retrieve: ['QueryId', 'ResultItems'],
    };
    okOps.forEach((op, i) => {
      const p = parsed[i];
      expect([op, p.ParserError, p.Error]).toEqual([op, undefined, undefined]);
      for (const key of expectedKeys[op]) expect([op, key, key in p]).toEqual([op, key, true]);
      // botocore's parser ignores what the model lacks; check the raw JSON against the shape.
      const output = kendraModel.operations[op].output;
      const problems = output
        ? offModel(kendraModel, output.shape, JSON.parse(ok[op].body), op)
        : [];
      expect(problems).toEqual([]);
    });
    const retrieved = parsed[okOps.indexOf('Retrieve')] as {
      ResultItems: Record<string, unknown>[];
    };
    expect(retrieved.ResultItems).toHaveLength(2);
    expect(retrieved.ResultItems[0]).toMatchObject({
      DocumentId: 'https://docs.example.com/install',
      DocumentURI: 'https://docs.example.com/install',
      DocumentTitle: 'Install',
      Content: 'Install the CLI.',
      ScoreAttributes: { ScoreConfidence: 'VERY_HIGH' },
    });
    // The model's Url pattern holds for every DocumentURI the simulator sends.
    for (const item of retrieved.ResultItems) {
      if (item.DocumentURI !== undefined)
        expect(item.DocumentURI).toMatch(new RegExp(resolve(kendraModel, 'Url').pattern!));
    }
    const history = (
      parsed[okOps.indexOf('ListDataSourceSyncJobs')] as { History: Record<string, unknown>[] }
    ).History;
    // The job started above, beside the ended one that made the documents searchable.
    expect(history.find((j) => j.Status !== 'SUCCEEDED')).toMatchObject({
      Status: 'SYNCING',
      Metrics: { DocumentsScanned: expect.any(String) },
    });
    errors.forEach(([code], i) => {
      const p: Parsed = parsed[okOps.length + i];
      expect([code, p.Error?.Code, p.ResponseMetadata?.HTTPStatusCode]).toEqual([
        code,
        code,
        errors[i][1].status,
      ]);
    });
  });

  test("every modelled error an operation answered is in that operation's model errors", () => {
    expect(captured.length).toBeGreaterThan(100);
    const seen = new Set<string>();
    for (const { operation, code } of captured) {
      if (!code || !kendraModel.shapes[code]?.exception || !kendraModel.operations[operation])
        continue;
      seen.add(code);
      const modelled = kendraModel.operations[operation].errors!.map((r) => r.shape);
      expect([operation, code, modelled.includes(code)]).toEqual([operation, code, true]);
      expect([operation, code, OPERATION_ERRORS[operation].includes(code)]).toEqual([
        operation,
        code,
        true,
      ]);
    }
    expect([...seen].sort()).toEqual([
      'AccessDeniedException',
      'ConflictException',
      'InternalServerException',
      'ResourceInUseException',
      'ResourceNotFoundException',
      'ThrottlingException',
      'ValidationException',
    ]);
  });
});

// ---- STS -------------------------------------------------------------------------------------

describe('STS answers requests derived from the model', () => {
  let token: string;
  beforeAll(() => {
    token = sim.mintIdToken();
  });

  const base = (op: string): Record<string, string> => ({
    RoleArn: ROLE,
    RoleSessionName: 'kendra-sync-1',
    ...(op === 'AssumeRoleWithWebIdentity' ? { WebIdentityToken: token } : {}),
  });
  const call = (op: string, params: Record<string, string>) =>
    rawSts(sim.url, { Action: op, ...params }, op === 'AssumeRole' ? user : undefined);
  const codeOf = (r: RawReply) => /<Code>([^<]*)<\/Code>/.exec(r.body)?.[1];
  const messageOf = (r: RawReply) =>
    (/<Message>([^<]*)<\/Message>/.exec(r.body)?.[1] ?? '')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');

  test.each(Object.keys(STS_INPUTS))(
    '%s: constraints of the members the action sends',
    async (op) => {
      const input = resolve(stsModel, stsModel.operations[op].input!);
      const failures: string[] = [];
      const check = async (
        what: string,
        params: Record<string, string>,
        violation: string | undefined,
        p: string,
      ) => {
        const r = await call(op, params);
        const message = messageOf(r);
        const named = message.includes(`at '${p}' failed to satisfy constraint`);
        const ok = violation
          ? r.status === 400 &&
            codeOf(r) === 'ValidationError' &&
            message.includes(`at '${p}' failed to satisfy constraint: Member ${violation}`)
          : !named;
        if (!ok) failures.push(`${p} ${what}: got ${r.status} ${codeOf(r) ?? ''} ${message}`);
      };
      for (const name of input.required ?? []) {
        const params = base(op);
        delete params[name];
        await check('omitted', params, 'must not be null', lowerFirst(name));
      }
      for (const name of Object.keys(STS_INPUTS[op].members)) {
        const shape = resolve(stsModel, input.members![name]);
        const p = lowerFirst(name);
        const set = (v: string) => ({ ...base(op), [name]: v });
        if (shape.type === 'integer') {
          await check(
            '= min-1',
            set(String(shape.min! - 1)),
            `must have value greater than or equal to ${shape.min}`,
            p,
          );
          await check(
            '= max+1',
            set(String(shape.max! + 1)),
            `must have value less than or equal to ${shape.max}`,
            p,
          );
          await check('= min', set(String(shape.min)), undefined, p);
          await check('= max', set(String(shape.max)), undefined, p);
          continue;
        }
        const text = (n: number) =>
          name === 'RoleArn'
            ? `${ROLE}${'x'.repeat(Math.max(0, n - ROLE.length))}`.slice(0, n)
            : 'a'.repeat(n);
        await check(
          'of length max+1',
          set(text(shape.max! + 1)),
          `must have length less than or equal to ${shape.max}`,
          p,
        );
        await check(
          'of length min-1',
          set(text(shape.min! - 1)),
          `must have length greater than or equal to ${shape.min}`,
          p,
        );
        await check('of length max', set(text(shape.max!)), undefined, p);
        if (shape.pattern !== undefined) {
          const length = Math.max(shape.min ?? 1, 2);
          const bad = [' ', '\u0001', '!']
            .map((c) => c.repeat(length))
            .find((v) => !modelRegExp(shape.pattern!).test(v));
          if (!bad) throw new Error(`no value outside the pattern ${shape.pattern}`);
          await check(
            'outside the pattern',
            set(bad),
            `must satisfy regular expression pattern: ${shape.pattern}`,
            p,
          );
        }
      }
      expect(failures).toEqual([]);
    },
  );

  test('botocore parses every STS answer and error, with the model status', async () => {
    const expired = sim.mintIdToken({ lifetimeSeconds: -5 });
    const otherAudience = sim.mintIdToken({ audience: 'https://github.com/octo-org' });
    const foreignSub = sim.mintIdToken({ subject: 'repo:evil/x:ref:refs/heads/main' });
    const cases: [string, string | undefined, RawReply][] = [
      [
        'AssumeRoleWithWebIdentity',
        undefined,
        await call('AssumeRoleWithWebIdentity', base('AssumeRoleWithWebIdentity')),
      ],
      ['AssumeRole', undefined, await call('AssumeRole', base('AssumeRole'))],
      [
        'GetCallerIdentity',
        undefined,
        await rawSts(sim.url, { Action: 'GetCallerIdentity' }, user),
      ],
      [
        'AssumeRoleWithWebIdentity',
        'ValidationError',
        await call('AssumeRoleWithWebIdentity', {
          ...base('AssumeRoleWithWebIdentity'),
          RoleSessionName: 'x',
        }),
      ],
      [
        'AssumeRoleWithWebIdentity',
        'InvalidIdentityToken',
        await call('AssumeRoleWithWebIdentity', {
          ...base('AssumeRoleWithWebIdentity'),
          WebIdentityToken: 'not-a-jwt',
        }),
      ],
      [
        'AssumeRoleWithWebIdentity',
        'InvalidIdentityToken',
        await call('AssumeRoleWithWebIdentity', {
          ...base('AssumeRoleWithWebIdentity'),
          WebIdentityToken: otherAudience,
        }),
      ],
      [
        'AssumeRoleWithWebIdentity',
        'ExpiredTokenException',
        await call('AssumeRoleWithWebIdentity', {
          ...base('AssumeRoleWithWebIdentity'),
          WebIdentityToken: expired,
        }),
      ],
      [
        'AssumeRoleWithWebIdentity',
        'AccessDenied',
        await call('AssumeRoleWithWebIdentity', {
          ...base('AssumeRoleWithWebIdentity'),
          WebIdentityToken: foreignSub,
        }),
      ],
      [
        'AssumeRole',
        'InvalidClientTokenId',
        await rawSts(
          sim.url,
          { Action: 'AssumeRole', ...base('AssumeRole') },
          { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) },
        ),
      ],
      ['GetCallerIdentity', 'InvalidAction', await rawSts(sim.url, { Action: 'NoSuchAction' })],
    ];
    // A fault given only a code answers with the model's status for it, as STS itself would.
    for (const ref of stsModel.operations.AssumeRoleWithWebIdentity.errors ?? []) {
      const code = errorCode(stsModel, ref.shape);
      sim.fault({
        service: 'sts',
        action: 'AssumeRoleWithWebIdentity',
        kind: 'error',
        code,
        times: 1,
      });
      const op = 'AssumeRoleWithWebIdentity';
      cases.push([op, code, await call(op, base(op))]);
    }
    const modelled = new Map<string, number>();
    for (const [name, shape] of Object.entries(stsModel.shapes)) {
      if (shape.exception) modelled.set(errorCode(stsModel, name), errorStatus(stsModel, name));
    }
    for (const [, code, reply] of cases) {
      if (code && modelled.has(code))
        expect([code, reply.status]).toEqual([code, modelled.get(code)]);
    }
    expect(messageOf(cases[5][2])).toBe('Incorrect token audience');
    const parsed = botocoreParse(
      'sts',
      cases.map(([operation, , r]) => ({
        operation,
        status: r.status,
        headers: r.headers,
        body: r.body,
      })),
    );
    cases.forEach(([op, code, reply], i) => {
      const p = parsed[i] as Parsed & { Credentials?: { AccessKeyId?: string }; Arn?: string };
      expect([op, code, p.ParserError]).toEqual([op, code, undefined]);
      if (code) {
        expect([op, p.Error?.Code, p.ResponseMetadata?.HTTPStatusCode]).toEqual([
          op,
          code,
          reply.status,
        ]);
      } else if (op === 'GetCallerIdentity') {
        expect(p.Arn).toBe(user.arn);
      } else {
        expect(p.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      }
    });
  });
});
