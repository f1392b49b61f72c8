// The simulated knowledge base search (bedrock-agent-runtime Retrieve) against botocore's model,
// in the manner of conformance-bedrock.test.ts: the simulator's tables must equal the model,
// requests derived from the model's constraints must be judged as the model says, and botocore's
// parser must read every answer and error, whose members must satisfy the model's output shapes.
import {
  RUNTIME_INPUTS,
  RUNTIME_OPERATION_ERRORS,
  RUNTIME_ROUTES,
  RUNTIME_SHAPES,
  RUNTIME_STATUS,
  LOCATION_TYPES,
} from '../sim/bedrock-runtime/model.js';
import type { MemberRule } from '../sim/core/validate.js';
import { startSimulator, type Simulator, type UserCredentials } from '../sim/index.js';
import {
  botocoreParse,
  errorStatus,
  loadModel,
  resolve,
  type Parsed,
  type Shape,
  type ShapeRef,
} from './helpers/botocore.js';
import { type RawAnswer, signedRequest } from './helpers/signed.js';

const model = loadModel('bedrock-agent-runtime');

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const scalar = (shape: Shape) =>
  plain({
    type: shape.type,
    min: shape.min,
    max: shape.max,
    pattern: shape.pattern,
    enum: shape.enum,
  });

/** Where the simulator's rule leaves the model: members it checks must be the model's, as typed. */
function ruleDiff(rule: MemberRule, ref: ShapeRef | string, at: string): string[] {
  const shape = resolve(model, ref);
  if (rule.type !== shape.type) return [`${at}: ${rule.type}, model ${shape.type}`];
  if (rule.type !== 'structure') {
    return JSON.stringify(plain(rule)) === JSON.stringify(scalar(shape))
      ? []
      : [`${at}: ${JSON.stringify(rule)}, model ${JSON.stringify(scalar(shape))}`];
  }
  const out: string[] = [];
  if (JSON.stringify(rule.required ?? []) !== JSON.stringify(shape.required ?? []))
    out.push(
      `${at}: required ${JSON.stringify(rule.required)}, model ${JSON.stringify(shape.required)}`,
    );
  for (const [name, member] of Object.entries(rule.members)) {
    const m = shape.members?.[name];
    if (!m) out.push(`${at}.${name}: not in the model`);
    else out.push(...ruleDiff(member, m, `${at}.${name}`));
  }
  return out;
}

/** Where a parsed answer leaves the model's output shape (required members, unknown ones, enums). */
function offModel(ref: ShapeRef | string, value: unknown, at: string): string[] {
  const shape = resolve(model, ref);
  if (value === null || value === undefined) return [];
  switch (shape.type) {
    case 'structure': {
      if ((shape as Shape & { document?: boolean }).document) return [];
      const v = value as Record<string, unknown>;
      const out = (shape.required ?? []).filter((r) => !(r in v)).map((r) => `${at}.${r} missing`);
      for (const [k, member] of Object.entries(v)) {
        if (k === 'ResponseMetadata' && at === '') continue;
        const m = shape.members?.[k];
        out.push(...(m ? offModel(m, member, `${at}.${k}`) : [`${at}.${k} not in the model`]));
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).flatMap((item, i) =>
        offModel(shape.member!, item, `${at}[${i}]`),
      );
    case 'map': {
      const m = shape as Shape & { key: ShapeRef; value: ShapeRef };
      const keyShape = resolve(model, m.key);
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
        ...(keyShape.max !== undefined && k.length > keyShape.max
          ? [`${at} key ${k} too long`]
          : []),
        ...offModel(m.value, v, `${at}.${k}`),
      ]);
    }
    case 'string':
      if (typeof value !== 'string') return [`${at} not a string`];
      return shape.enum && !shape.enum.includes(value) ? [`${at}=${value} not in the enum`] : [];
    case 'double':
      return typeof value === 'number' ? [] : [`${at} not a number`];
    default:
      return [];
  }
}

let sim: Simulator;
let user: UserCredentials;
let kbId: string;

beforeAll(async () => {
  sim = await startSimulator();
  sim.setStartRateLimit(0);
  user = sim.addUser('ci', { allow: ['bedrock:*'] });
  kbId = sim.addKnowledgeBase({ name: 'docs-kb' });
  const ds = sim.addBedrockDataSource(kbId, { name: 'website' });
  sim.addKnowledgeBaseDocuments(kbId, ds, [
    { location: 'https://docs.example.com/install', text: 'Install the CLI.' },
    { location: 's3://docs/manual.pdf', text: 'The CLI manual.' },
    { id: 'faq-1', text: 'A custom document.' },
  ]);
  sim.addIngestionJob(kbId, ds, { status: 'COMPLETE', startedAt: new Date(), endedAt: new Date() });
});
afterAll(async () => {
  await sim.close();
});

function retrieve(body: unknown, opts: { kb?: string; creds?: typeof user } = {}) {
  return signedRequest(sim.url, opts.creds ?? user, {
    service: 'bedrock',
    method: 'POST',
    path: `/knowledgebases/${opts.kb ?? kbId}/retrieve`,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('simulator tables match botocore (bedrock-agent-runtime)', () => {
  test('the route, signing name and the operation the action calls', () => {
    expect(model.metadata).toMatchObject({ protocol: 'rest-json' });
    expect((model.metadata as { signingName?: string }).signingName).toBe('bedrock');
    const http = model.operations.Retrieve.http;
    expect(RUNTIME_ROUTES.Retrieve).toEqual({
      method: http.method,
      requestUri: http.requestUri,
      responseCode: http.responseCode ?? 200,
    });
  });

  test('named shapes, and Retrieve: every member the simulator checks, as the model has it', () => {
    for (const [name, rule] of Object.entries(RUNTIME_SHAPES)) {
      expect([name, plain(rule)]).toEqual([name, scalar(resolve(model, name))]);
    }
    expect(ruleDiff(RUNTIME_INPUTS.Retrieve, model.operations.Retrieve.input!, 'Retrieve')).toEqual(
      [],
    );
    const types = resolve(model, 'RetrievalResultLocationType').enum!;
    for (const t of LOCATION_TYPES) expect(types).toContain(t);
  });

  test('errors: statuses are the model httpError; each is modelled for Retrieve', () => {
    for (const [code, status] of Object.entries(RUNTIME_STATUS)) {
      expect([code, status]).toEqual([code, errorStatus(model, code)]);
    }
    const modelled = model.operations.Retrieve.errors!.map((e) => e.shape);
    for (const code of RUNTIME_OPERATION_ERRORS.Retrieve) expect(modelled).toContain(code);
  });
});

describe('Retrieve answers requests derived from the model', () => {
  test('each constraint of the members the simulator checks', async () => {
    const cases: { name: string; body: unknown; kb?: string; violation?: string; path: string }[] =
      [];
    const text = resolve(model, 'KnowledgeBaseQueryTextString');
    const n = resolve(model, 'KnowledgeBaseVectorSearchConfigurationNumberOfResultsInteger');
    const id = resolve(model, 'KnowledgeBaseIdentifier');
    const token = resolve(model, 'NextToken');
    const withCount = (numberOfResults: number) => ({
      retrievalQuery: { text: 'cli' },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults } },
    });
    const countPath = 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults';
    cases.push(
      {
        name: 'numberOfResults min-1',
        body: withCount(n.min! - 1),
        violation: `must have value greater than or equal to ${n.min}`,
        path: countPath,
      },
      {
        name: 'numberOfResults max+1',
        body: withCount(n.max! + 1),
        violation: `must have value less than or equal to ${n.max}`,
        path: countPath,
      },
      { name: 'numberOfResults min', body: withCount(n.min!), path: countPath },
      { name: 'numberOfResults max', body: withCount(n.max!), path: countPath },
      {
        name: 'text max+1',
        body: { retrievalQuery: { text: 'a'.repeat(text.max! + 1) } },
        violation: `must have length less than or equal to ${text.max}`,
        path: 'retrievalQuery.text',
      },
      {
        name: 'text max',
        body: { retrievalQuery: { text: 'a'.repeat(text.max!) } },
        path: 'retrievalQuery.text',
      },
      {
        name: 'retrievalQuery omitted',
        body: {},
        violation: 'must not be null',
        path: 'retrievalQuery',
      },
      {
        name: 'vectorSearchConfiguration omitted (optional since 1.43.32)',
        body: { retrievalQuery: { text: 'x' }, retrievalConfiguration: {} },
        path: 'retrievalConfiguration',
      },
      {
        name: 'userContext.userId omitted',
        body: { retrievalQuery: { text: 'x' }, userContext: {} },
        violation: 'must not be null',
        path: 'userContext.userId',
      },
      {
        name: 'knowledgeBaseId min-1',
        body: { retrievalQuery: { text: 'x' } },
        kb: 'A'.repeat(id.min! - 1),
        violation: `must have length greater than or equal to ${id.min}`,
        path: 'knowledgeBaseId',
      },
      {
        name: 'knowledgeBaseId max+1',
        body: { retrievalQuery: { text: 'x' } },
        kb: 'A'.repeat(id.max! + 1),
        violation: `must have length less than or equal to ${id.max}`,
        path: 'knowledgeBaseId',
      },
      {
        name: 'knowledgeBaseId outside the pattern',
        body: { retrievalQuery: { text: 'x' } },
        kb: 'abcdefghi-',
        violation: `must satisfy regular expression pattern: ${id.pattern}`,
        path: 'knowledgeBaseId',
      },
      {
        name: 'nextToken min-1',
        body: { retrievalQuery: { text: 'x' }, nextToken: '' },
        violation: `must have length greater than or equal to ${token.min}`,
        path: 'nextToken',
      },
      {
        name: 'overrideSearchType outside the enum',
        body: {
          retrievalQuery: { text: 'x' },
          retrievalConfiguration: { vectorSearchConfiguration: { overrideSearchType: 'FUZZY' } },
        },
        violation: `must satisfy enum value set: [${resolve(model, 'SearchType').enum!.join(', ')}]`,
        path: 'retrievalConfiguration.vectorSearchConfiguration.overrideSearchType',
      },
    );
    const failures: string[] = [];
    for (const c of cases) {
      const r = await retrieve(c.body, { kb: c.kb });
      const message = (r.json.message as string | undefined) ?? '';
      const ok = c.violation
        ? r.status === 400 &&
          message.includes(`at '${c.path}' failed to satisfy constraint: Member ${c.violation}`)
        : r.status === 200;
      if (!ok) failures.push(`${c.name}: ${r.status} ${message}`);
    }
    expect(failures).toEqual([]);
    // A member of the wrong JSON type is the deserializer's SerializationException.
    const wrong = await retrieve({ retrievalQuery: { text: 42 } });
    expect([wrong.status, wrong.headers['x-amzn-errortype']]).toEqual([
      400,
      expect.stringMatching(/^SerializationException:/),
    ]);
  });

  test('botocore parses every answer and error; answers satisfy the output shape', async () => {
    const limited = sim.addUser('limited', { allow: ['bedrock:StartIngestionJob'] });
    const answers: [string | undefined, RawAnswer][] = [
      [
        undefined,
        await retrieve({
          retrievalQuery: { text: 'cli' },
          retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 10 } },
        }),
      ],
      ['ValidationException', await retrieve(withTooMany())],
      [
        'AccessDeniedException',
        await retrieve({ retrievalQuery: { text: 'x' } }, { creds: limited }),
      ],
      [
        'ResourceNotFoundException',
        await retrieve({ retrievalQuery: { text: 'x' } }, { kb: 'ZZZZZZZZZZ' }),
      ],
    ];
    sim.fault({ service: 'bedrock-runtime', kind: 'error', times: 1 });
    answers.push(['ThrottlingException', await retrieve({ retrievalQuery: { text: 'x' } })]);
    const parsed = botocoreParse(
      'bedrock-agent-runtime',
      answers.map(([, r]) => ({
        operation: 'Retrieve',
        status: r.status,
        headers: Object.fromEntries(
          Object.entries(r.headers).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(',') : String(v),
          ]),
        ),
        body: r.text,
      })),
    );
    answers.forEach(([code], i) => {
      const p: Parsed = parsed[i];
      expect([code, p.ParserError]).toEqual([code, undefined]);
      if (code) {
        expect([p.Error?.Code, p.ResponseMetadata?.HTTPStatusCode]).toEqual([
          code,
          errorStatus(model, code),
        ]);
      } else {
        expect(offModel(model.operations.Retrieve.output!, p, '')).toEqual([]);
        const results = (p as { retrievalResults: { location: { type: string } }[] })
          .retrievalResults;
        expect(results.map((r) => r.location.type).sort()).toEqual(['CUSTOM', 'S3', 'WEB']);
      }
    });
  });
});

function withTooMany() {
  return {
    retrievalQuery: { text: 'x' },
    retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 1000 } },
  };
}
