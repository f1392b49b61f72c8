// The Simulator methods that set up and inspect the simulated CloudWatch Logs.
import type { LogsState } from './state.js';
import type { LogsApi } from './types.js';

export function logsApi(logs: LogsState): LogsApi {
  return {
    addLogGroup: (name, opts) => void logs.addGroup(name, opts?.region),
    putLogEvents: (group, stream, events, opts) => logs.put(group, stream, events, opts?.region),
    setLogPageSize: (events) => {
      logs.pageSize = events;
    },
    setKendraLogs: (indexId, opts) => logs.setKendraLogs(indexId, opts),
    logEvents: (group, opts) => logs.events(group, Date.now(), opts?.region),
  };
}
