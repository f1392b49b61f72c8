// Request/answer shapes shared by the handlers (Call, Reply, Fail), JSON request bodies, and the
// awsJson1_1 (Kendra's errors; every awsJson answer) and awsQuery (STS) wire formats.
// restJson1 is Bedrock's alone, in sim/bedrock/protocol.ts.
import { uuid, xmlEscape } from './util.js';

/** A fully read HTTP request, as the handlers see it. */
export interface Call {
  method: string;
  /** Path as sent on the wire (still percent-encoded), without the query. */
  path: string;
  /** Raw query string without '?', as sent. */
  rawQuery: string;
  query: URLSearchParams;
  /** Node's rawHeaders: [name, value, name, value, ...] with original case and duplicates. */
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  now: number;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** For the request log. */
  errorCode?: string;
  accessKeyId?: string;
  region?: string;
  action?: string;
  parsedBody?: unknown;
}

/** An error answer thrown from deep in a handler; the handler's top level sends its reply. */
export class Fail {
  constructor(readonly reply: Reply) {}
}

export function header(call: Call, name: string): string | undefined {
  const v = call.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

/** A JSON request body as an object: {} for an empty body, undefined when it is not an object. */
export function jsonBody(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// ---- awsJson1_1 ---------------------------------------------------------------------------

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export function jsonReply(body: unknown, extra: Partial<Reply> = {}): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': uuid() },
    body: JSON.stringify(body),
    ...extra,
  };
}

/**
 * Errors modelled by Kendra carry `Message`; errors raised by the AWS front end before the
 * service runs (auth, unknown operation, serialization) carry lower-case `message`.
 * The SDK reads either; x-amzn-ErrorType is what it checks first.
 */
export function jsonError(
  status: number,
  code: string,
  message: string,
  opts: { modeled?: boolean } = {},
): Reply {
  const modeled = opts.modeled ?? true;
  const ns = modeled
    ? 'http://internal.amazon.com/coral/com.amazonaws.kendra/'
    : 'http://internal.amazon.com/coral/com.amazon.coral.service/';
  return {
    status,
    headers: {
      'Content-Type': JSON_CONTENT_TYPE,
      'x-amzn-RequestId': uuid(),
      'x-amzn-ErrorType': `${code}:${ns}`,
    },
    body: JSON.stringify(modeled ? { __type: code, Message: message } : { __type: code, message }),
    errorCode: code,
  };
}

// ---- awsQuery (STS) -----------------------------------------------------------------------

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function xmlReply(action: string, resultXml: string): Reply {
  const requestId = uuid();
  const body =
    `<${action}Response xmlns="${STS_XMLNS}">\n` +
    `  <${action}Result>\n${resultXml}  </${action}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</${action}Response>\n`;
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    body,
  };
}

export function xmlError(status: number, code: string, message: string): Reply {
  const requestId = uuid();
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${STS_XMLNS}">\n` +
    `  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(code)}</Code>\n` +
    `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
  return {
    status,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    body,
    errorCode: code,
  };
}
