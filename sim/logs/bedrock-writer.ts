// The application logs of the simulated Bedrock Knowledge Bases: when a knowledge base delivers
// its APPLICATION_LOGS to a log group (./deliveries.ts), each ingestion job writes there as the
// real service documents it: one JSON event per document and status change
// (StartIngestionJob.ResourceStatusChanged) and the job's own (StartIngestionJob.StatusChanged),
// visible after CloudWatch's ingestion lag. A knowledge base with no delivery to a log group gets none.
import type { Deliveries } from './deliveries.js';
import type { LogsState, StoredEvent } from './state.js';

/** An ingestion job as the log writer needs it (from sim/bedrock/, wired in core/server.ts). */
export interface BedrockJobFacts {
  id: string;
  knowledgeBaseArn: string;
  dataSourceId: string;
  dataSourceType: string;
  region: string;
  /** The job's status now; its documents once it has ended. */
  status: string;
  startedAt: number;
  endedAt?: number;
  documents: { location: string; status: string; reasons: string[]; at: number }[];
}

/** Where the document is, as event.document_location gives it for the data source's type. */
function documentLocation(type: string, location: string) {
  if (type === 'S3') return { type: 'S3', s3_location: { uri: location } };
  if (type === 'CUSTOM') return { type: 'CUSTOM', custom_document_location: { id: location } };
  return { type, web_location: { url: location } };
}

/**
 * A managed knowledge base's document event: its ID and source URI, what the crawl did, and each
 * phase's Status (the phase that failed: crawl for an ignored file, index for the rest).
 */
function managedDocument(d: BedrockJobFacts['documents'][number]) {
  const at = new Date(d.at).toISOString();
  const phase = (failed: boolean) => ({ Status: failed ? 'FAILED' : 'SUCCESS', UpdatedTime: at });
  const ignored = d.status === 'RESOURCE_IGNORED';
  const failed = d.status !== 'INDEXED';
  return {
    document_id: d.location.replace(/^[a-z0-9]+:\/\//, '').replace(/[^A-Za-z0-9]+/g, '-'),
    source_uri: d.location,
    crawl_action: 'ADD',
    crawl_status: phase(ignored),
    ...(!ignored && { sync_status: phase(false), index_status: phase(failed) }),
    ...(failed && { error_message: d.reasons.join(' ') || d.status }),
  };
}

function levelOf(status: string): string {
  if (status === 'INDEXED') return 'INFO';
  return status === 'RESOURCE_IGNORED' || status.startsWith('PARTIALLY') ? 'WARN' : 'ERROR';
}

export class BedrockLogWriter {
  private watched = new Map<string, boolean>(); // job ID -> written
  /** Default ms between a job's end and its events becoming visible. */
  lagMs = 0;

  constructor(
    private readonly logs: LogsState,
    private readonly deliveries: Deliveries,
    private readonly job: (id: string, now: number) => BedrockJobFacts | undefined,
  ) {}

  reset(): void {
    this.watched.clear();
    this.lagMs = 0;
  }

  watch(jobId: string): void {
    this.watched.set(jobId, false);
  }

  /** Writes the events of every watched job that has ended by `now` (once each). */
  materialize(now: number): void {
    for (const [id, written] of this.watched) {
      if (written) continue;
      const facts = this.job(id, now);
      if (facts && facts.endedAt === undefined) continue;
      this.watched.set(id, true);
      if (facts) this.write(facts);
    }
  }

  private write(job: BedrockJobFacts): void {
    const groupName = this.deliveries.logGroupOf(
      job.knowledgeBaseArn,
      'APPLICATION_LOGS',
      job.region,
    );
    if (!groupName) return;
    const group = this.logs.addGroup(groupName, job.region);
    const end = job.endedAt!;
    const common = {
      ingestion_job_id: job.id,
      data_source_id: job.dataSourceId,
      knowledge_base_arn: job.knowledgeBaseArn,
    };
    const event = (at: number, type: string, level: string, body: object) => ({
      logStreamName: `${job.dataSourceId}/${job.id}`,
      timestamp: at,
      ingestionTime: Math.min(end, at + 200),
      visibleAt: end + this.lagMs,
      message: JSON.stringify({
        event_timestamp: at,
        event: { ...common, ...body },
        event_version: '1.0',
        event_type: type,
        level,
      }),
    });
    const events: Omit<StoredEvent, 'eventId'>[] = [
      event(job.startedAt, 'StartIngestionJob.StatusChanged', 'INFO', {
        status: 'INGESTION_JOB_STARTED',
      }),
      ...job.documents.map((d) =>
        event(
          d.at,
          'StartIngestionJob.ResourceStatusChanged',
          levelOf(d.status),
          job.dataSourceType === 'MANAGED_KNOWLEDGE_BASE_CONNECTOR'
            ? managedDocument(d)
            : {
                document_location: documentLocation(job.dataSourceType, d.location),
                status: d.status,
                ...(d.reasons.length > 0 && { status_reasons: d.reasons }),
              },
        ),
      ),
      event(end, 'StartIngestionJob.StatusChanged', 'INFO', { status: job.status }),
    ];
    this.logs.append(group, events);
  }
}
