/**
 * Whose code a dist/ file holds, found by content: chunk names carry only a hash (shared chunks)
 * or the name of a module loaded with import(), so they can't say which packages went into them.
 * The markers are strings minifying keeps: service IDs, operation names, endpoint rules.
 */
import type { ServiceId } from './config.js';

export const CODE_MARKERS = {
  kendra: ['AWSKendraFrontendService', 'StartDataSourceSyncJob'],
  bedrock: ['StartIngestionJob', 'AmazonBedrockAgentBuildTimeLambda', 'bedrock-agent-fips'],
  logs: ['FilterLogEvents', 'Logs_20140328'],
};
export type Code = keyof typeof CODE_MARKERS;

/** A Kendra run must load none of Bedrock's or CloudWatch Logs' code, a Bedrock run none of
 * Kendra's or Logs' (the contract's happy path). */
export const FOREIGN: Record<ServiceId, Code[]> = {
  kendra: ['bedrock', 'logs'],
  bedrock: ['kendra', 'logs'],
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

/** The files, as "file ('marker', ...)", that hold code the service's happy path must not load. */
export function foreignIn(
  service: ServiceId,
  files: Array<{ file: string; holds: Holds }>,
): string[] {
  return files
    .filter((f) => FOREIGN[service].some((code) => f.holds[code]))
    .map(
      (f) =>
        `${f.file} (${FOREIGN[service]
          .flatMap((code) => f.holds[code] ?? [])
          .map((m) => `'${m}'`)
          .join(', ')})`,
    );
}
