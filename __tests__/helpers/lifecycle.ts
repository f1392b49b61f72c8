/** Small helpers for the sync-lifecycle end-to-end tests: the simulator's log, the child's log. */
import type { RequestRecord, Simulator } from '../../sim/types.js';

export const LIST = 'ListDataSourceSyncJobs';

/** Kendra requests of one operation, in arrival order. */
export function kendraCalls(sim: Simulator, action: string): RequestRecord[] {
  return sim.requests.filter((r) => r.service === 'kendra' && r.action === action);
}

/** `status` of each request, or the error code it was answered with. */
export function outcomes(requests: RequestRecord[]): Array<string | number> {
  return requests.map((r) => r.errorCode ?? r.status);
}

/** The body of a ListDataSourceSyncJobs request, as the simulator parsed it. */
export function listBody(request: RequestRecord): {
  Id?: string;
  NextToken?: string;
  StartTimeFilter?: { StartTime: number; EndTime: number };
} {
  return request.body as never;
}

/** Gaps in ms between consecutive requests. */
export function gaps(requests: RequestRecord[]): number[] {
  return requests.slice(1).map((r, i) => r.at - requests[i].at);
}

/** Resolves once the child's log matches `pattern` (polled; the child keeps running). */
export function whenLogged(
  stdout: () => string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const match = pattern.exec(stdout());
      if (match) {
        clearInterval(timer);
        resolve(match);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`the log never matched ${pattern}:\n${stdout()}`));
      }
    }, 10);
  });
}

/** Cells of the job summary's table rows (header row first), tags stripped. */
export function summaryRows(summary: string): string[][] {
  return [...summary.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) =>
    [...row[1].matchAll(/<t[hd]>(.*?)<\/t[hd]>/gs)].map((cell) => cell[1].replace(/<[^>]+>/g, '')),
  );
}

export const ago = (ms: number): Date => new Date(Date.now() - ms);

/** Inputs for a quick poll, and for following a job to its end with it. */
export const FAST = { 'poll-interval-seconds': '1' };
export const WAIT = { 'wait-for-completion': 'true', ...FAST };
