// bedrock-agent's answers as JSON: an ingestion job (whole or as a summary), a knowledge base, a
// data source, with the configuration a docs site's knowledge base would have.
import { type IngestionJob, ingestionState } from './jobs.js';
import type { BedrockDataSource, KnowledgeBase } from './state.js';
import type { KnowledgeBaseDocumentView } from './types.js';

/** A knowledge base's ARN, the resource its IAM actions are authorised against. */
export const knowledgeBaseArn = (region: string, account: string, id: string): string =>
  `arn:aws:bedrock:${region}:${account}:knowledge-base/${id}`;

/** restJson1 timestamps are ISO-8601 strings. */
export const iso = (ms: number) => new Date(ms).toISOString();

export function jobJson(job: IngestionJob, now: number, summary = false) {
  const s = ingestionState(job, now);
  return {
    knowledgeBaseId: job.knowledgeBaseId,
    dataSourceId: job.dataSourceId,
    ingestionJobId: job.id,
    ...(job.description !== undefined ? { description: job.description } : {}),
    status: s.status,
    statistics: s.statistics,
    ...(!summary && s.failureReasons.length ? { failureReasons: s.failureReasons } : {}),
    startedAt: iso(job.startedAt),
    updatedAt: iso(s.updatedAt),
  };
}

/** GetKnowledgeBase's knowledgeBase: a vector one on OpenSearch Serverless, a managed or a Kendra one. */
export function knowledgeBaseJson(kb: KnowledgeBase, region: string, account: string) {
  return {
    knowledgeBaseId: kb.id,
    name: kb.name,
    knowledgeBaseArn: knowledgeBaseArn(region, account, kb.id),
    ...(kb.description ? { description: kb.description } : {}),
    roleArn: `arn:aws:iam::${account}:role/service-role/AmazonBedrockExecutionRoleForKnowledgeBase_${kb.id.toLowerCase().slice(0, 5)}`,
    ...configurationOfKnowledgeBase(kb, region, account),
    status: kb.status,
    createdAt: iso(kb.createdAt),
    updatedAt: iso(kb.updatedAt),
  };
}

const embeddingModel = (region: string) =>
  `arn:aws:bedrock:${region}::foundation-model/amazon.titan-embed-text-v2:0`;

/** A managed or Kendra knowledge base has no storage of its own to configure. */
function configurationOfKnowledgeBase(kb: KnowledgeBase, region: string, account: string) {
  if (kb.type === 'MANAGED') {
    return {
      knowledgeBaseConfiguration: {
        type: 'MANAGED',
        managedKnowledgeBaseConfiguration: { embeddingModelArn: embeddingModel(region) },
      },
    };
  }
  if (kb.type === 'KENDRA') {
    const index = kb.kendraIndexId ?? '00000000-0000-0000-0000-000000000000';
    return {
      knowledgeBaseConfiguration: {
        type: 'KENDRA',
        kendraKnowledgeBaseConfiguration: {
          kendraIndexArn: `arn:aws:kendra:${region}:${account}:index/${index}`,
        },
      },
    };
  }
  return {
    knowledgeBaseConfiguration: {
      type: 'VECTOR',
      vectorKnowledgeBaseConfiguration: { embeddingModelArn: embeddingModel(region) },
    },
    storageConfiguration: {
      type: 'OPENSEARCH_SERVERLESS',
      opensearchServerlessConfiguration: {
        collectionArn: `arn:aws:aoss:${region}:${account}:collection/${kb.id.toLowerCase()}`,
        vectorIndexName: 'bedrock-knowledge-base-default-index',
        fieldMapping: {
          vectorField: 'bedrock-knowledge-base-default-vector',
          textField: 'AMAZON_BEDROCK_TEXT_CHUNK',
          metadataField: 'AMAZON_BEDROCK_METADATA',
        },
      },
    },
  };
}

/** A data source's configuration: a docs site's crawler, a bucket, or documents pushed in. */
function configurationOf(ds: BedrockDataSource) {
  if (ds.type === 'S3') {
    return { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::docs-example-bucket' } };
  }
  if (ds.type === 'CUSTOM') return { type: 'CUSTOM' };
  if (ds.type === 'MANAGED_KNOWLEDGE_BASE_CONNECTOR') {
    // connectorParameters is a free-form document; its keys follow the user guide's examples.
    return {
      type: ds.type,
      managedKnowledgeBaseConnectorConfiguration: {
        connectorParameters: {
          type: ds.connector,
          aclEnabled: ds.aclEnabled,
          ...(ds.connector === 'WEB' && { seedUrls: ['https://docs.example.com/'] }),
        },
      },
    };
  }
  return {
    type: ds.type,
    webConfiguration: {
      sourceConfiguration: {
        urlConfiguration: { seedUrls: [{ url: 'https://docs.example.com/' }] },
      },
    },
  };
}

/** ListKnowledgeBaseDocuments' documentDetails member for one document. */
export function documentJson(ds: BedrockDataSource, d: KnowledgeBaseDocumentView) {
  const identifier =
    ds.type === 'S3'
      ? { dataSourceType: 'S3', s3: { uri: d.location } }
      : { dataSourceType: 'CUSTOM', custom: { id: d.location } };
  return {
    knowledgeBaseId: ds.knowledgeBaseId,
    dataSourceId: ds.id,
    status: d.status,
    identifier,
    ...(d.statusReason !== undefined && { statusReason: d.statusReason }),
    updatedAt: iso(d.updatedAt.getTime()),
  };
}

/** GetDataSource's dataSource, configured as its type says. */
export function dataSourceJson(ds: BedrockDataSource) {
  return {
    knowledgeBaseId: ds.knowledgeBaseId,
    dataSourceId: ds.id,
    name: ds.name,
    status: ds.status,
    ...(ds.description ? { description: ds.description } : {}),
    dataSourceConfiguration: configurationOf(ds),
    dataDeletionPolicy: 'DELETE',
    createdAt: iso(ds.createdAt),
    updatedAt: iso(ds.updatedAt),
    ...(ds.status === 'FAILED' && { failureReasons: ds.failureReasons ?? [] }),
  };
}
