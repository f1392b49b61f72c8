// One loopback HTTP server for every simulated service. Each request is read in full, told apart
// by the first service whose `identify` recognises it (else by its SigV4 scope), logged,
// possibly faulted, delayed by the configured latency, then answered by that service.
import http from 'node:http';
import type { Socket } from 'node:net';
import { Bedrock, bedrockFaultError, bedrockMalformed } from '../bedrock/handler.js';
import { BedrockState } from '../bedrock/state.js';
import { FaultBook, faultError, malformed } from './faults.js';
import { Kendra } from '../kendra/handler.js';
import { KendraState } from '../kendra/state.js';
import { Logs, logsFaultError, logsMalformed } from '../logs/handler.js';
import { LogsState } from '../logs/state.js';
import { OidcIssuer } from '../identity/oidc.js';
import type { Call, Reply } from './protocol.js';
import { parseAuthorization } from './sigv4.js';
import type { SimState } from './identities.js';
import { Sts, looksLikeSts, stsParams } from '../identity/sts.js';
import type { FaultRule, RequestRecord, ServiceName } from '../types.js';

export const OIDC_PATH = '/oidc/token';

/**
 * One simulated service. Adding one is one entry in SimServer's `services` list: `identify`
 * names the operation a request is for (undefined: not this service), `handle` answers it.
 */
export interface SimService {
  name: ServiceName;
  /** SigV4 signing name, to route requests no `identify` recognises (errors in the right format). */
  signingName?: string;
  identify(call: Call): string | undefined;
  handle(call: Call): Reply;
  /** The request's parameters for the log, without side effects. Default: the JSON body. */
  params?(call: Call): unknown;
  /** An `error` fault's answer in this service's format. Default: faults.ts's faultError. */
  faultError?(rule: FaultRule): Reply;
  /** A `malformed` fault's cut-off 200 answer. Default: faults.ts's malformed. */
  malformed?(action: string): Reply;
}

export class SimServer {
  readonly server: http.Server;
  readonly faults = new FaultBook();
  readonly requests: RequestRecord[] = [];
  readonly oidc: OidcIssuer;
  latencyMs: number;
  /** Asked in order; the first whose `identify` answers serves the request. */
  private readonly services: SimService[];
  readonly kendraState: KendraState;
  readonly bedrockState: BedrockState;
  readonly logsState: LogsState;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = new Map<string, number>();
  private peaks = new Map<string, number>();
  private closed = false;

  constructor(state: SimState, latencyMs: number) {
    this.latencyMs = latencyMs;
    this.oidc = new OidcIssuer(state);
    const sts = new Sts(state, this.oidc);
    const credentials = (id: string) => state.credential(id);
    this.kendraState = new KendraState(state.account);
    const kendra = new Kendra(this.kendraState, credentials);
    this.bedrockState = new BedrockState(state.account);
    const bedrock = new Bedrock(this.bedrockState, credentials);
    this.logsState = new LogsState(
      (id, now) => {
        const job = this.kendraState.job(id);
        return job ? this.kendraState.view(job, now) : undefined;
      },
      (indexId) => this.kendraState.indexRegion(indexId),
    );
    const logs = new Logs(this.logsState, state.account, credentials);
    this.kendraState.onJob = (job, script) =>
      this.logsState.watchKendraJob(job.executionId, script);
    this.services = [
      {
        name: 'oidc',
        identify: (call) => (call.path === OIDC_PATH ? 'GetIdToken' : undefined),
        handle: (call) => this.oidc.handle(call),
        params: (call) => Object.fromEntries(call.query),
      },
      {
        name: 'kendra',
        signingName: 'kendra',
        identify: (call) => Kendra.operationOf(call) || undefined,
        handle: (call) => kendra.handle(call),
      },
      {
        name: 'sts',
        signingName: 'sts',
        identify: (call) =>
          looksLikeSts(call) ? (stsParams(call).get('Action') ?? '') : undefined,
        handle: (call) => sts.handle(call),
        params: (call) => Object.fromEntries(stsParams(call)),
      },
      {
        name: 'bedrock',
        signingName: 'bedrock',
        identify: (call) => Bedrock.operationOf(call),
        handle: (call) => bedrock.handle(call),
        faultError: bedrockFaultError,
        malformed: bedrockMalformed,
      },
      {
        name: 'logs',
        signingName: 'logs',
        identify: (call) => Logs.operationOf(call) || undefined,
        handle: (call) => logs.handle(call),
        faultError: logsFaultError,
        malformed: logsMalformed,
      },
    ];
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    // Long keep-alive: a client reusing an idle socket must never race the server closing it.
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Destroys every socket, hung ones included, so callers (and jest) can finish. */
  close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
    });
  }

  resetStats(): void {
    this.requests.length = 0;
    this.peaks.clear();
  }

  maxInFlight(service?: string): number {
    return this.peaks.get(service ?? '*') ?? 0;
  }

  private track(service: string, delta: number): void {
    for (const key of [service, '*']) {
      const n = (this.inFlight.get(key) ?? 0) + delta;
      this.inFlight.set(key, n);
      if (n > (this.peaks.get(key) ?? 0)) this.peaks.set(key, n);
    }
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const record: RequestRecord = { service: 'unknown', action: '', at: Date.now(), status: 0 };
    this.requests.push(record);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const call: Call = {
        method: req.method ?? 'GET',
        path: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body: Buffer.concat(chunks),
        now: Date.now(),
      };
      void this.serve(call, req, res, record);
    });
  }

  private identify(call: Call): { service: ServiceName; action: string } {
    for (const service of this.services) {
      const action = service.identify(call);
      if (action !== undefined) return { service: service.name, action };
    }
    // Unrecognisable payload: fall back on the signing scope, so errors come in the right format.
    const auth = call.headers['authorization'];
    const parsed = typeof auth === 'string' ? parseAuthorization(auth) : undefined;
    const signer =
      parsed && typeof parsed !== 'string'
        ? this.services.find((s) => s.signingName === parsed.service)
        : undefined;
    return { service: signer?.name ?? 'unknown', action: '' };
  }

  private async serve(
    call: Call,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RequestRecord,
  ) {
    const { service, action } = this.identify(call);
    record.service = service;
    record.action = action;
    this.track(service, +1);
    let released = false;
    const release = () => {
      if (!released) this.track(service, -1);
      released = true;
    };
    res.on('close', release);

    const fault = service === 'unknown' ? undefined : this.faults.match(service, action);
    if (fault) record.fault = fault.kind;

    if (fault?.kind === 'reset') {
      this.fillRecord(record, this.peek(service, call));
      release();
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      // Read, logged, never answered: the socket stays open until the client or close() ends it.
      this.fillRecord(record, this.peek(service, call));
      return;
    }
    if (fault?.kind === 'delay') await this.wait(fault.delayMs ?? 1000);
    if (fault?.kind === 'lost-answer') {
      // The service acts on the request, but the answer never arrives (a dropped connection on
      // the way back): a client's retry then meets the effects of its first attempt.
      this.fillRecord(record, this.handle(service, call));
      release();
      req.socket.destroy();
      return;
    }

    const entry = this.services.find((s) => s.name === service);
    let reply: Reply;
    if (fault?.kind === 'error') {
      const answer = entry?.faultError?.(fault) ?? faultError(service, fault);
      reply = { ...answer, ...this.describe(service, call) };
    } else if (fault?.kind === 'malformed') {
      const answer = entry?.malformed?.(action) ?? malformed(service, action);
      reply = { ...answer, ...this.describe(service, call) };
    } else reply = this.handle(service, call);

    await this.wait(this.latencyMs);
    if (this.closed || res.destroyed) return;
    this.fillRecord(record, reply);
    record.status = reply.status;
    const body = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
    res.end(body);
    // Released here, not on 'close', so a client's next request never overlaps this one.
    release();
  }

  /** Log details (parameters, key) of a faulted request, which never reaches its handler. */
  private describe(service: ServiceName, call: Call): Partial<Reply> {
    const r = this.peek(service, call);
    return { parsedBody: r.parsedBody, accessKeyId: r.accessKeyId, region: r.region };
  }

  private handle(service: ServiceName, call: Call): Reply {
    const handler = this.services.find((s) => s.name === service);
    if (handler) return handler.handle(call);
    return {
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: `No simulated service at ${call.method} ${call.path}` }),
      errorCode: 'NotFound',
    };
  }

  /** Log-only view of a request (no side effects): its parameters and signing key id. */
  private peek(service: ServiceName, call: Call): Reply {
    const auth = call.headers['authorization'];
    const parsed = typeof auth === 'string' ? parseAuthorization(auth) : undefined;
    const signed = parsed && typeof parsed !== 'string' ? parsed : undefined;
    const entry = this.services.find((s) => s.name === service);
    let parsedBody: unknown;
    if (entry?.params) parsedBody = entry.params(call);
    else {
      try {
        parsedBody = JSON.parse(call.body.toString('utf8') || '{}');
      } catch {
        parsedBody = undefined;
      }
    }
    return {
      status: 0,
      headers: {},
      body: '',
      parsedBody,
      accessKeyId: signed?.accessKeyId,
      region: signed?.region,
    };
  }

  private fillRecord(record: RequestRecord, reply: Reply): void {
    if (reply.action) record.action = reply.action;
    if (reply.errorCode) record.errorCode = reply.errorCode;
    if (reply.accessKeyId) record.accessKeyId = reply.accessKeyId;
    if (reply.region) record.region = reply.region;
    if (reply.parsedBody !== undefined) record.body = reply.parsedBody;
  }
}
