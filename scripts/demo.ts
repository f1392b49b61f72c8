/**
 * The demo: starts the local AWS simulator (GitHub OIDC token endpoint, STS and Kendra on
 * loopback), runs the committed dist/index.js against it the way the runner does, and shows the
 * log, the outputs and the job summary.
 */
import { runAction } from '../tools/runner.js';
import { startSimulator } from '../sim/index.js';

const sim = await startSimulator();
try {
  const roleArn = 'arn:aws:iam::123456789012:role/kendra-sync-demo';
  sim.addRole(roleArn, { subject: 'repo:octo-org/docs:*' });
  const indexId = sim.addIndex({ name: 'docs-index' });
  const website = sim.addDataSource(indexId, { name: 'website', type: 'WEBCRAWLERV2' });
  const pdfs = sim.addDataSource(indexId, { name: 'pdfs', type: 'S3' });
  sim.scriptJobs(indexId, website, {
    status: 'SUCCEEDED',
    syncingMs: 1500,
    indexingMs: 1500,
    metrics: { scanned: 412, added: 12, modified: 30, deleted: 2, failed: 0 },
  });
  sim.scriptJobs(indexId, pdfs, {
    status: 'SUCCEEDED',
    syncingMs: 1000,
    indexingMs: 1000,
    metrics: { scanned: 57, added: 3, modified: 1, deleted: 0, failed: 0 },
  });

  const inputs = {
    'index-name': 'docs-index',
    'data-source-name': 'website\npdfs',
    'aws-region': 'us-east-1',
    'role-to-assume': roleArn,
    'wait-for-completion': 'true',
    'poll-interval-seconds': '1',
  };
  console.log(`Simulator on ${sim.url}. Workflow step:\n`);
  console.log('  - uses: org/kendra-sync@v1\n    with:');
  for (const [name, value] of Object.entries(inputs)) {
    console.log(
      `      ${name}: ${value.includes('\n') ? `|\n        ${value.replace(/\n/g, '\n        ')}` : value}`,
    );
  }
  console.log('\n--- action log ---');
  const result = await runAction({ inputs, env: sim.env(), echo: true, timeoutMs: 60_000 });
  console.log(`--- exit code ${result.code} after ${result.durationMs} ms ---\n`);
  console.log('Outputs:');
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`);
  console.log('\nJob summary (GITHUB_STEP_SUMMARY):\n');
  console.log(result.summary);
  const calls = sim.requests.map((request) => `${request.service}:${request.action}`);
  const counts = calls.reduce<Record<string, number>>(
    (all, call) => ({ ...all, [call]: (all[call] ?? 0) + 1 }),
    {},
  );
  console.log('Requests the simulator answered:', counts);
  process.exitCode = result.code ?? 1;
} finally {
  await sim.close();
}
