/**
 * Failed documents after a job ended (src/lifecycle/failed-documents.ts): when the service is
 * asked at all (failed-documents: 0 never asks), and what the log shows.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { showFailedDocuments } from '../../src/lifecycle/failed-documents.js';
import type { FailedDocuments, Target } from '../../src/model.js';
import { captureLog, FakeClock, FakeService, job } from '../helpers/fake-service.js';

const WEBSITE: Target = { containerId: 'c-1', dataSourceId: 'ds-1', dataSourceName: 'website' };

let clock: FakeClock;
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  clock = new FakeClock();
  printed = captureLog(clock);
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** A service whose failedDocuments answers `found`, counting its calls. */
function answering(found: FailedDocuments) {
  const service = new FakeService(clock);
  const asked: number[] = [];
  service.failedDocuments = async (_target, _job, limit) => {
    asked.push(limit);
    return found;
  };
  return { service, asked };
}

const TWO: FailedDocuments = {
  documents: [
    { uri: 'https://docs.example.com/a', errorCode: 'InvalidMetadata', message: 'bad attribute' },
    { documentId: 'doc-b', message: 'too large' },
  ],
  more: 0,
};

const logged = () => printed.map((p) => p.line);

describe('showFailedDocuments', () => {
  it('asks the service for a job with failed documents, logs each and returns them', async () => {
    const { service, asked } = answering(TWO);
    const found = await showFailedDocuments(service, WEBSITE, job({ metrics: { failed: 2 } }), 10);
    expect(asked).toEqual([10]);
    expect(found).toBe(TWO);
    expect(logged()).toEqual([
      'Failed documents in data source "website" (ds-1) (sync job run-7), 2 shown:',
      '  https://docs.example.com/a (InvalidMetadata): bad attribute',
      '  doc-b: too large',
    ]);
  });

  it('says how many more there are and where to see them all', async () => {
    const { service } = answering({ ...TWO, more: 5, link: 'https://console.example/logs' });
    await showFailedDocuments(service, WEBSITE, job({ outcome: 'incomplete' }), 2);
    expect(logged()[0]).toBe(
      'Failed documents in data source "website" (ds-1) (sync job run-7), 2 shown, 5 more; all of them: https://console.example/logs:',
    );
  });

  it('asks for a failed job and an incomplete one even when no count says documents failed', async () => {
    for (const outcome of ['failed', 'incomplete'] as const) {
      const { service, asked } = answering(TWO);
      await showFailedDocuments(service, WEBSITE, job({ outcome }), 3);
      expect(asked).toEqual([3]);
    }
  });

  it('asks about a succeeded job that skipped documents or gave reasons: they are worth naming', async () => {
    for (const skipped of [job({ metrics: { skipped: 1 } }), job({ reasons: ['a.pdf skipped'] })]) {
      const { service, asked } = answering(TWO);
      await showFailedDocuments(service, WEBSITE, skipped, 4);
      expect(asked).toEqual([4]);
    }
  });

  it('says which link it gives, when the service names it', async () => {
    const { service } = answering({ ...TWO, link: 'https://x.example', linkText: 'the log group' });
    await showFailedDocuments(service, WEBSITE, job({ outcome: 'failed' }), 2);
    expect(logged()[0]).toBe(
      'Failed documents in data source "website" (ds-1) (sync job run-7), 2 shown; the log group: https://x.example:',
    );
  });

  it('never asks about a succeeded job with no failed documents', async () => {
    const { service, asked } = answering(TWO);
    const found = await showFailedDocuments(service, WEBSITE, job({ outcome: 'succeeded' }), 10);
    expect(found).toBeUndefined();
    expect(asked).toEqual([]);
    expect(logged()).toEqual([]);
  });

  it('failed-documents: 0 never asks the service', async () => {
    const { service, asked } = answering(TWO);
    const found = await showFailedDocuments(service, WEBSITE, job({ outcome: 'failed' }), 0);
    expect(found).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('returns nothing when the service found none, and its note alone when it has one', async () => {
    const none = answering({ documents: [], more: 0 });
    expect(
      await showFailedDocuments(none.service, WEBSITE, job({ metrics: { failed: 1 } }), 10),
    ).toBeUndefined();
    expect(logged()).toEqual([]);
    const noted = { documents: [], more: 0, note: 'The logs are gone after 30 days.' };
    const withNote = answering(noted);
    expect(
      await showFailedDocuments(withNote.service, WEBSITE, job({ metrics: { failed: 1 } }), 10),
    ).toBe(noted);
    expect(logged()).toEqual(['The logs are gone after 30 days.']);
  });
});
