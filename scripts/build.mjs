// Builds dist/: the bundle runners execute. ESM (the @actions packages are ESM-only), minified,
// split so that code only some runs need (each service's SDK client, STS, CloudWatch Logs, the
// search check's Retrieve, the proxy agent) loads only when used, and each SDK client can load
// while a request is in flight (src/open.ts).
import { build } from 'esbuild';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
// --check builds into a scratch folder and fails if the committed dist/ differs from it.
const check = process.argv.includes('--check');
// Either way the bundle is written to a scratch folder first: a test running meanwhile never
// sees a half-written dist/.
const dist = await mkdtemp(
  check ? path.join(tmpdir(), 'kendra-sync-dist-') : path.join(root, '.dist-'),
);

// These packages' module-level code has no effects we need; declaring that lets the bundler drop
// what @actions/core imports for features this action doesn't use (its own OIDC client pulls in
// undici; platform details pull in @actions/exec).
const sideEffectFree =
  /^(@actions\/(core|exec|http-client|io|github)|@octokit\/[^/]+|undici|tunnel)(\/|$)/;
// The same for those packages' own relative imports: @actions/github's index imports Octokit's
// client next to `context`, the one export the action uses; declared free of side effects, the
// bundler keeps `context` alone and ships no Octokit code.
const sideEffectFreeInside = /node_modules\/(@actions\/(core|github)|@octokit\/[^/]+)\//;

// Kendra's SDK keeps every operation's shapes in one module (schemas_0.js). Shared with the happy
// path, the search check's Retrieve shapes would load on every run; so the search module's import
// of the Kendra client gets its own copy of that package's modules, in the search chunk that loads
// only for check-query (bench/ checks no Retrieve code loads without it).
const ownCopyFor = /src\/services\/kendra\/search\.ts$/;
const ownCopyOf = /node_modules\/@aws-sdk\/client-kendra\//;

// Node's ESM wrapper of a built-in reads every export once, getters included: importing node:http
// that way loads Node's bundled undici (for its WebSocket export) and node:crypto its webcrypto.
// Taken from process.getBuiltinModule, a built-in's property is read only when code uses it.
const builtin = new RegExp(`^(node:)?(${builtinModules.join('|').replace(/\//g, '\\/')})$`);

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer packages' ES module builds: only those let the bundler drop the SDK commands never sent.
  mainFields: ['module', 'main'],
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  // Some bundled CommonJS calls require() for Node built-ins; give ESM chunks a real require.
  banner: {
    js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  },
  plugins: [
    {
      name: 'builtins-without-esm-wrapper',
      setup(b) {
        // A wrapper per importing module: it then lands in its importer's chunk instead of
        // a shared chunk of its own (Kendra path: 21 -> 16 files).
        b.onResolve({ filter: builtin }, (args) => ({
          path: `${args.path.replace(/^node:/, '')}|${path.relative(root, args.importer)}`,
          namespace: 'builtin',
        }));
        b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
          contents: `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${args.path.split('|')[0]}`)});`,
          loader: 'js',
        }));
      },
    },
    {
      name: 'search-own-copy',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.pluginData?.skip) return undefined;
          const copying =
            args.namespace === 'search-copy' ||
            (ownCopyFor.test(args.importer) && args.path === '@aws-sdk/client-kendra');
          if (!copying) return undefined;
          const resolved = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            pluginData: { skip: true },
          });
          if (resolved.errors.length > 0 || !ownCopyOf.test(resolved.path)) return resolved;
          // Relative to the repository: a path in a namespace of its own goes into the chunks'
          // hashes as it is, and dist/ must build the same in any checkout.
          const relative = path.relative(root, resolved.path);
          return { path: relative, namespace: 'search-copy', sideEffects: false };
        });
        b.onLoad({ filter: /.*/, namespace: 'search-copy' }, async (args) => ({
          contents: await readFile(path.join(root, args.path), 'utf8'),
          loader: args.path.endsWith('.json') ? 'json' : 'js',
          resolveDir: path.dirname(path.join(root, args.path)),
        }));
      },
    },
    {
      name: 'side-effect-free',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.pluginData?.skip) return undefined;
          const relative = args.path.startsWith('.');
          if (
            !(relative ? sideEffectFreeInside.test(args.importer) : sideEffectFree.test(args.path))
          ) {
            return undefined;
          }
          const resolved = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            pluginData: { skip: true },
          });
          return { ...resolved, sideEffects: false };
        });
      },
    },
  ],
});

await writeFile(path.join(dist, 'package.json'), '{ "type": "module" }\n');

// Third-party licenses of everything bundled, shipped beside the bundle.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  // Those namespaces hold built-ins and copies of packages listed under their own paths too.
  if (input.startsWith('builtin:') || input.startsWith('search-copy:')) continue;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packages.set(match[1], input.slice(0, match.index + match[0].length));
}
// A license text shared by several packages (the AWS SDK's Apache-2.0, mostly) is written once,
// under the list of the packages it covers: 218 kB -> 55 kB today, room for more SDK clients.
const packagesByText = new Map();
for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const pkg = JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8'));
  let text = '';
  for (const file of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']) {
    text = await readFile(path.join(root, dir, file), 'utf8').catch(() => '');
    if (text) break;
  }
  const key = text.trim();
  if (!packagesByText.has(key)) packagesByText.set(key, []);
  packagesByText.get(key).push(`${name}@${pkg.version} (${pkg.license ?? 'UNKNOWN'})`);
}
const sections = [...packagesByText].map(
  ([text, names]) => `${names.join('\n')}\n${text || '(no license file in the package)'}`,
);
await writeFile(path.join(dist, 'licenses.txt'), sections.join('\n\n') + '\n');

if (!check) {
  const committed = path.join(root, 'dist');
  const old = `${dist}-old`;
  await rename(committed, old).catch(() => undefined);
  await rename(dist, committed);
  await rm(old, { recursive: true, force: true });
} else {
  const list = async (dir) =>
    (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .sort();
  const committed = path.join(root, 'dist');
  const [fresh, existing] = await Promise.all([list(dist), list(committed).catch(() => [])]);
  const differing = [...new Set([...fresh, ...existing])].filter(
    (file) => !fresh.includes(file) || !existing.includes(file),
  );
  for (const file of fresh.filter((name) => existing.includes(name))) {
    const [a, b] = await Promise.all([
      readFile(path.join(dist, file)),
      readFile(path.join(committed, file)),
    ]);
    if (!a.equals(b)) differing.push(file);
  }
  await rm(dist, { recursive: true, force: true });
  if (differing.length > 0) {
    console.error(
      `dist/ is not in step with src/: ${differing.join(', ')} differ. Run \`npm run build\` and commit dist/.`,
    );
    process.exit(1);
  }
  console.log('dist/ is in step with src/.');
}
