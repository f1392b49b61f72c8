/**
 * Text from AWS or from inputs cannot issue workflow commands: whatever Kendra says, and whatever
 * a workflow puts in an input, the runner sees only the action's own commands.
 */
import { describe, expect, it } from '@jest/globals';
import { decodeCommandData, workflowCommands, type RunResult } from '../../tools/runner.js';
import { expectCleanFailure } from '../helpers/clean-failure.js';
import { expectNoSecrets, useWorld } from '../helpers/world.js';

const world = useWorld();

/** Text crafted to look like workflow commands to the runner, in each form it reads. */
const INJECTIONS: Array<[string, string]> = [
  ['a command on its own line', 'Bad request\n::error::injected'],
  ['an indented add-mask (the runner trims)', 'Bad request\n  ::add-mask::injected'],
  ['the legacy ##[ form mid-line', 'Bad request, see ##[add-mask]injected'],
  ['a set-env command', 'Bad request\n::set-env name=X::y'],
];

/** Drops the invisible characters an inert rendering may add. */
const visible = (text: string) => text.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');

/**
 * What the runner would act on: only `add-mask` for the secrets this run was issued, and exactly
 * `errors` error annotations; nothing that came from the crafted text.
 */
function expectOnlyOwnCommands(result: RunResult, secrets: string[], errors: number): void {
  const commands = workflowCommands(result.stdout);
  const names = commands.map(({ command }) => command);
  expect(names.filter((name) => name !== 'add-mask' && name !== 'error')).toEqual([]);
  expect(names.filter((name) => name === 'error')).toHaveLength(errors);
  for (const { command, line } of commands) {
    if (command !== 'add-mask') continue;
    // A real `::add-mask::<secret>` line, at the start of the line, for a secret of this run.
    expect(line.startsWith('::add-mask::')).toBe(true);
    expect(secrets).toContain(decodeCommandData(line.slice('::add-mask::'.length)));
  }
  // The only commands that carry the crafted text are the action's own error annotations.
  for (const { command, line } of commands) {
    if (line.includes('injected') || line.includes('set-env')) {
      expect(command).toBe('error');
      expect(line.startsWith('::error::')).toBe(true);
    }
  }
  // The legacy form is read anywhere in a line: none may survive.
  expect(result.stdout).not.toContain('##[');
}

/** Secrets issued since `before`, plus the access key IDs that signed Kendra calls. */
function secretsSince(before: number): string[] {
  return [
    ...world.sim.issuedSecrets().slice(before),
    ...world.sim.requests.flatMap((r) => (r.accessKeyId ? [r.accessKeyId] : [])),
  ];
}

describe('error messages from Kendra', () => {
  it.each(INJECTIONS)('%s is printed inert', async (_title, text) => {
    world.sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'error',
      status: 400,
      code: 'ValidationException',
      message: text,
    });
    const before = world.sim.issuedSecrets().length;
    const result = await world.run();
    expectCleanFailure(result);
    expect(world.sim.countOf('kendra', 'StartDataSourceSyncJob')).toBe(1);
    expectOnlyOwnCommands(result, secretsSince(before), 1);
    // Still there for the reader, word for word.
    expect(visible(result.errors[0])).toContain(text);
    expectNoSecrets(world.sim, result);
  });

  it('stays inert when several data sources fail and each failure is annotated', async () => {
    const wiki = world.sim.addDataSource(world.indexId, { name: 'wiki' });
    const text = 'Bad request\n::error::injected\n  ::add-mask::injected ##[add-mask]injected';
    world.sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'error',
      status: 400,
      code: 'ValidationException',
      message: text,
    });
    const before = world.sim.issuedSecrets().length;
    const result = await world.run({ 'data-source-id': `${world.dataSourceId},${wiki}` });
    expect(result.code).toBe(1);
    expect(world.sim.countOf('kendra', 'StartDataSourceSyncJob')).toBe(2);
    // One annotation per failed data source, and the closing one.
    expectOnlyOwnCommands(result, secretsSince(before), 3);
    expect(result.errors.filter((message) => visible(message).includes(text))).toHaveLength(2);
    expectNoSecrets(world.sim, result);
  });

  it("a failed job's error message, read while waiting, is printed inert", async () => {
    const text = 'Crawler failed\n::error::injected\n  ::add-mask::injected ##[set-env name=X]y';
    world.sim.scriptJobs(world.indexId, world.dataSourceId, {
      status: 'FAILED',
      syncingMs: 200,
      errorMessage: text,
      errorCode: 'InternalError',
    });
    const before = world.sim.issuedSecrets().length;
    const result = await world.run({ 'wait-for-completion': 'true', 'poll-interval-seconds': '1' });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('FAILED');
    expectOnlyOwnCommands(result, secretsSince(before), 1);
    expect(visible(result.errors[0])).toContain(text);
  });
});

describe('input values echoed in validation errors', () => {
  const cases: Array<[string, string]> = [
    ['data-source-name', 'docs\n::error::injected'],
    ['data-source-name', '  ::add-mask::injected'],
    ['data-source-name', 'see ##[add-mask]injected'],
    ['data-source-name', '::set-env name=X::y'],
    ['index-name', 'docs ##[add-mask]injected'],
  ];

  it.each(cases)('%s %j is printed inert', async (input, value) => {
    const inputs: Record<string, string> =
      input === 'index-name'
        ? { 'index-id': '', 'index-name': value }
        : { 'data-source-id': '', 'data-source-name': value };
    const result = await world.run(inputs);
    expectCleanFailure(result);
    // Validation fails before any request: no secrets exist, so no add-mask at all.
    expect(world.sim.requests).toEqual([]);
    expectOnlyOwnCommands(result, [], 1);
    const [message] = result.errors.map(visible);
    expect(message).toContain(`'${input}'`);
    // The offending entry (a list is split on newlines and trimmed) is shown as given.
    const offending = value
      .split('\n')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== 'docs')[0];
    expect(message).toContain(offending);
  });
});
