import * as core from '@actions/core';
import { InputError } from './errors.js';
import type { CheckAsked, Terms } from './model.js';
import { runFacts, type RunFacts } from './run-context.js';
import { IF_RUNNING, Reader, type GetInput, type IfRunning } from './input-reader.js';

export { DEFAULTS } from './input-reader.js';
import { SERVICES, type ServiceId } from './services/registry.js';

/** Everything the workflow asked for, validated. Built once, before any network request. */
export interface Inputs {
  /** Which service the container inputs name: index-* Kendra, knowledge-base-* Bedrock. */
  service: ServiceId;
  /** That service's words, for messages written before it opens. */
  terms: Terms;
  /** The index or knowledge base ID; undefined when it is given by name. */
  containerId?: string;
  /** The index or knowledge base name, resolved with a listing. */
  containerName?: string;
  /** Data source IDs, in the order given, without blanks or duplicates. */
  dataSourceIds: string[];
  /** Data source names, resolved with a listing. */
  dataSourceNames: string[];
  region: string;
  /** IAM role ARN; undefined means "use the credentials already in the environment". */
  roleToAssume?: string;
  audience: string;
  roleSessionName: string;
  roleDurationSeconds: number;
  ifRunning: IfRunning;
  waitForCompletion: boolean;
  waitTimeoutMinutes: number;
  pollIntervalSeconds: number;
  failOnIncomplete: boolean;
  /** How many failed documents to show (0: none). */
  failedDocuments: number;
  stopOnCancel: boolean;
  /** The search check to run after the sync; undefined without check-query. */
  check?: CheckAsked;
}

/** Reads and validates every input, reporting all problems at once. */
export function readInputs(
  env: NodeJS.ProcessEnv = process.env,
  getInput: GetInput = (name) => core.getInput(name),
  run: RunFacts = runFacts(),
): Inputs {
  const read = new Reader(getInput, env, run);
  const service = read.service();
  const inputs: Inputs = {
    service,
    terms: SERVICES[service].terms,
    ...read.container(service),
    ...read.dataSources(service),
    region: read.region(),
    roleToAssume: read.roleArn(),
    audience: read.audience(),
    roleSessionName: read.sessionName(),
    roleDurationSeconds: read.wholeNumber('role-duration-seconds', 900, 43200),
    ifRunning: read.oneOf('if-running', IF_RUNNING),
    waitForCompletion: read.boolean('wait-for-completion'),
    waitTimeoutMinutes: read.wholeNumber('wait-timeout-minutes', 1, 10080),
    pollIntervalSeconds: read.wholeNumber('poll-interval-seconds', 1, 3600),
    failOnIncomplete: read.boolean('fail-on-incomplete'),
    failedDocuments: read.wholeNumber('failed-documents', 0, 1000),
    stopOnCancel: read.boolean('stop-on-cancel'),
  };
  inputs.check = read.searchCheck(inputs.waitForCompletion);
  // Masked the moment it is read: a token pasted as check-user stays out of every log line.
  if (inputs.check?.user?.secret) core.setSecret(inputs.check.user.id);
  if (read.problems.length > 0) throw new InputError(read.problems);
  return inputs;
}
