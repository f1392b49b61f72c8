/**
 * Whose code a dist/ file holds, found by content: chunk names carry only a hash (shared chunks)
 * or the name of a module loaded with import(), so they can't say which packages went into them.
 * The markers are strings minifying keeps: service IDs, operation and shape names, endpoint
 * rules, user agents. __tests__/unit/bench-code.test.ts bundles each package the way
 * scripts/build.mjs does and checks its markers are found.
 */
import type { ServiceId } from './config.js';

export const CODE_MARKERS = {
  // The SDK's, not an operation name: src/services/kendra/describe.ts (terms, ID rules, the IAM
  // actions its explainer names) is SDK-free and loads for every run, because inputs.ts checks
  // both services' inputs before it knows which one a run syncs.
  kendra: ['AWSKendraFrontendService', 'DataSourceSyncJobMetrics'],
  bedrock: ['StartIngestionJob', 'AmazonBedrockAgentBuildTimeLambda', 'bedrock-agent-fips'],
  logs: ['FilterLogEvents', 'Logs_20140328'],
  // Kendra's Retrieve (its RetrieveResult shape) and @aws-sdk/client-bedrock-agent-runtime.
  search: ['RetrieveResult', 'AmazonBedrockAgentRunTimeService', 'bedrock-agent-runtime-fips'],
  // @octokit/core, request and endpoint user agents; @actions/github's own token helper. Its
  // other modules import Octokit statically: only lib/context.js loads without these.
  octokit: [
    'octokit-core.js',
    'octokit-request.js',
    'octokit-endpoint.js',
    'Parameter token or opts.auth is required',
  ],
};
export type Code = keyof typeof CODE_MARKERS;

/** What each code is, for the report. */
export const CODE_NAMES: Record<Code, string> = {
  kendra: '@aws-sdk/client-kendra',
  bedrock: '@aws-sdk/client-bedrock-agent',
  logs: '@aws-sdk/client-cloudwatch-logs',
  search:
    "Kendra's Retrieve and @aws-sdk/client-bedrock-agent-runtime, loaded only for `check-query`",
  octokit: '`@octokit/*` and all of `@actions/github` but its `context`',
};

/**
 * What each service's happy path must not load (the contract's "Happy path cost"): the other
 * service's or CloudWatch Logs' code, the search check's, Octokit.
 */
export const FORBIDDEN: Record<ServiceId, Code[]> = {
  kendra: ['bedrock', 'logs', 'search', 'octokit'],
  bedrock: ['kendra', 'logs', 'search', 'octokit'],
};

export type Holds = Partial<Record<Code, string[]>>;

/** What each marker set finds in a file's text. */
export function codeIn(text: string): Holds {
  const holds: Holds = {};
  for (const [code, markers] of Object.entries(CODE_MARKERS) as Array<[Code, string[]]>) {
    const found = markers.filter((marker) => text.includes(marker));
    if (found.length) holds[code] = found;
  }
  return holds;
}

/** "bedrock, logs, search or octokit" */
export function forbiddenWords(service: ServiceId): string {
  const codes = FORBIDDEN[service];
  return `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}`;
}

/** The files, as "file ('marker', ...)", that hold code the service's happy path must not load. */
export function forbiddenIn(
  service: ServiceId,
  files: Array<{ file: string; holds: Holds }>,
): string[] {
  return files
    .filter((f) => FORBIDDEN[service].some((code) => f.holds[code]))
    .map(
      (f) =>
        `${f.file} (${FORBIDDEN[service]
          .flatMap((code) => f.holds[code] ?? [])
          .map((m) => `'${m}'`)
          .join(', ')})`,
    );
}
