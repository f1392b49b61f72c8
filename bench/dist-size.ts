/** How big dist/ is: all files, JS only, and the start path parsed before anything runs. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface DistSize {
  files: number;
  bytes: number;
  jsFiles: number;
  jsBytes: number;
  /** dist/index.js and the chunks it imports statically: parsed before anything runs. */
  startPathFiles: string[];
  startPathBytes: number;
}

export function distSize(dist: string): DistSize {
  const size: DistSize = {
    files: 0,
    bytes: 0,
    jsFiles: 0,
    jsBytes: 0,
    startPathFiles: [],
    startPathBytes: 0,
  };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const bytes = statSync(full).size;
        size.files++;
        size.bytes += bytes;
        if (/\.[cm]?js$/.test(entry.name)) {
          size.jsFiles++;
          size.jsBytes += bytes;
        }
      }
    }
  };
  walk(dist);
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Static imports only: `import ... from "./x.js"` and `import "./x.js"`, not import().
    for (const match of text.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(path.resolve(path.dirname(file), match[1]));
    }
  };
  visit(path.join(dist, 'index.js'));
  size.startPathFiles = [...seen].map((file) => path.relative(dist, file));
  size.startPathBytes = [...seen].reduce((sum, file) => sum + statSync(file).size, 0);
  return size;
}
