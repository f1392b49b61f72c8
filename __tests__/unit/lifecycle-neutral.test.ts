/**
 * The lifecycle and the report are written once for every service (tools/layout.js lists them):
 * no SDK, no service module, and no service's own words (operation names, statuses, error
 * names). eslint's no-restricted-imports keeps the imports out; this keeps the vocabulary out,
 * and checks the imports again for a module eslint's globs might miss.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NEUTRAL, NEUTRAL_MAY_NOT_IMPORT } from '../../tools/layout.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVICE_NAMES = /kendra|bedrock|ingestion|knowledge.?base|cloudwatch/i;
const SERVICE_WORDS =
  /@aws-sdk|@smithy|SyncJobCommand|ResourceInUse|ConflictException|\b(SUCCEEDED|INCOMPLETE|ABORTED|SYNCING\w*|COMPLETE|IN_PROGRESS|STARTING|STOPPED)\b|IndexId/;
const FORBIDDEN_IMPORT = new RegExp(
  `from '(${NEUTRAL_MAY_NOT_IMPORT.packages.map((p) => p.replace('/*', '/')).join('|')}|[^']*/(${NEUTRAL_MAY_NOT_IMPORT.folders.join('|')})/)`,
);

/** Every .ts file a NEUTRAL entry names: the file itself, or all files under the folder. */
function neutralFiles(): string[] {
  const walk = (entry: string): string[] =>
    statSync(path.join(root, entry)).isDirectory()
      ? readdirSync(path.join(root, entry)).flatMap((name) => walk(path.join(entry, name)))
      : entry.endsWith('.ts')
        ? [entry]
        : [];
  return NEUTRAL.flatMap(walk);
}

describe('the service-neutral modules', () => {
  const files = neutralFiles();

  it('include the lifecycle and the report, folder by folder', () => {
    expect(files).toEqual(
      expect.arrayContaining(['src/lifecycle/sync.ts', 'src/report/summary.ts', 'src/main.ts']),
    );
  });

  it.each(files)('%s names no service, SDK or service vocabulary', (file) => {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    const offending = lines
      .map((line, index) => `${index + 1}: ${line.trim()}`)
      .filter(
        (line) =>
          SERVICE_NAMES.test(line) || SERVICE_WORDS.test(line) || FORBIDDEN_IMPORT.test(line),
      );
    expect(offending).toEqual([]);
  });
});
