// Run the simulator as a process: npx tsx sim/cli.ts [--port N] [--latency MS] [--demo]
// Prints one JSON line once listening (scripts read it), then serves until SIGINT/SIGTERM.
import { startSimulator } from './index.js';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: tsx sim/cli.ts [--port N] [--latency MS] [--demo]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number; latencyMs: number; demo: boolean } {
  const out = { port: 0, latencyMs: 0, demo: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) usage(`${flag} needs a non-negative integer`);
      return Number(v);
    };
    if (flag === '--port') out.port = value();
    else if (flag === '--latency') out.latencyMs = value();
    else if (flag === '--demo') out.demo = true;
    else if (flag === '--help' || flag === '-h')
      usage('Local GitHub OIDC + STS + Kendra simulator.');
    else usage(`unknown argument: ${arg}`);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const sim = await startSimulator({ port: args.port, latencyMs: args.latencyMs });

const info: Record<string, unknown> = { url: sim.url, env: sim.env() };
if (args.demo) {
  const roleArn = 'arn:aws:iam::123456789012:role/kendra-sync-demo';
  sim.addRole(roleArn, { audience: 'sts.amazonaws.com', subject: 'repo:octo-org/docs:*' });
  // Short jobs so a demo run waits a couple of seconds, not an hour.
  sim.setDefaultJob({ syncingMs: 1200, indexingMs: 800, stoppingMs: 500 });
  const indexId = sim.addIndex({ name: 'docs-index' });
  const website = sim.addDataSource(indexId, { name: 'website', type: 'WEBCRAWLERV2' });
  const pdfs = sim.addDataSource(indexId, { name: 'pdfs', type: 'S3' });
  sim.addHistory(indexId, website, 6);
  sim.addHistory(indexId, pdfs, 4);
  // Long-term keys for clients that do not use OIDC (ambient credentials, the AWS CLI).
  const user = sim.addUser('demo-ci');
  Object.assign(info, { indexId, dataSources: { website, pdfs }, roleArn, user });
}
process.stdout.write(JSON.stringify(info) + '\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
