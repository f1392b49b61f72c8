// restJson1 as bedrock-agent speaks it: answers and errors (the code in x-amzn-ErrorType), the
// model's routes as matchers, and the request check (URI labels and body against the model's
// input shapes, with the shared validator).
import { type Call, Fail, type Reply } from '../core/protocol.js';
import { uuid } from '../core/util.js';
import { type Dialect, type Input, dottedPath, validate } from '../core/validate.js';
import { BEDROCK_INPUTS, BEDROCK_ROUTES, BEDROCK_STATUS } from './model.js';

const NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock.agent/';

export function restJsonReply(status: number, body: unknown): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': uuid() },
    body: JSON.stringify(body),
  };
}

/**
 * restJson1 errors: the code in x-amzn-ErrorType (what both the JS SDK and botocore read
 * first), the message as lower-case `message` in the body, the model's httpError as status.
 */
export function restJsonError(status: number, code: string, message: string): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'application/json',
      'x-amzn-RequestId': uuid(),
      'x-amzn-ErrorType': `${code}:${NAMESPACE}`,
    },
    body: JSON.stringify({ message }),
    errorCode: code,
  };
}

export function bedrockError(code: string, message: string): Reply {
  return restJsonError(BEDROCK_STATUS[code] ?? 400, code, message);
}

interface Route {
  op: string;
  method: string;
  path: RegExp;
  labels: string[];
  status: number;
}

/** The model's http blocks as matchers; labels are matched raw and percent-decoded afterwards. */
const ROUTES: Route[] = Object.entries(BEDROCK_ROUTES).map(([op, http]) => {
  const labels: string[] = [];
  const path = http.requestUri.replace(/\{(\w+)\}/g, (_, name: string) => {
    labels.push(name);
    return '([^/]*)';
  });
  return {
    op,
    method: http.method,
    path: new RegExp(`^${path}$`),
    labels,
    status: http.responseCode,
  };
});

export function route(call: Call): { route: Route; labels: Record<string, string> } | undefined {
  for (const r of ROUTES) {
    if (r.method !== call.method) continue;
    const m = r.path.exec(call.path);
    if (!m) continue;
    const labels: Record<string, string> = {};
    r.labels.forEach((name, i) => {
      try {
        labels[name] = decodeURIComponent(m[i + 1]);
      } catch {
        labels[name] = m[i + 1];
      }
    });
    return { route: r, labels };
  }
  return undefined;
}

export const fail = (code: string, message: string) => new Fail(bedrockError(code, message));

/** How restJson1's deserializer names a JSON type in its messages (the runtime's too). */
export const NOUNS: Record<string, string> = {
  string: 'a string value',
  integer: 'an integer value',
  structure: 'an object',
  list: 'a list',
};

/**
 * restJson1 as bedrock-agent's front end answers it: members the model does not know are ignored
 * (JSON protocols are forward compatible), a member of the wrong JSON type is a
 * SerializationException (400) from the deserializer, and the Smithy model's anchored patterns
 * show as ^...$ in the coral messages, after the length violations.
 */
const BEDROCK: Dialect = {
  invalidCode: 'ValidationException',
  unknownMembers: 'ignore',
  memberPath: dottedPath,
  typeError: (path, rule) => `Expected ${NOUNS[rule.type]} for ${path}`,
  showPattern: (pattern) => `^${pattern}$`,
};

/**
 * The request's URI labels and body, checked against the operation's input shape; the labels
 * stand in for body members of the same name.
 */
export function checked(op: string, labels: Record<string, string>, body: Input): Input {
  const input = { ...body, ...labels };
  const invalid = validate(BEDROCK_INPUTS[op], input, BEDROCK);
  if (invalid) throw fail(invalid.code, invalid.message);
  return input;
}
