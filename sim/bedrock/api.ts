// The Simulator methods that set up and inspect the simulated Bedrock Knowledge Bases.
import { BUILTIN_DEFAULT_INGESTION } from './jobs.js';
import type { BedrockState } from './state.js';
import type { BedrockApi } from './types.js';

export function bedrockApi(bedrock: BedrockState): BedrockApi {
  return {
    addKnowledgeBase: (opts) => bedrock.addKnowledgeBase(opts),
    addBedrockDataSource: (kbId, opts) => bedrock.addDataSource(kbId, opts),
    scriptIngestionJobs: (kbId, dsId, ...jobs) => bedrock.scriptJobs(kbId, dsId, jobs),
    setDefaultIngestionJob: (job) => {
      bedrock.defaultJob = { ...BUILTIN_DEFAULT_INGESTION, ...job };
    },
    addIngestionJob: (kbId, dsId, job) => bedrock.addJob(kbId, dsId, job),
    ingestionJob: (id) => {
      const job = bedrock.jobs.get(id);
      return job ? bedrock.view(job) : undefined;
    },
    ingestionJobs: (kbId, dsId) =>
      bedrock
        .jobsOf(kbId, dsId)
        .sort((a, b) => a.startedAt - b.startedAt)
        .map((j) => bedrock.view(j)),
    setStartRateLimit: (intervalMs) => {
      bedrock.startIntervalMs = intervalMs;
    },
    setAccountJobLimit: (limit) => {
      bedrock.accountJobLimit = limit;
    },
    setNotReadyStart: (answer) => {
      bedrock.notReadyStart = answer;
    },
    updateBedrockDataSource: (kbId, dsId, opts) => bedrock.updateDataSource(kbId, dsId, opts),
    bedrockDataSourceStatus: (kbId, dsId) => {
      const ds = bedrock.dataSource(kbId, dsId);
      return ds && bedrock.settle(ds, Date.now()).status;
    },
    knowledgeBaseDocuments: (kbId, dsId) => {
      const ds = bedrock.dataSource(kbId, dsId);
      return ds ? bedrock.documentsOf(ds, Date.now()) : [];
    },
  };
}
