import { describe, expect, it } from '@jest/globals';
import { clientToken, description } from '../../src/services/bedrock/describe.js';

const target = { containerId: 'KB12345678', dataSourceId: 'DS12345678' };
const run = {
  repository: 'octo-org/docs',
  runId: '123',
  runAttempt: '1',
  job: 'deploy',
  step: '__org_kendra-sync',
  sha: '0123456789abcdef0123456789abcdef01234567',
};

describe('clientToken', () => {
  it("fits the model's rule: 33-256 of [a-zA-Z0-9-], starting and ending alphanumeric", () => {
    const token = clientToken(target, run);
    expect(token).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){32,255}$/);
  });
  it('is the same for the same step, and differs for another attempt, job, step or data source', () => {
    const same = clientToken(target, run);
    expect(clientToken(target, { ...run })).toBe(same);
    for (const change of [
      { runAttempt: '2' },
      { job: 'other' },
      { step: '__org_kendra-sync_2' },
      { repository: 'octo-org/blog' },
    ]) {
      expect(clientToken(target, { ...run, ...change })).not.toBe(same);
    }
    expect(clientToken({ ...target, dataSourceId: 'DS00000000' }, run)).not.toBe(same);
  });
  it('is new for every start outside a workflow run', () => {
    expect(clientToken(target, {})).not.toBe(clientToken(target, {}));
  });
});

describe('description', () => {
  it('names the repository, the commit and the run, in at most 200 characters', () => {
    expect(description(run)).toBe(
      'kendra-sync for octo-org/docs at 0123456789ab, run 123 attempt 1',
    );
    expect(description({ ...run, repository: 'o/'.padEnd(300, 'x') }).length).toBe(200);
  });
});
