// The Simulator methods that set up and inspect the simulated Kendra.
import type { Simulator } from '../types.js';
import type { KendraState } from './state.js';

export type KendraApi = Pick<
  Simulator,
  | 'addIndex'
  | 'addDataSource'
  | 'scriptJobs'
  | 'setDefaultJob'
  | 'addJob'
  | 'addHistory'
  | 'addDocuments'
  | 'servedDocuments'
  | 'job'
  | 'jobs'
>;

export function kendraApi(kendra: KendraState): KendraApi {
  return {
    addIndex: (opts) => kendra.addIndex(opts),
    addDataSource: (indexId, opts) => kendra.addDataSource(indexId, opts),
    scriptJobs: (indexId, dataSourceId, ...jobs) => kendra.scriptJobs(indexId, dataSourceId, jobs),
    setDefaultJob: (job) => kendra.setDefaultJob(job),
    addJob: (indexId, dataSourceId, job) => kendra.addJob(indexId, dataSourceId, job),
    addHistory: (indexId, dataSourceId, count) => kendra.addHistory(indexId, dataSourceId, count),
    addDocuments: (indexId, dataSourceId, docs, opts) =>
      kendra.addDocuments(indexId, dataSourceId, docs, opts),
    servedDocuments: (indexId) => kendra.servedDocuments(indexId, Date.now()).map((d) => d.id),
    job: (executionId) => {
      const job = kendra.job(executionId);
      return job ? kendra.view(job) : undefined;
    },
    jobs: (indexId, dataSourceId) =>
      kendra
        .jobsOf(indexId, dataSourceId)
        .sort((a, b) => a.startTime - b.startTime)
        .map((j) => kendra.view(j)),
  };
}
