/**
 * Judging a job that ended (src/lifecycle/judge.ts): which endings fail the step, and the exact
 * words of the failure and the warnings a user reads in the log and the annotations.
 */
import { describe, expect, it } from '@jest/globals';
import { judgeJob } from '../../src/lifecycle/judge.js';
import type { Target } from '../../src/model.js';
import { FakeClock, FakeService, job } from '../helpers/fake-service.js';

const service = new FakeService(new FakeClock());
const WEBSITE: Target = { containerId: 'c-1', dataSourceId: 'ds-1', dataSourceName: 'website' };

const ENDED = 'Sync job run-7 on data source "website" (ds-1) ended';

describe('judgeJob', () => {
  it('a clean success: no failure, no warning', () => {
    expect(judgeJob(service, job({ metrics: { added: 4 } }), true, WEBSITE)).toEqual({
      warnings: [],
    });
  });

  it('a failed job fails the step with what the service said and its error code', () => {
    const failed = job({
      outcome: 'failed',
      status: 'FAILED',
      errorMessage: 'The role cannot read the bucket.',
      errorCode: 'AccessDenied',
      reasons: ['The role cannot read the bucket.'],
    });
    expect(judgeJob(service, failed, false, WEBSITE)).toEqual({
      failure: `${ENDED} FAILED: The role cannot read the bucket (AccessDenied).`,
      warnings: [],
    });
  });

  it('a failed job without an error code, and a stopped one, fail the step too', () => {
    const failed = job({ outcome: 'failed', status: 'FAILED', errorMessage: 'Gone' });
    expect(judgeJob(service, failed, false, WEBSITE).failure).toBe(`${ENDED} FAILED: Gone.`);
    const stopped = job({ outcome: 'stopped', status: 'STOPPED' });
    expect(judgeJob(service, stopped, false, WEBSITE)).toEqual({
      failure: `${ENDED} STOPPED.`,
      warnings: [],
    });
  });

  it('an incomplete job whose status word means complete gets the failed count in its failure', () => {
    const incomplete = job({ outcome: 'incomplete', status: 'DONE', metrics: { failed: 2 } });
    expect(judgeJob(service, incomplete, true, WEBSITE)).toEqual({
      failure: `${ENDED} DONE with 2 failed document(s). Set fail-on-incomplete: false to accept partly indexed syncs.`,
      warnings: [
        '2 document(s) failed to index in data source "website" (ds-1) (sync job run-7); see the data source\'s sync history in the Fakesearch console.',
      ],
    });
  });

  it("no count where the status word says incomplete itself, or the service's message says why", () => {
    const partly = job({ outcome: 'incomplete', status: 'PARTLY_DONE', metrics: { failed: 2 } });
    expect(judgeJob(service, partly, true, WEBSITE).failure).toBe(
      `${ENDED} PARTLY_DONE. Set fail-on-incomplete: false to accept partly indexed syncs.`,
    );
    const said = job({ outcome: 'incomplete', status: 'DONE', errorMessage: 'Some were too big.' });
    expect(judgeJob(service, said, true, WEBSITE).failure).toBe(
      `${ENDED} DONE: Some were too big. Set fail-on-incomplete: false to accept partly indexed syncs.`,
    );
    const succeeded = job({ outcome: 'succeeded', status: 'DONE' });
    expect(judgeJob(service, succeeded, true, WEBSITE).failure).toBeUndefined();
  });

  it('fail-on-incomplete false: an incomplete job only warns, saying the step goes on', () => {
    const incomplete = job({
      outcome: 'incomplete',
      status: 'PARTLY_DONE',
      metrics: { failed: 1 },
    });
    expect(judgeJob(service, incomplete, false, WEBSITE)).toEqual({
      warnings: [
        '1 document(s) failed to index in data source "website" (ds-1) (sync job run-7); see the data source\'s sync history in the Fakesearch console.',
        `${ENDED} PARTLY_DONE; fail-on-incomplete is false, so the step goes on.`,
      ],
    });
  });

  it('never a quiet success: a job that skipped documents warns, quoting its first reasons', () => {
    const skipped = job({
      metrics: { skipped: 383 },
      reasons: ['a.pdf is too large.', 'b.pdf is encrypted', 'c.pdf is empty!', 'd.pdf', 'e.pdf'],
    });
    expect(judgeJob(service, skipped, true, WEBSITE)).toEqual({
      warnings: [
        'Fakesearch skipped 383 document(s) in data source "website" (ds-1) (sync job run-7): a.pdf is too large; b.pdf is encrypted; c.pdf is empty (and 2 more).',
      ],
    });
  });

  it('exactly three reasons are quoted without "and more"; skipped documents without reasons too', () => {
    const three = job({ reasons: ['one', 'two', 'three'] });
    expect(judgeJob(service, three, true, WEBSITE).warnings).toEqual([
      'Fakesearch reported problems in data source "website" (ds-1) (sync job run-7): one; two; three.',
    ]);
    const bare = job({ metrics: { skipped: 1 } });
    expect(judgeJob(service, bare, true, WEBSITE).warnings).toEqual([
      'Fakesearch skipped 1 document(s) in data source "website" (ds-1) (sync job run-7).',
    ]);
  });

  it("a failed job's reasons are its error, not a second warning", () => {
    const failed = job({ outcome: 'failed', status: 'FAILED', reasons: ['denied'] });
    expect(judgeJob(service, failed, true, WEBSITE)).toEqual({
      failure: `${ENDED} FAILED.`,
      warnings: [],
    });
  });
});
