// The Simulator methods that set up and inspect the simulated Bedrock and CloudWatch Logs.
import { BUILTIN_DEFAULT_INGESTION, type BedrockState } from './state.js';
import type { BedrockAndLogsApi } from './types.js';
import type { LogsState } from '../logs/handler.js';

export function bedrockApi(bedrock: BedrockState, logs: LogsState): BedrockAndLogsApi {
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
    addLogGroup: (name, opts) => void logs.addGroup(name, opts?.region),
    putLogEvents: (group, stream, events, opts) => logs.put(group, stream, events, opts?.region),
    setLogPageSize: (events) => {
      logs.pageSize = events;
    },
    setKendraLogs: (indexId, opts) => logs.setKendraLogs(indexId, opts),
    logEvents: (group, opts) => logs.events(group, Date.now(), opts?.region),
  };
}
