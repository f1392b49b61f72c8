/**
 * Waiting for a data source that is not ready (a managed connector being created or changed), on
 * virtual time: polled every interval, a line on each change and each minute, bounded by the
 * deadline; one that failed ends the wait with its reasons at once.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ActionError } from '../../src/errors.js';
import { waitUntilReady } from '../../src/lifecycle/ready.js';
import { WaitTimeout } from '../../src/lifecycle/wait.js';
import type { NotReady, Target } from '../../src/model.js';
import { Deadline } from '../../src/time.js';
import { captureLog, FakeClock, FakeService, MINUTE, T0 } from '../helpers/fake-service.js';

const WIKI: Target = { containerId: 'collection-1', dataSourceId: 'wiki' };
const CREATING: NotReady = { status: 'CREATING', pending: true, reasons: [] };

let clock: FakeClock;
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  clock = new FakeClock();
  printed = captureLog(clock);
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** A service whose data source answers `states` in turn, then is ready; each read's time noted. */
function serviceAnswering(...states: Array<NotReady | undefined>) {
  const reads: number[] = [];
  const service = Object.assign(new FakeService(clock), {
    readiness: async () => {
      reads.push(clock.now() - T0);
      return states.shift();
    },
  });
  return { service, reads };
}

const options = (minutes = 60) => ({
  pollIntervalSeconds: 30,
  deadline: Deadline.after(minutes, clock),
  clock,
});

describe('waitUntilReady', () => {
  it('polls every interval until AVAILABLE: a line on each change and each minute', async () => {
    const updating: NotReady = { status: 'UPDATING', pending: true, reasons: [] };
    const { service, reads } = serviceAnswering(CREATING, CREATING, CREATING, updating, undefined);
    await waitUntilReady(service, WIKI, CREATING, options());
    expect(reads).toEqual([30_000, 60_000, 90_000, 120_000, 150_000]);
    expect(printed.map((p) => `${p.at / 1000} ${p.line}`)).toEqual([
      '0 Data source wiki is CREATING, not ready to sync: waiting for it before starting the sync job (0s elapsed).',
      '60 Data source wiki is CREATING, not ready to sync: waiting for it before starting the sync job (1m 0s elapsed).',
      '120 Data source wiki is UPDATING, not ready to sync: waiting for it before starting the sync job (2m 0s elapsed).',
      '150 Data source wiki is ready after 2m 30s; starting the sync job.',
    ]);
  });

  it('gives up at the deadline: a timeout that says no job was started', async () => {
    const { service } = serviceAnswering(...Array<NotReady>(10).fill(CREATING));
    const error = await waitUntilReady(service, WIKI, CREATING, options(1)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(WaitTimeout);
    expect((error as Error).message).toBe(
      'Timed out after 1 min (wait-timeout-minutes) waiting for data source wiki to be ready; it is still CREATING, and no sync job was started.',
    );
    expect(clock.now() - T0).toBe(MINUTE);
  });

  it('a data source that failed ends the wait at once, with its reasons', async () => {
    const failed: NotReady = {
      status: 'FAILED',
      pending: false,
      reasons: ['The secret was rejected.', 'The URL is not allowed.'],
    };
    const { service, reads } = serviceAnswering(failed);
    const error = await waitUntilReady(service, WIKI, CREATING, options()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toMatch(
      /^Data source wiki cannot sync: Fakesearch says it is FAILED: The secret was rejected; The URL is not allowed\. Fix the data source/,
    );
    expect(reads).toEqual([30_000]);
  });

  it('a data source that failed without saying why: its status, then what to do', async () => {
    const failed: NotReady = { status: 'FAILED', pending: false, reasons: [] };
    const { service } = serviceAnswering(failed);
    const error = await waitUntilReady(service, WIKI, CREATING, options()).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'Data source wiki cannot sync: Fakesearch says it is FAILED. Fix the data source (see its page in the Fakesearch console: https://console.fakesearch.test/xx-test-1/collections/collection-1/data-sources/wiki), then run the workflow again.',
    );
  });
});
