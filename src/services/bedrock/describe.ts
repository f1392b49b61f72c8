// Amazon Bedrock Knowledge Bases without their SDK: their words, ID rules, how errors are
// explained, the console link, and what an ingestion job is started with (its clientToken and
// description). Read by inputs.ts and the report as well as the service.
import { createHash } from 'node:crypto';
import { consoleHost, type Endpoint } from '../../aws/endpoints.js';
import type { Target } from '../../model.js';
import type { RunFacts } from '../../run-context.js';
import { explainerFor, type IdRule, type ServiceDescription } from '../description.js';

const SEVERAL = ' (separate several with commas or newlines)';
const ID = (what: string, several = ''): IdRule => ({
  pattern: /^[0-9a-zA-Z]{10}$/,
  allowed: /[0-9a-zA-Z]/,
  length: [10, 10],
  words: `a Bedrock ${what} is exactly 10 letters and digits${several}.`,
});
const NAME = (what: string, several = ''): IdRule => ({
  pattern: /^([0-9a-zA-Z][_-]?){1,100}$/,
  allowed: /[0-9a-zA-Z_-]/,
  length: [1, 200],
  words: `a Bedrock ${what} is letters and digits, each optionally followed by one hyphen or underscore (at most 100 of them)${several}.`,
  start: 'It must start with a letter or digit, with no two hyphens or underscores in a row.',
});

const terms = {
  service: 'Bedrock',
  container: 'knowledge base',
  containers: 'knowledge bases',
  job: 'ingestion job',
  containerIdInput: 'knowledge-base-id',
  containerNameInput: 'knowledge-base-name',
  searchWithoutUser:
    'without check-user, access-controlled (ACL-enabled) data sources return nothing to a search: if the page is in one, set check-user to the email of a user allowed to read it',
};

export const BEDROCK: ServiceDescription = {
  id: 'bedrock',
  terms,
  endpoint: { label: 'Bedrock', host: 'bedrock-agent', env: 'AWS_ENDPOINT_URL_BEDROCK_AGENT' },
  rules: {
    containerId: ID('knowledge base ID'),
    containerName: NAME('knowledge base name'),
    dataSourceId: ID('data source ID', SEVERAL),
    dataSourceName: NAME('data source name', SEVERAL),
  },
  explainer: explainerFor({
    terms,
    iam: 'bedrock',
    containerArn: (knowledgeBaseId) => `knowledge-base/${knowledgeBaseId}`,
    conflict: { cause: 'busy or being changed', ready: 'AVAILABLE' },
  }),
};

/** The knowledge base runtime (Retrieve): its own host and variable, signed as "bedrock". */
export const BEDROCK_RUNTIME: Endpoint = {
  label: 'Bedrock',
  host: 'bedrock-agent-runtime',
  env: 'AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME',
};

/** The knowledge base's page; with its name unknown, the console's list of knowledge bases. */
export function bedrockConsoleLink(region: string, target: Target, name?: string): string {
  const base = `https://${consoleHost(region)}/bedrock/home?region=${region}#/knowledge-bases`;
  return name ? `${base}/knowledge-base/${encodeURIComponent(name)}/${target.containerId}/0` : base;
}

/**
 * The same for a retried request and for the step's own retries, different for another run
 * attempt, job, step, knowledge base or data source (33-256 of [a-zA-Z0-9-]).
 */
export function clientToken(target: Target, run: RunFacts, replacing?: string): string {
  const parts = [
    run.repository,
    run.runId,
    run.runAttempt,
    run.job,
    run.step,
    target.containerId,
    target.dataSourceId,
  ];
  // A start after a job that failed because the data source was not ready is a new request.
  if (replacing) parts.push(replacing);
  // Outside a workflow run there is no run to be idempotent within: each start is its own.
  if (!run.runId) parts.push(String(Date.now()), String(Math.random()));
  return `kendra-sync-${createHash('sha256').update(parts.join('\n')).digest('hex')}`;
}

/** What the job was started for, as the console shows it: repository, commit, run (<= 200). */
export function description(run: RunFacts): string {
  const repository = run.repository ?? 'a local run';
  const commit = run.sha ? ` at ${run.sha.slice(0, 12)}` : '';
  const attempt = run.runId ? `, run ${run.runId} attempt ${run.runAttempt ?? '1'}` : '';
  return `kendra-sync for ${repository}${commit}${attempt}`.slice(0, 200);
}
