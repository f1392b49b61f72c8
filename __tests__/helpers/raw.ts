/** Requests to the simulator exactly as written (any body, any header), SigV4-signed or not. */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

/** Minimal hash constructor for @smithy/signature-v4 (hash, or HMAC when given a key). */
export class Sha256 {
  private h;
  constructor(secret?: Data) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: Data) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
  reset() {}
}

interface RawRequest {
  headers: Record<string, string>;
  body: string;
  /** Sign for this service and Region; unsigned when `creds` is absent. */
  creds?: Creds;
  service?: string;
  region?: string;
}

async function rawRequest(url: string, req: RawRequest): Promise<RawReply> {
  const port = Number(new URL(url).port);
  let headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...req.headers };
  if (req.creds) {
    const signer = new SignatureV4({
      credentials: req.creds,
      region: req.region ?? 'us-east-1',
      service: req.service ?? 'kendra',
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      query: {},
      headers,
      body: req.body,
    });
    headers = signed.headers as Record<string, string>;
  }
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) h[k] = Array.isArray(v) ? v.join(',') : v;
          }
          resolve({ status: res.statusCode!, headers: h, body: text });
        });
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** A Kendra (awsJson1_1) call with any JSON body. */
export function rawKendra(
  url: string,
  creds: Creds,
  operation: string,
  input: unknown,
  opts: { region?: string; contentType?: string } = {},
): Promise<RawReply> {
  return rawRequest(url, {
    creds,
    service: 'kendra',
    region: opts.region,
    headers: {
      'content-type': opts.contentType ?? 'application/x-amz-json-1.1',
      'x-amz-target': `AWSKendraFrontendService.${operation}`,
    },
    body: typeof input === 'string' ? input : JSON.stringify(input),
  });
}

/** An STS (awsQuery) call with any form parameters; signed when `creds` is given. */
export function rawSts(
  url: string,
  params: Record<string, string>,
  creds?: Creds,
): Promise<RawReply> {
  return rawRequest(url, {
    creds,
    service: 'sts',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
  });
}
