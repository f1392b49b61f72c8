// The service-neutral model of a sync: what the lifecycle (sync, wait, cancel, names, report)
// knows. It imports no SDK, so everything above it loads statically; each service (kendra.ts)
// maps its wire vocabulary into these types.
import type { Clock } from './time.js';

export type ServiceId = 'kendra' | 'bedrock';

/** A data source in its container (a Kendra index, a Bedrock knowledge base). */
export interface Target {
  containerId: string;
  dataSourceId: string;
  dataSourceName?: string;
}

export interface Metrics {
  added: number;
  modified: number;
  deleted: number;
  failed: number;
  scanned: number;
}

/** How a job ended, in words that do not depend on the service. */
export type EndedOutcome = 'succeeded' | 'incomplete' | 'failed' | 'stopped';

/** The `outcome` output: a job's end, or what the step did when it did not follow one. */
export type Outcome = EndedOutcome | 'timed-out' | 'started' | 'skipped';

/** Worst first (contract): over several data sources the `outcome` output is the worst one. */
export const OUTCOME_SEVERITY: readonly Outcome[] = [
  'failed',
  'timed-out',
  'stopped',
  'incomplete',
  'started',
  'skipped',
  'succeeded',
];

export interface SyncJob {
  executionId: string;
  /** The data source the job syncs (a running job found in a knowledge base may be another's). */
  dataSourceId: string;
  /** The service's own status word, as its console and CLI show it. */
  status: string;
  /** Set once the job has ended; undefined while it runs. */
  outcome?: EndedOutcome;
  startTime?: Date;
  endTime?: Date;
  metrics: Metrics;
  errorMessage?: string;
  errorCode?: string;
  /** What the service says about a job that did not fail (e.g. files it skipped): warnings. */
  notes?: string[];
  /** Every reason the service gave for what went wrong (Bedrock's failureReasons). */
  reasons?: string[];
}

export const isRunning = (job: SyncJob): boolean => job.outcome === undefined;

/** A document a sync could not index, as the service recorded it. */
export interface FailedDocument {
  documentId?: string;
  /** Where the document lives: a URL or an S3 path. */
  uri?: string;
  errorCode?: string;
  message: string;
}

/** What could be learnt about a job's failed documents. */
export interface FailedDocuments {
  /** The ones to show, at most the failed-documents input. */
  documents: FailedDocument[];
  /** How many more failed than are shown. */
  more: number;
  /** Where to see them all. */
  link?: string;
  /** Why none could be shown (no permission, no log group, no entries yet), with what to do. */
  note?: string;
}

/** A container or data source as a listing names it. */
export interface Named {
  id: string;
  name: string;
}

/** What a start request came to. */
export type StartAnswer =
  /** `status`: the service's word for a job it just started. */
  | { started: true; executionId: string; status: string }
  /**
   * The service refused because a job is already running: on this data source or its container
   * (`running` is then worth looking up), or anywhere in the account (a quota: nothing to find).
   */
  | { started: false; busy: 'container' | 'account'; reason: string };

export interface StartOptions {
  /** Epoch ms by which the start must have got through (the service may retry until then). */
  deadline: number;
  clock: Clock;
}

/** The words a service's messages use for its parts. */
export interface Terms {
  /** "Kendra", "Bedrock". */
  service: string;
  /** "index", "knowledge base". */
  container: string;
  /** "indexes", "knowledge bases". */
  containers: string;
  /** The inputs that name the container: "index-id", "index-name". */
  containerIdInput: string;
  containerNameInput: string;
  /** The name of the running-job refusal, for messages: "ResourceInUseException". */
  busyError: string;
}

/**
 * What the lifecycle needs from a service. Each implementation owns its SDK client, its wire
 * vocabulary and its quirks; every call fails as an AwsCallError the service can explain.
 */
export interface SyncService {
  readonly id: ServiceId;
  readonly region: string;
  readonly terms: Terms;
  /** Only one job at a time per container, across its data sources: the step queues its own. */
  readonly oneJobPerContainer: boolean;

  /** Starts a sync of the data source, or says it is busy. */
  startJob(target: Target, options: StartOptions): Promise<StartAnswer>;
  /**
   * The job with this execution ID, or undefined while the service does not list it yet.
   * `startedAfter` may narrow the look-up (the job started after it).
   */
  getJob(
    target: Target,
    executionId: string,
    options?: { startedAfter?: Date; abortSignal?: AbortSignal },
  ): Promise<SyncJob | undefined>;
  /** A job that keeps the data source from starting: running on it (or on its container). */
  findRunningJob(target: Target): Promise<SyncJob | undefined>;
  /** Stops the job; with an abort signal (cancellation) the call has its own deadline. */
  stopJob(
    target: Target,
    executionId: string,
    options: { abortSignal: AbortSignal },
  ): Promise<void>;
  listContainers(): Promise<Named[]>;
  listDataSources(containerId: string): Promise<Named[]>;
  /** The service's clock as the SDK knows it (corrected for skew). */
  now(): Date;
  /** Where a person sees the data source (Kendra) or its container (Bedrock). */
  consoleLink(target: Target): string;
  /** Which documents an ended job failed on, and why: at most `limit`; never throws. */
  failedDocuments(target: Target, job: SyncJob, limit: number): Promise<FailedDocuments>;
  /** A CLI command that shows the job, for messages about a job left running. */
  followCommand(target: Target, executionId: string): string;
  /** The container's top `count` results for a query (the search check); loads its code lazily. */
  search(containerId: string, query: string, count: number): Promise<SearchResult[]>;
  close(): void;
}

/** How logs and errors name a data source: by name and ID when the name is known. */
export function describeTarget(target: Pick<Target, 'dataSourceId' | 'dataSourceName'>): string {
  return target.dataSourceName
    ? `data source "${target.dataSourceName}" (${target.dataSourceId})`
    : `data source ${target.dataSourceId}`;
}

/** One result of a search of the container (the search check), best first as the service ranks it. */
export interface SearchResult {
  /** Where the document lives: its URL, S3 URI or ID, as the service gives it. */
  location: string;
  /** The document's ID, when the service gives one besides its location (check-expect may match it). */
  documentId?: string;
  title?: string;
  /** The start of the passage that matched the query. */
  excerpt?: string;
  /** How relevant the service judged it: a number, or a confidence word. */
  score?: string;
}

/** What the search check came to. */
export type CheckResult =
  /** A result among the first `count` matched: `rank` is 1-based. */
  | (CheckSearched & { status: 'passed'; rank: number })
  /** No result matched within the retry window: `results` are those of the last search. */
  | (CheckSearched & { status: 'not-found' })
  /** A search failed (denied, not found, ...): `message` explains it in the user's terms. */
  | (CheckAsked & { status: 'error'; message: string })
  /** No check ran, and why (a job failed, stopped, timed out, or if-running skipped it). */
  | (CheckAsked & { status: 'not-run'; reason: string });

/** What the check looked for. */
export interface CheckAsked {
  query: string;
  expect: string;
  /** How many top results were looked at (check-results). */
  count: number;
}

export interface CheckSearched extends CheckAsked {
  results: SearchResult[];
  /** How many searches it took, and how long from the first to the last answer. */
  searches: number;
  elapsedMs: number;
}
