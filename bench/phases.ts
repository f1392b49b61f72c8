/**
 * The requests the simulator sees, timed in this process: where a run's wall time went, from
 * spawn to exit, split at the moments the simulator received each request and answered it.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Phases {
  startup: number;
  oidc: number;
  afterOidc: number;
  sts: number;
  afterSts: number;
  start: number;
  afterStart: number;
}

export const PHASES: Array<[keyof Phases, string]> = [
  ['startup', 'spawn → OIDC request'],
  ['oidc', 'OIDC answer (sim)'],
  ['afterOidc', 'OIDC answer → STS request'],
  ['sts', 'STS answer (sim)'],
  ['afterSts', 'STS answer → start request'],
  ['start', 'start answer (sim)'],
  ['afterStart', 'start answer → exit'],
];

/** The three requests of a run: the token, STS, the service's start call. */
type Request = 'oidc' | 'sts' | 'start';
interface WireEvent {
  request: Request;
  start: number;
  finish?: number;
}
let wire: WireEvent[] = [];
const pending = new Map<IncomingMessage, WireEvent>();

diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  const kind: Request = request.url?.startsWith('/oidc')
    ? 'oidc'
    : /x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')
      ? 'sts'
      : 'start';
  const event: WireEvent = { request: kind, start: performance.now() };
  wire.push(event);
  pending.set(request, event);
});
diagnostics.subscribe('http.server.response.finish', (message) => {
  const { request } = message as { request: IncomingMessage };
  const event = pending.get(request);
  if (event) event.finish = performance.now();
  pending.delete(request);
});

/** Forget the previous run's requests: called just before a run spawns. */
export function clearWire(): void {
  wire = [];
}

/** The run's phases, or undefined if one of its three requests was not seen through. */
export function phasesOf(t0: number, exitAt: number): Phases | undefined {
  const first = (request: Request): WireEvent | undefined =>
    wire.find((event) => event.request === request);
  const [oidc, sts, start] = [first('oidc'), first('sts'), first('start')];
  if (!oidc?.finish || !sts?.finish || !start?.finish) return undefined;
  return {
    startup: oidc.start - t0,
    oidc: oidc.finish - oidc.start,
    afterOidc: sts.start - oidc.finish,
    sts: sts.finish - sts.start,
    afterSts: start.start - sts.finish,
    start: start.finish - start.start,
    afterStart: exitAt - start.finish,
  };
}
