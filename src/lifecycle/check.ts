// The search check, written once for every service: after the sync, search the container and
// look for the expected location among the top results. A just-ended job's documents may take
// seconds to be served, so a miss is searched again for a bounded time before it fails.
import { explain } from '../aws/explain.js';
import type { AwsCallError } from '../aws/call-error.js';
import { retry } from '../base/retry.js';
import { isTransientCall, retryLine } from './transient.js';
import * as log from '../base/log.js';
import {
  describeTarget,
  type CheckAsked,
  type CheckResult,
  type Outcome,
  type SearchResult,
  type SyncService,
} from '../model.js';
import { Deadline, formatDuration, type Clock } from '../time.js';

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
  if (!decision.run) return notRun(asked, decision.reason);
  const user = asked.user?.id;
  if (user !== undefined) log.debug(`The search check searches as check-user ${user}.`);
  const search: Search = (query, count) => service.search(containerId, query, count, user);
  // Like each wait, the check never searches past wait-timeout-minutes from its start.
  const { at: deadline } = Deadline.after(timeoutMinutes, clock);
  const checked = await runCheck(search, asked, { clock, deadline }).catch((error: unknown) =>
    checkError(asked, explain(error)),
  );
  const hint = service.terms.searchWithoutUser;
  // Not found without a user: access control may be what hid the page.
  if (checked.status !== 'not-found' || user !== undefined || !hint) return checked;
  return { ...checked, hint };
}

/** Whether `result` is the one looked for: its location (or ID) contains `expect`, case and all. */
function matches(result: SearchResult, expect: string): boolean {
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
  let searches = 0;
  let seen: SearchResult[] | undefined;
  let answeredAt = began;
  const searchOnce = async (): Promise<CheckResult> => {
    searches++;
    const results = (await search(query, count)).slice(0, count);
    answeredAt = clock.now();
    const rank = matchRank(results, expect, count);
    if (!rank) throw new NotFoundYet((seen = results));
    return { status: 'passed', ...asked, rank, results, searches, elapsedMs: answeredAt - began };
  };
  try {
    return await retry(searchOnce, {
      clock,
      deadline: Math.min(began + CHECK_WINDOW_MS, deadline),
      transient: (error) => error instanceof NotFoundYet || isTransientCall(error),
      // On a fixed schedule from the first search: a slow answer does not push the next one back.
      pause: () => Math.max(began + searches * CHECK_INTERVAL_MS - clock.now(), 0),
      say: (error, pause) => log.info(searchAgainLine(asked, error, formatDuration(pause))),
    });
  } catch (error) {
    if (!(error instanceof NotFoundYet || (seen && isTransientCall(error)))) throw error;
    // Stryker disable next-line ArrayDeclaration: equivalent: past the guard above, a search has answered and `seen` is set
    const results = seen ?? [];
    return { status: 'not-found', ...asked, results, searches, elapsedMs: answeredAt - began };
  }
}

/** A search that answered without the expected location among its top results. */
class NotFoundYet extends Error {
  constructor(readonly results: SearchResult[]) {
    // Stryker disable next-line StringLiteral: never shown: runCheck turns it into a not-found result
    super('not found yet');
  }
}

/** The line before the next search: why the last one did not pass. */
function searchAgainLine({ query, expect, count }: CheckAsked, error: unknown, pause: string) {
  const next = `searching again in ${pause}`;
  if (error instanceof NotFoundYet) {
    return `Search check: none of the first ${count} results for "${query}" is at a location containing "${expect}" yet (${error.results.length} came back); ${next}.`;
  }
  return retryLine('Search check: the search failed', error as AwsCallError, next);
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
