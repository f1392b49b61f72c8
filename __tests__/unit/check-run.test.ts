/**
 * The search check as the step runs it (checkSearchable and runCheck, src/lifecycle/check.ts)
 * against the in-memory service: when it runs at all, a first-rank match, only the top results
 * counted, a failed search, and transient failures after a miss.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AwsCallError } from '../../src/aws/call-error.js';
import { checkSearchable, runCheck, type Synced } from '../../src/lifecycle/check.js';
import type { CheckAsked, SearchResult } from '../../src/model.js';
import { KENDRA } from '../../src/services/kendra/describe.js';
import { captureLog, FakeClock, FakeService, T0 } from '../helpers/fake-service.js';

const ASKED: CheckAsked = { query: 'install', expect: '/guide', count: 2 };
const at = (location: string): SearchResult => ({ location });
const GUIDE = at('https://d/guide');

let clock: FakeClock;
let service: FakeService;
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  clock = new FakeClock();
  service = new FakeService(clock);
  printed = captureLog(clock);
});

afterEach(() => {
  jest.restoreAllMocks();
});

const check = (synced: Synced[] = [{ outcome: 'succeeded', dataSourceId: 'web' }], minutes = 60) =>
  checkSearchable(service, 'c-1', ASKED, synced, { clock, timeoutMinutes: minutes });

const throttled = () =>
  new AwsCallError(
    { service: KENDRA.endpoint, operation: 'Retrieve', region: 'us-east-1', containerId: 'c-1' },
    Object.assign(new Error('Slow down'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    }),
  );

describe('checkSearchable', () => {
  it('passes at rank 1 when the first result matches, after one search', async () => {
    service.searchResults = [GUIDE, at('https://d/faq')];
    expect(await check()).toMatchObject({ status: 'passed', rank: 1, searches: 1 });
    expect(service.times('search')).toEqual([0]);
  });

  it('does not search after a sync it did not wait for, and says why', async () => {
    expect(await check([{ outcome: 'started', dataSourceId: 'web' }])).toEqual({
      ...ASKED,
      status: 'not-run',
      reason:
        'the sync job on data source web was not waited for. The check searches only after every sync job ended succeeded or incomplete.',
    });
    expect(service.times('search')).toEqual([]);
  });

  it('names a data source that never resolved by the name it was given', async () => {
    const result = await check([{ outcome: 'failed', dataSourceName: 'wiki' }]);
    expect(result).toMatchObject({
      reason: expect.stringMatching(/^the sync of data source "wiki" failed\./),
    });
  });

  it('a search the service refuses is a failed check, in the user’s terms', async () => {
    service.failNext('search', [new Error('Fakesearch denied the search')]);
    expect(await check()).toEqual({
      ...ASKED,
      status: 'error',
      message: 'Fakesearch denied the search',
    });
  });

  it('never searches again past wait-timeout-minutes from its start', async () => {
    service.searchResults = [at('https://d/faq')];
    const result = await check(undefined, 0);
    expect(result).toMatchObject({ status: 'not-found', searches: 1 });
    expect(service.times('search')).toEqual([0]);
  });
});

describe('runCheck', () => {
  it('counts only the top `count` results, however many the service returns', async () => {
    const search = async () => [at('https://d/a'), at('https://d/b'), GUIDE];
    const result = await runCheck(search, ASKED, { clock, deadline: T0 });
    expect(result).toMatchObject({
      status: 'not-found',
      results: [at('https://d/a'), at('https://d/b')],
    });
  });

  it('a miss followed by transient failures ends not found, with the results it saw', async () => {
    let searches = 0;
    const search = async () => {
      if (++searches === 1) return [at('https://d/faq')];
      throw throttled();
    };
    const result = await runCheck(search, ASKED, { clock, deadline: T0 + 60 * 60_000 });
    expect(result).toMatchObject({
      status: 'not-found',
      results: [at('https://d/faq')],
      searches: 7,
    });
  });

  it('says when a search failed and when it searches again', async () => {
    let searches = 0;
    const search = async () => {
      if (++searches === 1) throw throttled();
      return [GUIDE];
    };
    expect(await runCheck(search, ASKED, { clock, deadline: T0 + 60 * 60_000 })).toMatchObject({
      status: 'passed',
      searches: 2,
    });
    expect(printed.map((p) => p.line)).toEqual([
      'Search check: the search failed (ThrottlingException: Slow down); searching again in 10s.',
    ]);
  });
});

describe('checkSearchable without check-user, where access control can hide a page', () => {
  const HINT = 'Without check-user the search sees only documents open to everyone.';
  const withHint = () =>
    new FakeService(clock, {
      terms: { ...service.terms, searchWithoutUser: HINT },
    });
  const checkAs = (fake: FakeService, user?: string) =>
    checkSearchable(
      fake,
      'c-1',
      { ...ASKED, ...(user && { user: { id: user, secret: false } }) },
      [{ outcome: 'succeeded', dataSourceId: 'web' }],
      { clock, timeoutMinutes: 0 },
    );

  it('not found: the result carries the hint', async () => {
    const fake = withHint();
    fake.searchResults = [at('https://d/faq')];
    expect(await checkAs(fake)).toMatchObject({ status: 'not-found', hint: HINT });
  });

  it('no hint when the page was found, when a user was given, or where the service has none', async () => {
    const found = withHint();
    found.searchResults = [GUIDE];
    const asUser = withHint();
    asUser.searchResults = [at('https://d/faq')];
    service.searchResults = [at('https://d/faq')];
    const results = [await checkAs(found), await checkAs(asUser, 'alice'), await checkAs(service)];
    expect(results.map((r) => [r.status, 'hint' in r])).toEqual([
      ['passed', false],
      ['not-found', false],
      ['not-found', false],
    ]);
  });

  it('searches as check-user when given, and says so in the debug log', async () => {
    process.env.RUNNER_DEBUG = '1';
    try {
      const search = jest.spyOn(service, 'search');
      await checkAs(service, 'alice');
      await checkAs(service);
      expect(search.mock.calls.map((call) => (call as unknown[])[3])).toEqual(['alice', undefined]);
      expect(printed.filter((p) => p.line.includes('check-user')).map((p) => p.line)).toEqual([
        '::debug::The search check searches as check-user alice.',
      ]);
    } finally {
      delete process.env.RUNNER_DEBUG;
    }
  });
});
