// One loopback HTTP server for every simulated service. Each request is read in full, told apart
// by the first service whose `identify` recognises it (else by its SigV4 scope), logged,
// possibly faulted, delayed by the configured latency, then answered by that service.
import http from 'node:http';
import type { Socket } from 'node:net';
import { bedrockService } from '../bedrock/service.js';
import { bedrockRuntimeService } from '../bedrock-runtime/service.js';
import { BedrockState } from '../bedrock/state.js';
import { bedrockJobFacts } from '../bedrock/documents.js';
import { OidcIssuer } from '../identity/oidc.js';
import { oidcService, stsService } from '../identity/service.js';
import { Sts } from '../identity/sts.js';
import { kendraService } from '../kendra/service.js';
import { KendraState } from '../kendra/state.js';
import { logsService } from '../logs/service.js';
import { LogsState } from '../logs/state.js';
import type { RequestRecord, ServiceName } from '../types.js';
import { FaultBook } from './faults.js';
import type { SimState } from './identities.js';
import type { Call, Reply } from './protocol.js';
import type { SimService } from './service.js';
import { parseAuthorization } from './sigv4.js';

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
    const credentials = (id: string) => state.credential(id);
    this.kendraState = new KendraState(state.account);
    this.bedrockState = new BedrockState(state.account);
    this.logsState = new LogsState(
      (id, now) => {
        const job = this.kendraState.job(id);
        return job ? this.kendraState.view(job, now) : undefined;
      },
      (indexId) => this.kendraState.indexRegion(indexId),
      (id, now) => bedrockJobFacts(this.bedrockState, id, now),
    );
    // Kendra writes its failed documents to CloudWatch Logs when a job ends.
    this.kendraState.onJob = (job, script) =>
      this.logsState.watchKendraJob(job.executionId, script);
    // Bedrock writes its application logs where the knowledge base delivers them.
    this.bedrockState.onJob = (job) => this.logsState.bedrock.watch(job.id);
    // A new service: its folder's factory, one entry here, its name in types.ts's ServiceName.
    this.services = [
      oidcService(this.oidc),
      kendraService(this.kendraState, credentials),
      stsService(new Sts(state, this.oidc)),
      // Before bedrock-agent, which claims every other /knowledgebases path.
      bedrockRuntimeService(this.bedrockState, credentials),
      bedrockService(this.bedrockState, credentials),
      logsService(this.logsState, state.account, credentials),
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
      const answer = entry!.faultError(fault);
      reply = { ...answer, ...this.describe(service, call) };
    } else if (fault?.kind === 'malformed') {
      const answer = entry!.malformed(action);
      reply = { ...answer, ...this.describe(service, call) };
    } else reply = this.handle(service, call);

    await this.wait(this.latencyMs);
    if (this.closed || res.destroyed) return;
    this.fillRecord(record, reply);
    record.status = reply.status;
    // The ID the action must report for this answer (AWS's x-amzn-RequestId; STS's is in its XML too).
    const requestId = reply.headers?.['x-amzn-RequestId'];
    if (requestId) record.requestId = String(requestId);
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
