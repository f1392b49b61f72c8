/**
 * The lifecycle modules are written once for every service: no SDK, no service module, and no
 * service's own words (operation names, statuses, error names). eslint's no-restricted-imports
 * keeps the imports out; this keeps the vocabulary out.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
/** model.ts defines the service IDs; these build on it. */
const LIFECYCLE = [
  'main',
  'sync',
  'wait',
  'cancel',
  'names',
  'report',
  'lifecycle/check',
  'report/check',
];
const SERVICE_NAMES = /kendra|bedrock|ingestion|knowledge.?base/i;
const SERVICE_WORDS =
  /@aws-sdk|@smithy|SyncJobCommand|ResourceInUse|ConflictException|\b(SUCCEEDED|INCOMPLETE|ABORTED|SYNCING\w*|COMPLETE|IN_PROGRESS|STARTING|STOPPED)\b|IndexId/;

describe('the lifecycle modules', () => {
  it.each(LIFECYCLE)('%s.ts names no service, SDK or service vocabulary', (name) => {
    const lines = readFileSync(path.join(src, `${name}.ts`), 'utf8').split('\n');
    const offending = lines
      .map((line, index) => `${index + 1}: ${line.trim()}`)
      .filter((line) => SERVICE_NAMES.test(line) || SERVICE_WORDS.test(line));
    expect(offending).toEqual([]);
  });
});
