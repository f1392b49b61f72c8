/** The report: markdown to stdout and bench/results/latest-node<major>.md, raw data to .json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUDGET, type Budget, type Measured } from './budgets.js';
import { ALL_SERVICES, resultsDir } from './config.js';
import { CODE_MARKERS, CODE_NAMES, FORBIDDEN, forbiddenWords, type Code } from './code.js';
import { kb, mb, ms, x } from './format.js';
import { loadedTable } from './loaded.js';
import { PHASES } from './phases.js';
import type { LatencyResult } from './stats.js';

/** The run's circumstances: the report's first line and the JSON's `meta`. */
export interface Meta {
  date: string;
  commit: string;
  distMatchesCommit: boolean;
  node: string;
  cpus: number;
  cpu: string;
  awsCli: string;
  services: string[];
  runs: number;
  warmup: number;
  durationS: number;
  /** 1-minute load average before and after: other work on the machine skews the numbers. */
  loadAverage: number[];
}

export interface Report extends Measured {
  /** Why a service did not run, one sentence each. */
  unavailable: string[];
  budgets: Budget[];
  meta: Meta;
}

function latencyTable(result: LatencyResult): string[] {
  const rows = [
    '| variant | wall median ms | IQR | min–max | × floor | CPU ms (user+sys) | × floor | max RSS MB | × floor | first request ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const v of result.variants) {
    if (v.unavailable) {
      const why = v.unavailable.startsWith('not available')
        ? v.unavailable
        : `unavailable: ${v.unavailable}`;
      rows.push(`| ${v.label} | ${why} | | | | | | | | |`);
      continue;
    }
    rows.push(
      `| ${v.label} | ${ms(v.wallMs?.median)} | ${ms(v.wallMs?.q1)}–${ms(v.wallMs?.q3)} | ` +
        `${ms(v.wallMs?.min)}–${ms(v.wallMs?.max)} | ${x(v.wallRatio)} | ${ms(v.cpuMs?.median)} | ` +
        `${x(v.cpuRatio)} | ${mb(v.maxRssMB?.median)} (max ${mb(v.maxRssMB?.max)}) | ` +
        `${x(v.rssRatio)} | ${ms(v.firstRequestMs?.median)} |`,
    );
  }
  return rows;
}

function phaseTable(result: LatencyResult): string[] {
  const shown = result.variants.filter((v) => v.phases);
  const rows = [
    `| phase (median ms) | ${shown.map((v) => v.label).join(' | ')} |`,
    `| --- | ${shown.map(() => '---:').join(' | ')} |`,
  ];
  for (const [key, label] of PHASES) {
    rows.push(`| ${label} | ${shown.map((v) => ms(v.phases?.[key])).join(' | ')} |`);
  }
  return rows;
}

/** The forbidden-code rule, checked as a budget: what each service's happy path must not load. */
function forbiddenRule(): string {
  const codes = (Object.keys(CODE_NAMES) as Code[]).filter((code) =>
    ALL_SERVICES.some((service) => FORBIDDEN[service].includes(code)),
  );
  return `Forbidden on the happy path (a budget): ${ALL_SERVICES.map(
    (service) => `a ${service} run loads no ${forbiddenWords(service)} code`,
  ).join('; ')} (${codes.map((code) => `${code}: ${CODE_NAMES[code]}`).join('; ')}).`;
}

export function render(report: Report): string {
  const { results, dist, loaded, unavailable, budgets, meta } = report;
  const lines = [
    '# kendra-sync benchmark',
    '',
    `${meta.date} · commit ${meta.commit}${meta.distMatchesCommit ? '' : ' (dist/ modified)'} · ` +
      `Node ${meta.node} · ${meta.cpus}× ${meta.cpu} · AWS CLI ${meta.awsCli} · ` +
      `${meta.runs} paired runs per latency after ${meta.warmup} warm-up rounds, order alternating · ` +
      `load average ${meta.loadAverage.join(' → ')} (${meta.durationS} s).`,
    '',
    'Wall time from spawn to exit of the whole process; CPU and max RSS from GNU time; ' +
      '"× floor" is the median over rounds of the ratio to the floor run of the same round; ' +
      '"first request" is spawn to the simulator receiving the OIDC request.',
  ];
  for (const result of results) {
    lines.push('', `## ${result.latencyMs} ms added to every answer`, '');
    lines.push(...latencyTable(result), '', ...phaseTable(result));
  }
  lines.push(
    '',
    '## dist/',
    '',
    `All files: ${kb(dist.bytes)} in ${dist.files} files; JS only: ${kb(dist.jsBytes)} in ${dist.jsFiles} files; ` +
      `start path (index.js and its static imports): ${kb(dist.startPathBytes)} in ${dist.startPathFiles.length} files.`,
    '',
    '## Files loaded',
    '',
    'What one extra, untimed run of each service loads from dist/ (a loader hook, ' +
      '`bench/loaded-files.mjs`, lists them); "service code" is found by content ' +
      `(${Object.entries(CODE_MARKERS)
        .map(([code, markers]) => `${code}: ${markers.map((m) => `'${m}'`).join(', ')}`)
        .join('; ')}).`,
    '',
    forbiddenRule(),
  );
  for (const entry of loaded) lines.push('', ...loadedTable(entry));
  for (const note of unavailable) lines.push('', note);
  lines.push(
    '',
    '## Budgets',
    '',
    '| budget | limit | actual | |',
    '| --- | --- | --- | --- |',
    ...budgets.map(
      (b) =>
        `| ${b.name} | ${b.limit} | ${b.actual} | ${
          b.ok === undefined ? b.why : b.ok ? 'ok' : '**FAILED**'
        } |`,
    ),
  );
  return lines.join('\n') + '\n';
}

/** Writes the markdown and the JSON (one pair per Node major); returns their base name. */
export function writeResults(report: Report, markdown: string): string {
  const { meta, budgets, dist, loaded, results } = report;
  mkdirSync(resultsDir, { recursive: true });
  // One pair of files per Node major: latest-node24.md is the headline (runners use Node 24).
  const base = `latest-node${meta.node.split('.')[0]}`;
  writeFileSync(path.join(resultsDir, `${base}.md`), markdown);
  // Raw samples stay, without their phases (summarized per variant), one line each.
  const slim = results.map((r) => ({
    ...r,
    variants: r.variants.map((v) => ({
      ...v,
      samples: v.samples.map((sample) => ({ ...sample, phases: undefined })),
    })),
  }));
  const round = (_key: string, value: unknown): unknown =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 10) / 10 : value;
  const json = JSON.stringify(
    { meta, budget: BUDGET, budgets, dist, loaded, results: slim },
    round,
    1,
  )
    // Objects of plain values on one line each.
    .replace(/\{\n\s*("[^"\n]+": [^{}[\]\n]+,?\n\s*)+\}/g, (object) =>
      object.replace(/\n\s*/g, ' '),
    );
  writeFileSync(path.join(resultsDir, `${base}.json`), json + '\n');
  return base;
}
