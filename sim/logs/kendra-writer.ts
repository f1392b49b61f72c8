// The log writer of the simulated Kendra: a sync job that ends with failed documents leaves them
// in its index's log group /aws/kendra/<index-id>, as the real service does: one stream per job
// (<data-source-id>/<YYYY-MM-DD-HH>/<execution-id>) and document streams (.../<uuid>) with
// "IndexingStatus": "DocumentFailedToIndex" entries, visible after CloudWatch's ingestion lag.
import { uuid } from '../core/util.js';
import type { JobScript, JobView } from '../types.js';
import type { LogsState, StoredEvent } from './state.js';
import type { FailedDocumentScript, KendraLogOptions } from './types.js';

/** A Kendra sync job the log writer watches until it ends. */
interface WatchedJob {
  executionId: string;
  script: JobScript;
  written: boolean;
}

const ERROR_SAMPLES: [string, string][] = [
  [
    'InvalidDocumentMetadata',
    'The document metadata field _created_at has an invalid date format.',
  ],
  ['DocumentTooLarge', 'The document exceeds the maximum size of 50 MB for the index.'],
  [
    'UnsupportedDocumentFormat',
    'The document format is not supported. Convert it to a supported format.',
  ],
  ['AccessDenied', 'The crawler received HTTP 403 Forbidden when it fetched the document.'],
];

function hourOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13).replace('T', '-');
}

export class KendraLogWriter {
  private options = new Map<string, KendraLogOptions>();
  private watched: WatchedJob[] = [];

  constructor(
    private readonly logs: LogsState,
    private readonly jobView: (executionId: string, now: number) => JobView | undefined,
    private readonly indexRegion: (indexId: string) => string | undefined,
  ) {}

  reset(): void {
    this.options.clear();
    this.watched = [];
  }

  configure(indexId: string, opts: KendraLogOptions): void {
    this.options.set(indexId, { ...this.options.get(indexId), ...opts });
  }

  /** Every Kendra job started or added is watched until it ends. */
  watch(executionId: string, script: JobScript): void {
    this.watched.push({ executionId, script, written: false });
  }

  /** Write the logs of every watched job that has ended by `now` (once each). */
  materialize(now: number): void {
    for (const w of this.watched) {
      if (w.written) continue;
      const view = this.jobView(w.executionId, now);
      if (!view) {
        w.written = true;
        continue;
      }
      if (view.endTime === undefined) continue;
      w.written = true;
      this.write(view, w.script);
    }
  }

  private write(job: JobView, script: JobScript): void {
    const opts = this.options.get(job.indexId) ?? {};
    if (opts.enabled === false) return;
    const failed = job.metrics.failed;
    const hasFailures = job.status === 'INCOMPLETE' || job.status === 'FAILED' || failed > 0;
    if (!hasFailures) return;
    let docs: FailedDocumentScript[];
    if (Array.isArray(script.failedDocuments)) docs = script.failedDocuments;
    else docs = Array.from({ length: script.failedDocuments ?? failed }, () => ({}));
    if (docs.length === 0) return;

    const start = job.startTime.getTime();
    const end = job.endTime!.getTime();
    const lag = script.logLagMs ?? opts.logLagMs ?? 0;
    const group = this.logs.addGroup(`/aws/kendra/${job.indexId}`, this.indexRegion(job.indexId));
    const prefix = `${job.dataSourceId}/${hourOf(start)}/`;
    const jobStream = prefix + job.executionId;
    const docStream = prefix + uuid();
    const events: Omit<StoredEvent, 'eventId'>[] = [];
    docs.forEach((d, i) => {
      const [code, message] = ERROR_SAMPLES[i % ERROR_SAMPLES.length];
      const n = i + 1;
      const source =
        d.s3Path !== undefined
          ? { S3Path: d.s3Path }
          : d.sourceUri !== undefined || i % 3 !== 2
            ? { SourceURI: d.sourceUri ?? `https://docs.example.com/page-${n}` }
            : { S3Path: `s3://docs-example-bucket/site/page-${n}.html` };
      const kind = d.stream ?? (i % 2 === 0 ? 'job' : 'document');
      const entry =
        kind === 'job'
          ? {
              DocumentId: d.documentId ?? `doc-${n}`,
              ...source,
              ErrorCode: d.errorCode ?? code,
              ErrorMessage: d.errorMessage ?? message,
            }
          : {
              DocumentId: d.documentId ?? `doc-${n}`,
              ...source,
              IndexingStatus: 'DocumentFailedToIndex',
              ErrorCode: d.errorCode ?? code,
              ErrorMessage: d.errorMessage ?? message,
            };
      // Inside the job's window, in document order.
      const timestamp = start + Math.floor(((end - start) * n) / (docs.length + 1));
      events.push({
        logStreamName: kind === 'job' ? jobStream : docStream,
        timestamp,
        ingestionTime: Math.min(end, timestamp + 200),
        visibleAt: end + lag,
        // Kendra writes document-level entries pretty-printed, job entries on one line.
        message: kind === 'job' ? JSON.stringify(entry) : JSON.stringify(entry, null, 4),
      });
    });
    this.logs.append(group, events);
  }
}
