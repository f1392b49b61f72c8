// The Simulator methods that set up and inspect the simulated CloudWatch Logs.
import type { LogsState } from './state.js';
import type { LogsApi } from './types.js';

/**
 * @param knowledgeBase a Bedrock knowledge base's ARN, Region and account (sim/bedrock/), for the
 *   delivery of its application logs
 */
export function logsApi(
  logs: LogsState,
  knowledgeBase: (id: string) => { arn: string; region: string; account: string } | undefined,
): LogsApi {
  return {
    setKnowledgeBaseLogging: (id, opts = {}) => {
      const kb = knowledgeBase(id);
      if (!kb) throw new Error(`setKnowledgeBaseLogging: unknown knowledge base ${id}`);
      const logGroupName =
        opts.logGroupName ?? `/aws/vendedlogs/bedrock/knowledge-base/APPLICATION_LOGS/${id}`;
      const type = opts.destination ?? 'CWL';
      logs.deliveries.add(
        { resourceArn: kb.arn, region: kb.region, account: kb.account, type, logGroupName },
        `bedrock-kb-${id}`,
      );
      if (type === 'CWL') logs.addGroup(logGroupName, kb.region);
      if (opts.logLagMs !== undefined) logs.bedrock.lagMs = opts.logLagMs;
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
