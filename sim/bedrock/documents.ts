// What an ingestion job did to each document: scripted, or generated from its statistics. The
// document list (ListKnowledgeBaseDocuments) and the application logs (sim/logs/bedrock-writer.ts)
// are both read from here, so the two sources always agree.
import { type IngestionJob, RUNNING_INGESTION, ingestionState } from './jobs.js';
import type { BedrockState } from './state.js';
import { knowledgeBaseArn } from './views.js';
import type { BedrockDataSourceType, BedrockDocumentScript, ResourceStatus } from './types.js';

/** One document as a job left it. */
export interface JobDocument {
  location: string;
  status: ResourceStatus;
  reasons: string[];
  /** When the job changed its status (inside the job's IN_PROGRESS window). */
  at: number;
}

const FAILED_SAMPLES: [ResourceStatus, string][] = [
  [
    'EMBEDDING_FAILED',
    'The embedding model could not process the chunk: input is too long for the requested model.',
  ],
  [
    'INDEXING_FAILED',
    'The vector store rejected the document: mapping conflict on field x-amz-bedrock-kb-title.',
  ],
];

const IGNORED_REASON =
  'Resource exceeded allowed size limit of 50 Megabytes. Reduce the file size and try again.';

/** Where the n-th generated document of a data source of this type lives. */
function defaultLocation(type: BedrockDataSourceType, n: number, status: ResourceStatus): string {
  if (type === 'S3') {
    const file = status === 'RESOURCE_IGNORED' ? `manuals/manual-${n}.pdf` : `site/page-${n}.html`;
    return `s3://docs-example-bucket/${file}`;
  }
  if (type === 'CUSTOM') return `doc-${n}`;
  return `https://docs.example.com/page-${n}`;
}

/** The documents the job's script names, or one per failed, skipped and indexed document. */
function scripted(job: IngestionJob): BedrockDocumentScript[] {
  if (job.final.documents) return job.final.documents;
  const s = job.final.statistics;
  const failed = s.numberOfDocumentsFailed ?? 0;
  const skipped = s.numberOfDocumentsSkipped ?? 0;
  const indexed = (s.numberOfNewDocumentsIndexed ?? 0) + (s.numberOfModifiedDocumentsIndexed ?? 0);
  return [
    ...Array.from({ length: failed }, (_, i) => {
      const [status, reason] = FAILED_SAMPLES[i % FAILED_SAMPLES.length];
      return { status, reasons: [reason] };
    }),
    ...Array.from({ length: skipped }, () => ({
      status: 'RESOURCE_IGNORED' as const,
      reasons: [IGNORED_REASON],
    })),
    ...Array.from({ length: indexed }, () => ({ status: 'INDEXED' as const })),
  ];
}

/** The job's documents once it has ended COMPLETE or FAILED at `now`; none before, none if stopped. */
export function jobDocuments(
  job: IngestionJob,
  type: BedrockDataSourceType,
  now: number,
): JobDocument[] {
  const status = ingestionState(job, now).status;
  if (status !== 'COMPLETE' && status !== 'FAILED') return [];
  const docs = scripted(job);
  const span = job.inProgressEndsAt - job.startingEndsAt;
  return docs.map((d, i) => ({
    location: d.location ?? defaultLocation(type, i + 1, d.status ?? 'INDEXED'),
    status: d.status ?? 'INDEXED',
    reasons: d.reasons ?? [],
    at: job.startingEndsAt + Math.floor((span * (i + 1)) / (docs.length + 1)),
  }));
}

/** The document list's DocumentStatus for a status the logs name. */
export function listStatus(status: ResourceStatus): string {
  const map: Partial<Record<ResourceStatus, string>> = {
    RESOURCE_IGNORED: 'IGNORED',
    EMBEDDING_FAILED: 'FAILED',
    INDEXING_FAILED: 'FAILED',
    DELETION_FAILED: 'FAILED',
  };
  return map[status] ?? status;
}

/** An ingestion job as the application-log writer needs it (sim/logs/bedrock-writer.ts). */
export function bedrockJobFacts(state: BedrockState, id: string, now: number) {
  const job = state.jobs.get(id);
  const ds = job && state.dataSource(job.knowledgeBaseId, job.dataSourceId);
  if (!job || !ds) return undefined;
  const s = ingestionState(job, now);
  return {
    id,
    knowledgeBaseArn: knowledgeBaseArn(job.region, state.account, job.knowledgeBaseId),
    dataSourceId: job.dataSourceId,
    dataSourceType: ds.type,
    region: job.region,
    status: s.status,
    startedAt: job.startedAt,
    endedAt: RUNNING_INGESTION.has(s.status) ? undefined : s.updatedAt,
    documents: jobDocuments(job, ds.type, now),
  };
}
