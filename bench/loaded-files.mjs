// Preload for the benchmark's file-listing run (`node --import ./bench/loaded-files.mjs ...`):
// appends the path of every module file the process loads to the file BENCH_LOADED_FILES names,
// one line each, in load order. Only for that extra run: a loader hook changes timings.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  // Hooks run on their own thread (Node 20 and 24 alike); this same file provides them.
  register(import.meta.url, { data: { list: process.env.BENCH_LOADED_FILES } });
}

let list;
export function initialize(data) {
  list = data?.list;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (list && url.startsWith('file:')) appendFileSync(list, `${fileURLToPath(url)}\n`);
  return result;
}
