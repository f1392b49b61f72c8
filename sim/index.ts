// Local AWS simulator for kendra-sync: GitHub OIDC token endpoint, STS, Kendra, Bedrock Agent (and
// its runtime's Retrieve) and CloudWatch Logs on one loopback port, faithful to the wire formats,
// SigV4 and the documented validation rules. startSimulator() is the public API; each service folder adds its methods.
import { bedrockApi } from './bedrock/api.js';
import { bedrockRuntimeApi } from './bedrock-runtime/api.js';
import { kendraApi } from './kendra/api.js';
import { logsApi } from './logs/api.js';
import { knowledgeBaseArn } from './bedrock/views.js';
import { SimServer } from './core/server.js';
import { OIDC_PATH } from './identity/oidc.js';
import { SimState } from './core/identities.js';
import type { SimOptions, Simulator } from './types.js';
import { newOpaqueToken } from './core/util.js';

export type * from './types.js';

export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const account = options.account ?? '123456789012';
  const baseLatency = options.latencyMs ?? 0;
  // Opaque like the runner's ACTIONS_ID_TOKEN_REQUEST_TOKEN; only the sim can check it.
  const state = new SimState(account, newOpaqueToken(64));
  const srv = new SimServer(state, baseLatency);
  const port = await srv.listen(options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;

  const sim: Simulator = {
    url,
    env: () => ({
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_KENDRA: url,
      AWS_ENDPOINT_URL_BEDROCK_AGENT: url,
      AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}${OIDC_PATH}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: state.requestToken,
    }),
    addRole: (arn, opts) => void state.addRole(arn, opts),
    addUser: (name, opts) => state.addUser(name, opts),
    setCredentialLifetime: (lifetimeSeconds, reportedSeconds) =>
      state.setCredentialLifetime(lifetimeSeconds, reportedSeconds),
    setSubject: (sub) => state.setSubject(sub),
    mintIdToken: (opts) => srv.oidc.mint({ audience: 'sts.amazonaws.com', ...opts }),
    fault: (rule) => srv.faults.add(rule),
    clearFaults: () => srv.faults.clear(),
    setLatency: (ms) => {
      srv.latencyMs = ms;
    },
    requests: srv.requests,
    countOf: (service, action) =>
      srv.requests.filter(
        (r) => r.service === service && (action === undefined || r.action === action),
      ).length,
    maxInFlight: (service) => srv.maxInFlight(service),
    issuedSecrets: () => state.issuedSecrets(),
    ...kendraApi(srv.kendraState),
    ...bedrockApi(srv.bedrockState),
    ...bedrockRuntimeApi(srv.bedrockState),
    ...logsApi(srv.logsState, (id) => {
      const kb = srv.bedrockState.knowledgeBases.get(id);
      return kb && { arn: knowledgeBaseArn(kb.region, account, id), region: kb.region, account };
    }),
    reset: () => {
      state.reset();
      srv.kendraState.reset();
      srv.bedrockState.reset();
      srv.logsState.reset();
      srv.faults.clear();
      srv.latencyMs = baseLatency;
      srv.resetStats();
    },
    close: () => srv.close(),
  };
  return sim;
}
