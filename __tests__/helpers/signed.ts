// Hand-built SigV4 requests to the simulator (@smithy/signature-v4 signs), for the wire
// details the SDK clients never send: ill-typed members, unknown routes, raw error shapes.
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './raw.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

export async function signedRequest(
  url: string,
  creds: Creds,
  req: {
    service: string;
    region?: string;
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<RawAnswer> {
  const port = Number(new URL(url).port);
  const signer = new SignatureV4({
    credentials: creds,
    region: req.region ?? 'us-east-1',
    service: req.service,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: req.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: req.path,
    query: {},
    headers: { host: `127.0.0.1:${port}`, ...req.headers },
    body: req.body,
  });
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: signed.headers as Record<string, string>,
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON: callers look at text
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, json });
        });
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}
