// The benchmark's files-loaded check (bench/code.ts): that it sees forbidden code in the form the
// build ships it (minified ESM), and that seeing it fails the budget.
import { describe, expect, it } from '@jest/globals';
import { build, type Plugin } from 'esbuild';
import { checkBudgets } from '../../bench/budgets.js';
import { codeIn, forbiddenIn } from '../../bench/code.js';
import type { LoadedFiles } from '../../bench/loaded.js';

/** Bundles `source` the way scripts/build.mjs does (ESM, minified, packages' ES module builds). */
async function bundled(source: string, plugins: Plugin[] = []): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    target: 'node20',
    minify: true,
    write: false,
    logLevel: 'error',
    plugins,
  });
  return result.outputFiles[0].text;
}

/** Every module of @actions/github free of side effects, as the action's build is to declare. */
const githubSideEffectFree: Plugin = {
  name: 'github-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.skip) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: { skip: true },
      });
      const github = resolved.path.includes('/node_modules/@actions/github/');
      return github ? { ...resolved, sideEffects: false } : resolved;
    });
  },
};

describe('bench/code.ts markers', () => {
  it.each([
    [
      'Kendra start',
      ['kendra'],
      '@aws-sdk/client-kendra',
      'KendraClient',
      'StartDataSourceSyncJobCommand',
    ],
    [
      'Kendra Retrieve',
      ['kendra', 'search'],
      '@aws-sdk/client-kendra',
      'KendraClient',
      'RetrieveCommand',
    ],
    [
      'Bedrock start',
      ['bedrock'],
      '@aws-sdk/client-bedrock-agent',
      'BedrockAgentClient',
      'StartIngestionJobCommand',
    ],
    [
      'Bedrock Retrieve',
      ['search'],
      '@aws-sdk/client-bedrock-agent-runtime',
      'BedrockAgentRuntimeClient',
      'RetrieveCommand',
    ],
  ])('%s holds %j code', async (_name, codes, pkg, client, command) => {
    const text = await bundled(
      `import { ${client} as Client, ${command} as Command } from '${pkg}';` +
        'console.log(new Client({}).send(new Command({})));',
    );
    expect(Object.keys(codeIn(text)).sort()).toEqual(codes);
  });

  it('finds Octokit, through @actions/github or on its own', async () => {
    const github = "import { getOctokit } from '@actions/github'; console.log(getOctokit('t'));";
    const core = "import { Octokit } from '@octokit/core'; console.log(new Octokit());";
    expect(codeIn(await bundled(github))).toHaveProperty('octokit');
    expect(codeIn(await bundled(core))).toHaveProperty('octokit');
  });

  it("passes @actions/github's context alone, and only when the rest is left out", async () => {
    const context = "import { context } from '@actions/github'; console.log(context.repo);";
    expect(codeIn(await bundled(context, [githubSideEffectFree]))).toEqual({});
    // Without the declaration, utils.js's module-level Octokit.plugin() call keeps Octokit in.
    expect(codeIn(await bundled(context))).toHaveProperty('octokit');
  });
});

describe('the files-loaded budget', () => {
  const entry = (service: 'kendra' | 'bedrock', texts: Record<string, string>): LoadedFiles => {
    const files = Object.entries(texts).map(([file, text]) => ({
      file,
      bytes: text.length,
      holds: codeIn(text),
    }));
    return { service, variant: service, files, bytes: 0, forbidden: forbiddenIn(service, files) };
  };
  const budgetsFor = (loaded: LoadedFiles[]) =>
    checkBudgets({
      results: [],
      dist: { files: 0, bytes: 0, jsFiles: 0, jsBytes: 0, startPathFiles: [], startPathBytes: 0 },
      loaded,
      services: ['kendra', 'bedrock'],
      nodeVersion: '24.0.0',
    }).filter((b) => b.name.includes('happy path loads'));

  it('fails for the service whose run loaded forbidden code, and names the file', () => {
    const budgets = budgetsFor([
      entry('kendra', {
        'index.js': 'const a=1;',
        'chunks/kendra-X.js': 'x="AWSKendraFrontendService";',
        'chunks/chunk-Y.js': 'ua=`octokit-core.js/${v}`;s="RetrieveResult";',
      }),
      entry('bedrock', {
        'index.js': 'const a=1;',
        'chunks/bedrock-Z.js': 'o="StartIngestionJob";',
      }),
    ]);
    expect(budgets.map((b) => [b.name, b.ok, b.actual])).toEqual([
      [
        'kendra: happy path loads no bedrock, logs, search or octokit code',
        false,
        "chunks/chunk-Y.js ('RetrieveResult', 'octokit-core.js')",
      ],
      [
        'bedrock: happy path loads no kendra, logs, search or octokit code',
        true,
        expect.any(String),
      ],
    ]);
  });

  it("fails for the other service's code", () => {
    const [kendra] = budgetsFor([entry('kendra', { 'chunks/logs-X.js': 'a="FilterLogEvents"' })]);
    expect(kendra.ok).toBe(false);
  });
});
