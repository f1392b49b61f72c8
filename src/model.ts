// The service-neutral model of a sync: what the lifecycle (src/lifecycle) and the report
// (src/report) know. It imports nothing, so everything above it loads statically; each service
// (src/services/<service>) maps its wire vocabulary into these types.

/** A data source in its container (an index, or whatever the service calls the whole). */
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
  /** Documents the service left out (a service without such a counter: 0). */
  skipped: number;
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
  /** The data source the job syncs (a running job found in its container may be another's). */
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
  /**
   * Every reason the service gave about the job's documents (e.g. files it skipped): the error
   * of a job that failed, warnings for one that did not.
   */
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
  /** What the link shows, when it is not the usual place (Terms.failedDocumentsLink). */
  linkText?: string;
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
  | { started: false; busy: 'container' | 'account'; reason: string }
  /**
   * The service refused because starts came too fast: try again after a pause between `pauseMs`'s
   * bounds (seconds, where the service allows only a few starts a minute).
   */
  | { started: false; throttled: string; pauseMs: { min: number; max: number } }
  /** The service refused because the data source is not ready (being created or changed). */
  | { started: false; notReady: NotReady };

/** A data source that cannot sync now, as the service says; `pending` ones become ready. */
export interface NotReady {
  /** The service's own status word for the data source. */
  status: string;
  /** Being created or changed: worth waiting for; else it will not sync without a fix. */
  pending: boolean;
  /** Why its creation or change failed, as the service says. */
  reasons: string[];
}

/** What a stop request came to: the job ended on its own before it could be stopped. */
export type StopAnswer = { stopped: true } | { stopped: false; ended: SyncJob };

/** The words a service's messages use for its parts. */
export interface Terms {
  /** The service's short name, as messages say it. */
  service: string;
  /** What holds the data sources ("index"), and its plural ("indexes"). */
  container: string;
  containers: string;
  /** What the service calls one run over a data source ("sync job"). */
  job: string;
  /** The inputs that name the container: "index-id", "index-name". */
  containerIdInput: string;
  containerNameInput: string;
  /** Why a search without check-user may miss a document, where access control can hide it. */
  searchWithoutUser?: string;
  /** The status word that says by itself that documents failed; undefined when none does. */
  incompleteStatus?: string;
  /** Where a job's failed documents are all listed, as a link's text. */
  failedDocumentsLink?: string;
}

/**
 * What the lifecycle needs from a service. Each implementation owns its SDK client, its wire
 * vocabulary and its quirks; every call fails as an AwsCallError the service can explain.
 */
export interface SyncService {
  /** The service's key in src/services/registry.ts: the `service` field of the `results` output. */
  readonly id: string;
  readonly region: string;
  readonly terms: Terms;
  /** Only one job at a time per container, across its data sources: the step queues its own. */
  readonly oneJobPerContainer: boolean;
  /**
   * Where a service's containers differ: whether this one runs one job at a time after all
   * (false: a job per data source). Asked only for a container with two or more data sources
   * to sync; never throws (what it cannot tell is true).
   */
  oneJobIn?(containerId: string): Promise<boolean>;

  /**
   * Starts a sync of the data source, or says it is busy, throttled or not ready. `replacing`: the
   * job that failed because the data source was not ready; this start is a new request, not its retry.
   */
  startJob(target: Target, options?: { replacing?: string }): Promise<StartAnswer>;
  /**
   * Whether the data source can sync now (undefined: it can); only read after a start was refused
   * or a job failed at once, never on the happy path. Absent where data sources are always ready.
   */
  readiness?(target: Target): Promise<NotReady | undefined>;
  /** The job with this execution ID, or undefined while the service does not list it yet. */
  getJob(
    target: Target,
    executionId: string,
    options?: { abortSignal?: AbortSignal },
  ): Promise<SyncJob | undefined>;
  /** A job that keeps the data source from starting: running on it (or on its container). */
  findRunningJob(target: Target): Promise<SyncJob | undefined>;
  /**
   * Stops the job this step started, unless it has ended; never another run's job. With an abort
   * signal (cancellation) the calls have their own deadline.
   */
  stopJob(
    target: Target,
    executionId: string,
    options: { abortSignal: AbortSignal },
  ): Promise<StopAnswer>;
  listContainers(): Promise<Named[]>;
  listDataSources(containerId: string): Promise<Named[]>;
  /** The service's clock as the SDK knows it (corrected for skew). */
  now(): Date;
  /** Where a person sees the data source, or its container where the console shows no more. */
  consoleLink(target: Target): string;
  /** Which documents an ended job failed on, and why: at most `limit`; never throws. */
  failedDocuments(target: Target, job: SyncJob, limit: number): Promise<FailedDocuments>;
  /** A CLI command that shows the job, for messages about a job left running. */
  followCommand(target: Target, executionId: string): string;
  /**
   * The container's top `count` results for a query (the search check), searched as `user`
   * (check-user) when given; loads its code lazily.
   */
  search(containerId: string, query: string, count: number, user?: string): Promise<SearchResult[]>;
  close(): void;
}

/** How one data source ended: the row of the summary and the element of the `results` output. */
export interface DataSourceResult {
  containerId: string;
  /** Undefined when a data source given by name was not found. */
  dataSourceId?: string;
  dataSourceName?: string;
  executionId?: string;
  /** The service's own status word for the job, when there is a job. */
  status?: string;
  outcome: Outcome;
  skipped: boolean;
  startTime?: Date;
  endTime?: Date;
  /** Only when the job was followed to its end. */
  metrics?: Metrics;
  /** The service's error message for the job, or why this data source failed. */
  errorMessage?: string;
  /** Set when this data source fails the step. */
  failure?: string;
  /** Which documents failed and why, when the job ended with failed documents. */
  failedDocuments?: FailedDocuments;
  /** What the service said about a job that did not fail (files it skipped): warnings. */
  notes?: string[];
}

/** How logs and errors name a data source: by name and ID when the name is known. */
export function describeTarget(target: Pick<Target, 'dataSourceId' | 'dataSourceName'>): string {
  return target.dataSourceName
    ? `data source "${target.dataSourceName}" (${target.dataSourceId})`
    : `data source ${target.dataSourceId}`;
}

/** How each part of a failed document is written: as it is in the log, marked up in the summary. */
export interface DocumentMarkup {
  location(uri: string): string;
  code(code: string): string;
  message(text: string): string;
}

const PLAIN: DocumentMarkup = {
  location: (uri) => uri,
  code: (code) => `(${code})`,
  message: (text) => text,
};

/**
 * The one way a failed document reads: "https://docs.example.com/a (InvalidDocumentMetadata): the
 * attribute … is not defined" in the log, the same parts marked up in the summary.
 */
export function describeDocument(document: FailedDocument, markup = PLAIN): string {
  const which = document.uri ?? document.documentId;
  const head = [
    which && markup.location(which),
    document.errorCode && markup.code(document.errorCode),
  ]
    .filter(Boolean)
    .join(' ');
  const message = markup.message(document.message);
  return head ? `${head}: ${message}` : message;
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
  /**
   * No result matched within the retry window: `results` are those of the last search; `hint`:
   * what the service suggests (searching as a user, where access control hides documents).
   */
  | (CheckSearched & { status: 'not-found'; hint?: string })
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
  /** Who it searched as (check-user); `secret`: it looked like one, so it is masked everywhere. */
  user?: { id: string; secret: boolean };
}

interface CheckSearched extends CheckAsked {
  results: SearchResult[];
  /** How many searches it took, and how long from the first to the last answer. */
  searches: number;
  elapsedMs: number;
}
