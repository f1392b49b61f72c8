/**
 * botocore's service models and response parsers, for checking the simulator against AWS's own
 * definitions. Any service: `loadModel('kendra')`, `loadModel('bedrock-agent')`, `loadModel('logs')`.
 * botocore is found with python3; without it these functions throw, so a test using them fails.
 * Models kept in the repository (__tests__/models/, newer than the installed botocore) win.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface ShapeRef {
  shape: string;
  location?: string;
  locationName?: string;
}

export interface Shape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  sensitive?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
}

export interface ServiceModel {
  metadata: { protocol: string; apiVersion: string; targetPrefix?: string; jsonVersion?: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/** Models newer than most machines' botocore, kept as test data (__tests__/models/README.md). */
const KEPT_MODELS = {
  botocore: '1.43.67',
  dir: path.join('__tests__', 'models', 'botocore-1.43.67'),
};

let dataDir: string | undefined;

/** botocore's data directory, located with python3 (cached). Throws when botocore is missing. */
function botocoreDataDir(): string {
  if (dataDir) return dataDir;
  let dir: string;
  try {
    dir = execFileSync(
      'python3',
      ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'],
      { encoding: 'utf8' },
    ).trim();
  } catch (e) {
    throw new Error(
      `botocore not found with python3 (pip install botocore): ${(e as Error).message}`,
      { cause: e },
    );
  }
  dataDir = path.join(dir, 'data');
  return dataDir;
}

/** The newest API version's service-2.json of a service (plain or gzipped): kept, else botocore's. */
export function loadModel(service: string): ServiceModel {
  const kept = path.join(KEPT_MODELS.dir, service);
  const root = existsSync(kept) ? kept : path.join(botocoreDataDir(), service);
  const versions = readdirSync(root)
    .filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))
    .sort();
  if (versions.length === 0) throw new Error(`botocore has no model for ${service}`);
  const dir = path.join(root, versions[versions.length - 1]);
  const plain = path.join(dir, 'service-2.json');
  const text = existsSync(plain)
    ? readFileSync(plain, 'utf8')
    : gunzipSync(readFileSync(`${plain}.gz`)).toString('utf8');
  return JSON.parse(text) as ServiceModel;
}

/** The shape a reference points to. */
export function resolve(model: ServiceModel, ref: ShapeRef | string): Shape {
  const name = typeof ref === 'string' ? ref : ref.shape;
  const shape = model.shapes[name];
  if (!shape) throw new Error(`no shape ${name}`);
  return shape;
}

/** HTTP status of an error shape: its own, else the protocol default (500 for faults, else 400). */
export function errorStatus(model: ServiceModel, errorShape: string): number {
  const shape = resolve(model, errorShape);
  return shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
}

/** The wire code of an error shape (awsQuery shapes may carry another code than their name). */
export function errorCode(model: ServiceModel, errorShape: string): string {
  return resolve(model, errorShape).error?.code ?? errorShape;
}

export interface RawResponse {
  operation: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What botocore's parser makes of a response: its output dict, or `Error` for an error. */
export type Parsed = Record<string, unknown> & {
  Error?: { Code?: string; Message?: string };
  ResponseMetadata?: { HTTPStatusCode?: number };
};

const PARSE_SCRIPT = `
import json, sys
import botocore.session
from botocore.parsers import create_parser
req = json.load(sys.stdin)
model = botocore.session.get_session().get_service_model(req['service'])
parser = create_parser(model.metadata['protocol'])
out = []
for r in req['responses']:
    op = model.operation_model(r['operation'])
    response = {'status_code': r['status'], 'headers': r['headers'], 'body': r['body'].encode('utf-8')}
    try:
        out.append(parser.parse(response, op.output_shape))
    except Exception as e:
        out.append({'ParserError': type(e).__name__ + ': ' + str(e)})
print(json.dumps(out, default=str))
`;

/** Feed responses to botocore's own parser for `service` (one python3 process for the batch). */
export function botocoreParse(service: string, responses: RawResponse[]): Parsed[] {
  botocoreDataDir();
  const out = execFileSync('python3', ['-c', PARSE_SCRIPT], {
    // botocore searches AWS_DATA_PATH before its own models: it parses with the kept ones.
    env: { ...process.env, AWS_DATA_PATH: path.resolve(KEPT_MODELS.dir) },
    input: JSON.stringify({ service, responses }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as Parsed[];
}
