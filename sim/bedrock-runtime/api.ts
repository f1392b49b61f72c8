// The Simulator methods that seed and inspect what the knowledge bases' Retrieve searches.
import type { BedrockState } from '../bedrock/state.js';
import type { BedrockRuntimeApi } from './types.js';

export function bedrockRuntimeApi(bedrock: BedrockState): BedrockRuntimeApi {
  return {
    addKnowledgeBaseDocuments: (kbId, dsId, docs, opts) =>
      bedrock.addDocuments(kbId, dsId, docs, opts),
    servedKnowledgeBaseDocuments: (kbId) =>
      bedrock.servedDocuments(kbId, Date.now()).map((d) => d.id),
  };
}
