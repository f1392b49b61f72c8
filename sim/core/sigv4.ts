// AWS Signature Version 4 verification (header form), rebuilt from the request exactly as
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html describes it.
// Verified against both the AWS SDK for JavaScript v3 and botocore.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Call } from './protocol.js';
import type { Credential } from './identities.js';
import { amzDate, parseAmzDate, sha256Hex } from './util.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 5 * 60_000;

export type SigFailureKind =
  | 'missing' // no Authorization header at all
  | 'incomplete' // Authorization header malformed / required parts missing
  | 'unknownKey' // access key id not known
  | 'badToken' // session token missing or wrong for the key
  | 'expiredCreds' // credentials past their expiry
  | 'expiredSig' // x-amz-date too far from now
  | 'mismatch'; // signature (or scope) does not match

/** The error code the AWS JSON front ends (Kendra, Bedrock, CloudWatch Logs) answer each with. */
export const AUTH_ERRORS: Record<SigFailureKind, string> = {
  missing: 'MissingAuthenticationTokenException',
  incomplete: 'IncompleteSignatureException',
  unknownKey: 'UnrecognizedClientException',
  badToken: 'UnrecognizedClientException',
  expiredCreds: 'ExpiredTokenException',
  expiredSig: 'InvalidSignatureException',
  mismatch: 'InvalidSignatureException',
};

export interface SigFailure {
  ok: false;
  kind: SigFailureKind;
  message: string;
  accessKeyId?: string;
  region?: string;
}

export interface SigSuccess {
  ok: true;
  cred: Credential;
  accessKeyId: string;
  region: string;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string): ParsedAuthorization | string {
  const trimmed = value.trim();
  if (!trimmed.startsWith(ALGORITHM + ' ')) {
    const alg = trimmed.split(/\s/)[0];
    return `Unsupported AWS 'algorithm': '${alg}'`;
  }
  const params = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !params.get(k));
  if (missing.length) {
    return missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' ');
  }
  const scope = params.get('Credential')!.split('/');
  if (scope.length !== 5) {
    return `Credential should be scoped to a valid region, service and terminator: '${params.get('Credential')}'.`;
  }
  const [accessKeyId, date, region, service, terminator] = scope;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: params.get('SignedHeaders')!.split(';'),
    signature: params.get('Signature')!,
  };
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XX (upper-case). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Non-S3 services: normalise the path, then encode each (already encoded) segment once more. */
function canonicalUri(wirePath: string): string {
  const segments: string[] = [];
  for (const seg of wirePath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const trailing = segments.length > 0 && wirePath.endsWith('/') ? '/' : '';
  return '/' + segments.map(uriEncode).join('/') + trailing;
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const pairs = rawQuery
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf('=');
      const k = eq < 0 ? p : p.slice(0, eq);
      const v = eq < 0 ? '' : p.slice(eq + 1);
      return [uriEncode(safeDecode(k)), uriEncode(safeDecode(v))] as const;
    })
    .filter(([k]) => k !== 'X-Amz-Signature');
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Values of every occurrence of each signed header, trimmed, inner whitespace collapsed, joined by ','. */
function canonicalHeaders(rawHeaders: string[], signed: string[]): string {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const list = values.get(name) ?? [];
    list.push(rawHeaders[i + 1].trim().replace(/\s+/g, ' '));
    values.set(name, list);
  }
  return signed.map((h) => `${h}:${(values.get(h) ?? []).join(',')}\n`).join('');
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secret)
    .update(date)
    .digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

function canonicalRequest(call: Call, signedHeaders: string[], payloadHash: string): string {
  return [
    call.method,
    canonicalUri(call.path),
    canonicalQuery(call.rawQuery),
    canonicalHeaders(call.rawHeaders, signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

function fail(kind: SigFailureKind, message: string, extra: Partial<SigFailure> = {}): SigFailure {
  return { ok: false, kind, message, ...extra };
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Authenticate a SigV4-signed request for `service`. Checks run in the order AWS applies them:
 * header syntax, key, session token, clock skew, scope, signature, then credential expiry.
 */
export function verifySigV4(
  call: Call,
  service: string,
  lookup: (accessKeyId: string) => Credential | undefined,
): SigSuccess | SigFailure {
  const authz = call.headers['authorization'];
  const authValue = Array.isArray(authz) ? authz[0] : authz;
  if (!authValue) {
    if (call.query.has('X-Amz-Signature')) {
      return fail(
        'incomplete',
        'Presigned (query string) SigV4 requests are not supported by the simulator.',
      );
    }
    return fail('missing', 'Missing Authentication Token');
  }
  const parsed = parseAuthorization(authValue);
  if (typeof parsed === 'string') return fail('incomplete', parsed);
  const ids = { accessKeyId: parsed.accessKeyId, region: parsed.region };

  const xAmzDate = call.headers['x-amz-date'];
  const dateValue = Array.isArray(xAmzDate) ? xAmzDate[0] : xAmzDate;
  if (!dateValue) {
    return fail(
      'incomplete',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      ids,
    );
  }
  const signedAt = parseAmzDate(dateValue);
  if (signedAt === undefined) {
    return fail('incomplete', `Date must be in ISO-8601 'basic format'. Got '${dateValue}'.`, ids);
  }

  const cred = lookup(parsed.accessKeyId);
  if (!cred)
    return fail('unknownKey', 'The security token included in the request is invalid.', ids);
  const tokenHeader = call.headers['x-amz-security-token'];
  const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
  if ((cred.sessionToken ?? undefined) !== (token ?? undefined)) {
    return fail('badToken', 'The security token included in the request is invalid.', ids);
  }

  if (signedAt < call.now - MAX_SKEW_MS) {
    return fail(
      'expiredSig',
      `Signature expired: ${dateValue} is now earlier than ${amzDate(call.now - MAX_SKEW_MS)} (${amzDate(call.now)} - 5 min.)`,
      ids,
    );
  }
  if (signedAt > call.now + MAX_SKEW_MS) {
    return fail(
      'expiredSig',
      `Signature not yet current: ${dateValue} is still later than ${amzDate(call.now + MAX_SKEW_MS)} (${amzDate(call.now)} + 5 min.)`,
      ids,
    );
  }

  if (parsed.terminator !== 'aws4_request') {
    return fail(
      'incomplete',
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${parsed.terminator}'.`,
      ids,
    );
  }
  if (parsed.service !== service) {
    return fail('mismatch', `Credential should be scoped to correct service: '${service}'. `, ids);
  }
  if (parsed.date !== dateValue.slice(0, 8)) {
    return fail(
      'mismatch',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${dateValue.slice(0, 8)}', from '${dateValue}'.`,
      ids,
    );
  }
  if (!parsed.signedHeaders.includes('host')) {
    return fail(
      'mismatch',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      ids,
    );
  }
  if (!parsed.signedHeaders.includes('x-amz-date')) {
    return fail('mismatch', "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.", ids);
  }

  // The body hash is always computed from the bytes received: a client-supplied
  // x-amz-content-sha256 must agree with it, or a tampered body would pass.
  const payloadHash = sha256Hex(call.body);
  const declared = call.headers['x-amz-content-sha256'];
  if (typeof declared === 'string' && declared !== payloadHash && declared !== 'UNSIGNED-PAYLOAD') {
    return fail('mismatch', MISMATCH, ids);
  }
  const creq = canonicalRequest(call, parsed.signedHeaders, payloadHash);
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = [ALGORITHM, dateValue, scope, sha256Hex(creq)].join('\n');
  const key = signingKey(cred.secretAccessKey, parsed.date, parsed.region, parsed.service);
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = /^[0-9a-f]{64}$/.test(parsed.signature)
    ? Buffer.from(parsed.signature, 'hex')
    : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // AWS appends what it computed; handy when a client and the sim disagree.
    return fail(
      'mismatch',
      `${MISMATCH}\n\nThe Canonical String for this request should have been\n'${creq}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
      ids,
    );
  }

  if (cred.expiresAt !== undefined && call.now >= cred.expiresAt) {
    return fail('expiredCreds', 'The security token included in the request is expired', ids);
  }
  return { ok: true, cred, accessKeyId: parsed.accessKeyId, region: parsed.region };
}
