/**
 * A data source that is not ready (a managed connector being created or changed), as the
 * lifecycle meets it, in virtual time: a start refused as not ready waits and starts again, and a
 * job of ours that failed at once on such a data source is started again, once, when it is ready.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { startSync } from '../../src/lifecycle/start.js';
import { SyncProgress } from '../../src/lifecycle/progress.js';
import { syncAll, type SyncOptions } from '../../src/lifecycle/sync.js';
import type { NotReady, StartAnswer, Target } from '../../src/model.js';
import {
  captureLog,
  FakeClock,
  FakeService,
  MINUTE,
  T0,
  type JobScript,
} from '../helpers/fake-service.js';

const WIKI: Target = { containerId: 'collection-1', dataSourceId: 'wiki' };
const CREATING: NotReady = { status: 'CREATING', pending: true, reasons: [] };

let clock: FakeClock;
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  clock = new FakeClock();
  printed = captureLog(clock);
  // Debug lines on: some of what is checked here is said only there.
  process.env.RUNNER_DEBUG = '1';
});
afterEach(() => {
  delete process.env.RUNNER_DEBUG;
  jest.restoreAllMocks();
});

/** A fake whose data source reads as `states` in turn (then ready), refusing `refusals` starts. */
class NotReadyService extends FakeService {
  /** When readiness was read, in virtual seconds. */
  readonly reads: number[] = [];
  /** Each start request, in virtual seconds, and the `replacing` it carried. */
  readonly requests: number[] = [];
  readonly replacing: Array<string | undefined> = [];

  constructor(
    private readonly states: Array<NotReady | Error | undefined>,
    private readonly refusals: NotReady[] = [],
  ) {
    super(clock);
  }

  readiness = async (): Promise<NotReady | undefined> => {
    this.reads.push(this.elapsed() / 1000);
    const state = this.states.shift();
    if (state instanceof Error) throw state;
    return state;
  };

  override async startJob(target: Target, options?: { replacing?: string }): Promise<StartAnswer> {
    this.requests.push(this.elapsed() / 1000);
    this.replacing.push(options?.replacing);
    const refused = this.refusals.shift();
    if (refused) return { started: false, notReady: refused };
    return super.startJob(target);
  }
}

const options: SyncOptions = {
  ifRunning: 'wait',
  waitForCompletion: true,
  waitTimeoutMinutes: 60,
  pollIntervalSeconds: 30,
  failOnIncomplete: true,
  failedDocuments: 10,
};

const syncWiki = (service: FakeService) =>
  syncAll(service, new SyncProgress([WIKI]), options, clock, () => undefined);

const starts = (service: NotReadyService) => service.requests;
const lines = (text: string) => printed.filter((p) => p.line.includes(text)).map((p) => p.line);

describe('a start refused because the data source is not ready', () => {
  it('waits until it is ready, polling every interval, then starts', async () => {
    const service = new NotReadyService([CREATING, undefined], [CREATING]);
    const started = await startSync(service, WIKI, { ...options }, clock);
    expect(started).toMatchObject({ skipped: false, executionId: 'ours-1' });
    expect(service.reads).toEqual([30, 60]);
    expect(starts(service)).toEqual([0, 60]);
    expect(lines('Starting a sync job on data source wiki again.')).toHaveLength(1);
  });
});

describe('a job of ours that failed at once on a data source not ready', () => {
  it('is started again once the data source is ready, replacing the failed one', async () => {
    const service = new NotReadyService([CREATING, CREATING, undefined]);
    service.script('wiki', { durationMs: 20_000, outcome: 'failed' }, { durationMs: MINUTE });
    const [result] = await syncWiki(service);
    // Read once after the failure (at the poll that saw it, 30 s), then every 30 s until ready.
    expect(service.reads).toEqual([30, 60, 90]);
    expect(starts(service)).toEqual([0, 90]);
    expect(service.replacing).toEqual([undefined, 'ours-1']);
    expect(result).toMatchObject({
      outcome: 'succeeded',
      executionId: 'ours-2',
      endTime: new Date(T0 + 150_000),
    });
    expect(
      lines(
        'Sync job ours-1 on data source wiki ended FAILED at once: the data source is CREATING.',
      ),
    ).toHaveLength(1);
  });

  it('a job that ran exactly a minute still counts as failed at once', async () => {
    const service = new NotReadyService([CREATING, undefined]);
    service.script('wiki', { durationMs: MINUTE, outcome: 'failed' }, { durationMs: MINUTE });
    const [result] = await syncWiki(service);
    expect(starts(service)).toEqual([0, 90]);
    expect(result).toMatchObject({ outcome: 'succeeded', executionId: 'ours-2' });
  });

  it('a job that ran longer than a minute failed on its own: reported, not started again', async () => {
    const service = new NotReadyService([CREATING]);
    service.script('wiki', { durationMs: MINUTE + 1, outcome: 'failed' });
    const [result] = await syncWiki(service);
    expect(service.reads).toEqual([]);
    expect(starts(service)).toEqual([0]);
    expect(result).toMatchObject({ outcome: 'failed', executionId: 'ours-1' });
  });

  it('is started again only once: a second failure at once is reported', async () => {
    const service = new NotReadyService([CREATING, undefined, CREATING]);
    service.script(
      'wiki',
      { durationMs: 10_000, outcome: 'failed' },
      { durationMs: 10_000, outcome: 'failed' },
    );
    const [result] = await syncWiki(service);
    expect(starts(service)).toEqual([0, 60]);
    expect(result).toMatchObject({ outcome: 'failed', executionId: 'ours-2' });
  });

  it.each<[string, JobScript, Array<NotReady | Error>]>([
    ['a job that succeeded at once', { durationMs: 10_000 }, [CREATING]],
    ['a data source that is ready', { durationMs: 10_000, outcome: 'failed' }, []],
    [
      'a data source that failed (it will not become ready)',
      { durationMs: 10_000, outcome: 'failed' },
      [{ status: 'FAILED', pending: false, reasons: ['bad secret'] }],
    ],
    [
      'a data source whose state cannot be read',
      { durationMs: 10_000, outcome: 'failed' },
      [new Error('AccessDenied')],
    ],
  ])('%s: the job is reported as it ended, nothing started again', async (_, job, states) => {
    const service = new NotReadyService(states);
    service.script('wiki', { ...job, errorMessage: 'The connector failed.' });
    const [result] = await syncWiki(service);
    expect(starts(service)).toEqual([0]);
    expect(result).toMatchObject({
      outcome: job.outcome ?? 'succeeded',
      executionId: 'ours-1',
      errorMessage: 'The connector failed.',
    });
    // Read only for a job that failed at once.
    expect(service.reads).toEqual(job.outcome ? [30] : []);
  });

  it('says in the debug log why the state could not be read', async () => {
    const service = new NotReadyService([new Error('AccessDenied')]);
    service.script('wiki', { durationMs: 10_000, outcome: 'failed' });
    await syncWiki(service);
    expect(
      lines('Could not read data source wiki after its job failed: AccessDenied'),
    ).toHaveLength(1);
  });
});
