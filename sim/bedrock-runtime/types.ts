// Public types of the simulated knowledge base search (bedrock-agent-runtime Retrieve).
import type { CorpusDocument, CorpusOptions } from '../types.js';

export interface BedrockRuntimeApi {
  /**
   * Documents in a Bedrock data source: the knowledge base's Retrieve serves them once an
   * ingestion job on that data source that starts after this call ends COMPLETE (plus the index
   * latency). A location is an s3:// URI (S3 results) or a web URL (WEB); without one the
   * document is a custom document found by its `id` (CUSTOM).
   */
  addKnowledgeBaseDocuments(
    knowledgeBaseId: string,
    dataSourceId: string,
    docs: CorpusDocument[],
    opts?: CorpusOptions,
  ): void;
  /** IDs of the documents the knowledge base's Retrieve serves now. */
  servedKnowledgeBaseDocuments(knowledgeBaseId: string): string[];
}
