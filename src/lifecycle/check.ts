// The search check, written once for every service: after the sync, search the container and
// look for the expected location among the top results. A just-ended job's documents may take
// seconds to be served, so a miss is searched again for a bounded time before it fails.
import { withRequestId } from '../aws/diagnostics.js';
import { explain } from '../aws/explain.js';
import { isTransient } from '../errors.js';
import { AwsCallError } from '../aws/call-error.js';
import { logCheck } from '../report/check.js';
import * as log from '../base/log.js';
import {
  describeTarget,
  type CheckAsked,
  type CheckResult,
  type Outcome,
  type SearchResult,
  type SyncService,
} from '../model.js';
import { formatDuration, type Clock } from '../time.js';

/** From the start of one search to the start of the next. */
export const CHECK_INTERVAL_MS = 10_000;
/** No search starts later than this after the first one. */
export const CHECK_WINDOW_MS = 60_000;

/** The service's search of the container: its top `count` results, best first. */
export type Search = (query: string, count: number) => Promise<SearchResult[]>;

export interface CheckOptions {
  clock: Clock;
  /** Epoch ms after which no search starts (wait-timeout-minutes); the first one always does. */
  deadline: number;
}

/**
 * The check after the sync, as the inputs ask it: run when every job ended succeeded or
 * incomplete, else not run and why. Never throws: a failed search is a failed check.
 */
export async function checkSearchable(
  service: SyncService,
  containerId: string,
  asked: CheckAsked,
  synced: Synced[],
  { clock, timeoutMinutes }: { clock: Clock; timeoutMinutes: number },
): Promise<CheckResult> {
  const decision = decideCheck(synced);
  let check: CheckResult;
  if (!decision.run) {
    check = notRun(asked, decision.reason);
  } else {
    const search: Search = (query, count) => service.search(containerId, query, count);
    // Like each wait, the check never searches past wait-timeout-minutes from its start.
    const deadline = clock.now() + timeoutMinutes * 60_000;
    check = await runCheck(search, asked, { clock, deadline }).catch((error: unknown) =>
      checkError(asked, explain(error)),
    );
  }
  logCheck(check);
  return check;
}

/** Whether `result` is the one looked for: its location (or ID) contains `expect`, case and all. */
export function matches(result: SearchResult, expect: string): boolean {
  return result.location.includes(expect) || (result.documentId?.includes(expect) ?? false);
}

/** The 1-based rank of the first of the top `count` results that matches, or undefined. */
export function matchRank(
  results: SearchResult[],
  expect: string,
  count: number,
): number | undefined {
  const index = results.slice(0, count).findIndex((result) => matches(result, expect));
  return index < 0 ? undefined : index + 1;
}

/**
 * Searches until a top result matches, at most every CHECK_INTERVAL_MS for CHECK_WINDOW_MS and
 * never starting a search past the deadline. A denied or otherwise permanent failure throws at
 * once (an AwsCallError); a transient one (throttling, 5xx) is searched again on the same
 * schedule, and thrown only if no search ever answered.
 */
export async function runCheck(
  search: Search,
  asked: CheckAsked,
  { clock, deadline }: CheckOptions,
): Promise<CheckResult> {
  const { query, expect, count } = asked;
  const began = clock.now();
  const lastStart = Math.min(began + CHECK_WINDOW_MS, deadline);
  let seen: SearchResult[] | undefined;
  let answeredAt = began;
  for (let searches = 1; ; searches++) {
    let failed: AwsCallError | undefined;
    try {
      const results = (await search(query, count)).slice(0, count);
      answeredAt = clock.now();
      const rank = matchRank(results, expect, count);
      const elapsedMs = answeredAt - began;
      if (rank) return { status: 'passed', ...asked, rank, results, searches, elapsedMs };
      seen = results;
    } catch (error) {
      if (!(error instanceof AwsCallError && isTransient(error.cause))) throw error;
      failed = error;
    }
    // On a fixed schedule from the first search: a slow answer does not push the next one back.
    const nextStart = Math.max(began + searches * CHECK_INTERVAL_MS, clock.now());
    if (nextStart > lastStart) {
      if (!seen && failed) throw failed;
      const results = seen ?? [];
      return { status: 'not-found', ...asked, results, searches, elapsedMs: answeredAt - began };
    }
    const pause = nextStart - clock.now();
    log.info(
      failed
        ? withRequestId(
            `Search check: the search failed (${failed.name}: ${failed.message}); searching again in ${formatDuration(pause)}.`,
            failed,
          )
        : `Search check: none of the first ${count} results for "${query}" is at a location containing "${expect}" yet (${seen?.length ?? 0} came back); searching again in ${formatDuration(pause)}.`,
    );
    await clock.sleep(pause);
  }
}

/** What the check needs to know of each data source: how its sync ended. */
export interface Synced {
  outcome: Outcome;
  /** Undefined for a data source given by a name that was not found. */
  dataSourceId?: string;
  dataSourceName?: string;
}

export type CheckDecision = { run: true } | { run: false; reason: string };

/**
 * The check runs only once every data source's job ended succeeded or incomplete: after a
 * failure, a stop or a timeout the step fails already, and a skipped sync synced nothing new.
 */
export function decideCheck(synced: Synced[]): CheckDecision {
  if (synced.length === 0) return { run: false, reason: 'no data source was synced' };
  const why = synced.flatMap((source) => {
    const which = source.dataSourceId
      ? describeTarget({ dataSourceId: source.dataSourceId, dataSourceName: source.dataSourceName })
      : `data source "${source.dataSourceName ?? ''}"`;
    switch (source.outcome) {
      case 'failed':
        return [`the sync of ${which} failed`];
      case 'stopped':
        return [`the sync job on ${which} was stopped`];
      case 'timed-out':
        return [`the wait for the sync job on ${which} timed out`];
      case 'skipped':
        return [`${which} was already syncing and if-running is skip, so nothing new was synced`];
      case 'started':
        return [`the sync job on ${which} was not waited for`];
      default:
        return [];
    }
  });
  if (why.length === 0) return { run: true };
  return {
    run: false,
    reason: `${why.join('; ')}. The check searches only after every sync job ended succeeded or incomplete.`,
  };
}

/** The result of a check that did not run. */
export const notRun = (asked: CheckAsked, reason: string): CheckResult => ({
  status: 'not-run',
  ...asked,
  reason,
});

/** The result of a check whose search failed, with the failure in the user's terms (explain()). */
export const checkError = (asked: CheckAsked, message: string): CheckResult => ({
  status: 'error',
  ...asked,
  message,
});
