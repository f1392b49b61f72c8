/**
 * The files-loaded report: which dist/ files one extra, untimed run of each service's bundle
 * loads (listed by the loader hook bench/loaded-files.mjs), their sizes and whose code they hold.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, type ServiceId } from './config.js';
import { codeIn, forbiddenIn, forbiddenWords, type Holds } from './code.js';
import { kb } from './format.js';

export const LOADED_FILES_HOOK = pathToFileURL(path.join(root, 'bench', 'loaded-files.mjs')).href;

interface LoadedFile {
  /** Relative to dist/. */
  file: string;
  bytes: number;
  /** Whose code it holds (code.ts CODE_MARKERS): the marker strings found. */
  holds: Holds;
}

export interface LoadedFiles {
  service: ServiceId;
  variant: string;
  files: LoadedFile[];
  bytes: number;
  /** Files that hold code the service's happy path must not load (code.ts FORBIDDEN). */
  forbidden: string[];
}

/** The list the hook wrote, as dist/ files with their sizes and whose code they hold. */
export function loadedFiles(
  service: ServiceId,
  label: string,
  listFile: string,
  dist: string,
): LoadedFiles {
  const paths = [...new Set(readFileSync(listFile, 'utf8').split('\n').filter(Boolean))];
  const outside = paths.filter((file) => path.relative(dist, file).startsWith('..'));
  if (outside.length) throw new Error(`${label} loaded files outside dist/: ${outside.join(', ')}`);
  const files = paths.map((file) => ({
    file: path.relative(dist, file),
    bytes: statSync(file).size,
    holds: codeIn(readFileSync(file, 'utf8')),
  }));
  return {
    service,
    variant: label,
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    forbidden: forbiddenIn(service, files),
  };
}

export function loadedTable(loaded: LoadedFiles): string[] {
  const holds = (f: LoadedFile): string =>
    Object.entries(f.holds)
      .map(([code, markers]) => `${code} (${markers.join(', ')})`)
      .join('; ') || '–';
  return [
    `${loaded.variant}: ${loaded.files.length} files, ${kb(loaded.bytes)}, in load order` +
      (loaded.forbidden.length
        ? `. **Loads forbidden code: ${loaded.forbidden.join(', ')}.**`
        : `; none holds ${forbiddenWords(loaded.service)} code.`),
    '',
    '| file | bytes | service code in it |',
    '| --- | ---: | --- |',
    ...loaded.files.map((f) => `| ${f.file} | ${f.bytes} | ${holds(f)} |`),
  ];
}
