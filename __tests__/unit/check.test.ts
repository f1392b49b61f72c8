/**
 * The search check (src/lifecycle/check.ts) in virtual time, the two services' searches
 * (src/services/{kendra,bedrock}/search.ts) with stubbed clients, the Bedrock runtime client on the wire against
 * a loopback server, and the check's log lines and job-summary section (src/report/check.ts).
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import * as core from '@actions/core';
import { RetrieveCommand as KendraRetrieve, type KendraClient } from '@aws-sdk/client-kendra';
import { RetrieveCommand as BedrockRetrieve } from '@aws-sdk/client-bedrock-agent-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BEDROCK, BEDROCK_RUNTIME } from '../../src/services/bedrock/describe.js';
import { ServiceCalls } from '../../src/services/calls.js';
import type { Credentials } from '../../src/credentials/credentials.js';
import { AwsCallError } from '../../src/aws/call-error.js';
import { explain } from '../../src/aws/explain.js';
import { KENDRA } from '../../src/services/kendra/describe.js';
import { KendraService } from '../../src/services/kendra/kendra.js';
import {
  CHECK_INTERVAL_MS,
  CHECK_WINDOW_MS,
  checkError,
  decideCheck,
  matchRank,
  notRun,
  runCheck,
  type Search,
} from '../../src/lifecycle/check.js';
import type { CheckAsked, CheckResult, SearchResult } from '../../src/model.js';
import { addCheckSummary, checkFailure, locationLink, logCheck } from '../../src/report/check.js';
import {
  BedrockSearch,
  locationOf,
  openBedrockSearch,
  toSearchResult as bedrockResult,
} from '../../src/services/bedrock/search.js';
import { retrieve, toSearchResult as kendraResult } from '../../src/services/kendra/search.js';
import type { Clock } from '../../src/time.js';

const bedrockExplainer = BEDROCK.explainer;
const kendraExplainer = KENDRA.explainer;

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
const INDEX = '0123456789abcdef0123456789abcdef0123';
const KB = 'KB12AB34CD';
const ASKED: CheckAsked = { query: 'install the CLI', expect: '/docs/install', count: 5 };

/** Virtual time: sleep advances the clock at once. A runaway loop fails instead of hanging. */
class FakeClock implements Clock {
  t = T0;
  sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    expect(ms).toBeGreaterThanOrEqual(0);
    this.sleeps.push(ms);
    this.t += ms;
    if (this.t - T0 > 60 * 60_000) throw new Error('runaway check: an hour of virtual time');
  };
}

const at = (location: string): SearchResult => ({ location });
const OTHERS = [at('https://docs.example.com/blog'), at('https://docs.example.com/faq')];
const FOUND = [...OTHERS, at('https://docs.example.com/docs/install/linux')];

/** A search that answers from `answers` in turn (the last one again once they run out), in `takesMs`. */
function scripted(clock: FakeClock, answers: Array<SearchResult[] | Error>, takesMs = 0) {
  const startedAt: number[] = [];
  const search: Search = async (query, count) => {
    expect([query, count]).toEqual([ASKED.query, ASKED.count]);
    startedAt.push(clock.now());
    clock.t += takesMs;
    const answer = answers[Math.min(startedAt.length, answers.length) - 1];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { search, startedAt };
}

/** An SDK error as a client throws it. */
const awsError = (name: string, status: number, message = `${name} from the stub`) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts: 1 } });

const kendraCalls = () =>
  new ServiceCalls(KENDRA.endpoint, 'us-east-1', undefined, kendraExplainer);

/** What @actions/core printed (it writes to process.stdout), a message each. */
let printed: string[];
let clock: FakeClock;
beforeEach(() => {
  clock = new FakeClock();
  printed = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk).replace(/\n$/, ''));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('runCheck', () => {
  it('passes at once with the rank of the first matching result', async () => {
    const { search, startedAt } = scripted(clock, [FOUND]);
    const check = await runCheck(search, ASKED, { clock, deadline: T0 + 60 * 60_000 });
    expect(check).toEqual({
      status: 'passed',
      ...ASKED,
      rank: 3,
      results: FOUND,
      searches: 1,
      elapsedMs: 0,
    });
    expect(startedAt).toEqual([T0]);
    expect(clock.sleeps).toEqual([]);
  });

  it('matches case-sensitively, the document ID too, and only among the first `count`', () => {
    expect(matchRank([at('https://x/DOCS/INSTALL')], '/docs/install', 5)).toBeUndefined();
    expect(matchRank([at('a'), { location: 'b', documentId: 'id-42' }], 'id-42', 5)).toBe(2);
    expect(matchRank([...OTHERS, at('/docs/install')], '/docs/install', 2)).toBeUndefined();
  });

  it('searches again every 10 s until the documents are served: found on the 3rd search', async () => {
    const { search, startedAt } = scripted(clock, [[], OTHERS, FOUND]);
    const check = await runCheck(search, ASKED, { clock, deadline: T0 + 60 * 60_000 });
    expect(check).toMatchObject({ status: 'passed', rank: 3, searches: 3, elapsedMs: 20_000 });
    expect(clock.sleeps).toEqual([10_000, 10_000]);
    expect(startedAt).toEqual([T0, T0 + 10_000, T0 + 20_000]);
  });

  it('keeps to its schedule when a search is slow: starts stay 10 s apart', async () => {
    const { search, startedAt } = scripted(clock, [[], [], FOUND], 1_500);
    const check = await runCheck(search, ASKED, { clock, deadline: T0 + 60 * 60_000 });
    expect(check).toMatchObject({ status: 'passed', searches: 3, elapsedMs: 21_500 });
    expect(clock.sleeps).toEqual([8_500, 8_500]);
    expect(startedAt).toEqual([T0, T0 + 10_000, T0 + 20_000]);
  });

  it('gives up after 60 s (7 searches), with what the last search returned', async () => {
    const { search, startedAt } = scripted(clock, [[], OTHERS]);
    const check = await runCheck(search, ASKED, { clock, deadline: T0 + 60 * 60_000 });
    expect(check).toEqual({
      status: 'not-found',
      ...ASKED,
      results: OTHERS,
      searches: 7,
      elapsedMs: CHECK_WINDOW_MS,
    });
    expect(CHECK_WINDOW_MS / CHECK_INTERVAL_MS).toBe(6);
    expect(clock.sleeps).toEqual(Array(6).fill(10_000));
    expect(startedAt.map((t) => t - T0)).toEqual([0, 10, 20, 30, 40, 50, 60].map((s) => s * 1000));
    // A line per retry, saying what came back.
    expect(printed[1]).toBe(
      'Search check: none of the first 5 results for "install the CLI" is at a location containing "/docs/install" yet (2 came back); searching again in 10s.',
    );
  });

  it('starts no search past the deadline (wait-timeout-minutes), and always makes the first', async () => {
    const { search, startedAt } = scripted(clock, [OTHERS]);
    const check = await runCheck(search, ASKED, { clock, deadline: T0 + 35_000 });
    expect(check).toMatchObject({ status: 'not-found', searches: 4 });
    expect(startedAt.map((t) => t - T0)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(clock.t).toBeLessThanOrEqual(T0 + 35_000);

    const late = new FakeClock();
    const once = scripted(late, [OTHERS]);
    expect(await runCheck(once.search, ASKED, { clock: late, deadline: T0 - 1 })).toMatchObject({
      status: 'not-found',
      searches: 1,
    });
    expect(late.sleeps).toEqual([]);
  });

  it('lets a denied search through at once, as an AwsCallError naming kendra:Retrieve and the index ARN', async () => {
    const denied = awsError('AccessDeniedException', 400, 'User is not authorized');
    const client = { send: jest.fn(async () => Promise.reject(denied)) };
    const kendra = new KendraService(
      client as unknown as KendraClient,
      'us-east-1',
      undefined,
      clock,
    );
    const search: Search = (query, count) => kendra.search(INDEX, query, count);
    const error = await runCheck(search, ASKED, { clock, deadline: T0 + 60_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(client.send).toHaveBeenCalledTimes(1);
    expect(clock.sleeps).toEqual([]);
    expect(explain(error)).toBe(
      `Access denied: the credentials are not allowed to call kendra:Retrieve on arn:aws:kendra:us-east-1:<account-id>:index/${INDEX}. ` +
        `Allow "kendra:Retrieve" on "arn:aws:kendra:us-east-1:<account-id>:index/${INDEX}" in the permissions policy of the identity in use.`,
    );
  });

  it('searches again after a transient failure, and throws it only if no search ever answered', async () => {
    const throttled = new AwsCallError(
      { service: KENDRA.endpoint, operation: 'Retrieve', region: 'us-east-1', containerId: INDEX },
      awsError('ThrottlingException', 400),
    );
    const recovered = scripted(clock, [throttled, FOUND]);
    expect(
      await runCheck(recovered.search, ASKED, { clock, deadline: T0 + 60 * 60_000 }),
    ).toMatchObject({ status: 'passed', searches: 2 });

    const always = new FakeClock();
    const failing = scripted(always, [throttled]);
    await expect(
      runCheck(failing.search, ASKED, { clock: always, deadline: T0 + 60 * 60_000 }),
    ).rejects.toBe(throttled);
    expect(failing.startedAt).toHaveLength(7);
  });
});

describe('decideCheck', () => {
  it('runs when every job ended succeeded or incomplete', () => {
    expect(
      decideCheck([
        { outcome: 'succeeded', dataSourceId: 'web' },
        { outcome: 'incomplete', dataSourceId: 'wiki' },
      ]),
    ).toEqual({ run: true });
  });

  it.each([
    ['failed', 'the sync of data source "Docs" (web) failed'],
    ['stopped', 'the sync job on data source "Docs" (web) was stopped'],
    ['timed-out', 'the wait for the sync job on data source "Docs" (web) timed out'],
    [
      'skipped',
      'data source "Docs" (web) was already syncing and if-running is skip, so nothing new was synced',
    ],
  ] as const)('does not run when a job %s, and says why', (outcome, why) => {
    expect(
      decideCheck([
        { outcome: 'succeeded', dataSourceId: 'wiki' },
        { outcome, dataSourceId: 'web', dataSourceName: 'Docs' },
      ]),
    ).toEqual({
      run: false,
      reason: `${why}. The check searches only after every sync job ended succeeded or incomplete.`,
    });
  });

  it('names a data source that was never found by its name, and every reason', () => {
    const decision = decideCheck([
      { outcome: 'failed', dataSourceName: 'Handbook' },
      { outcome: 'timed-out', dataSourceId: 'web' },
    ]);
    expect(decision).toEqual({
      run: false,
      reason:
        'the sync of data source "Handbook" failed; the wait for the sync job on data source web timed out. ' +
        'The check searches only after every sync job ended succeeded or incomplete.',
    });
    expect(decideCheck([])).toEqual({ run: false, reason: 'no data source was synced' });
  });
});

describe("Kendra's search", () => {
  it('asks Retrieve for the index, the query and at most 100 passages, and maps each', async () => {
    const send = jest.fn(async (command: KendraRetrieve) => {
      expect(command).toBeInstanceOf(KendraRetrieve);
      return {
        ResultItems: [
          {
            DocumentId: 'https://docs.example.com/docs/install',
            DocumentURI: 'https://docs.example.com/docs/install',
            DocumentTitle: 'Install',
            Content: '  Install the CLI\n\nwith   npm. ',
            ScoreAttributes: { ScoreConfidence: 'HIGH' as const },
          },
          { DocumentId: 's3://bucket/handbook.pdf' },
          {
            DocumentId: 'doc-7',
            DocumentURI: 'https://wiki.example.com/7',
            Content: 'x'.repeat(500),
          },
          {},
        ],
      };
    });
    const results = await retrieve({ send } as never, kendraCalls(), INDEX, {
      query: 'install',
      count: 250,
    });
    expect(send.mock.calls[0][0].input).toEqual({
      IndexId: INDEX,
      QueryText: 'install',
      PageSize: 100,
    });
    await retrieve({ send } as never, kendraCalls(), INDEX, {
      query: 'install',
      count: 5,
      user: 'dev@example.com',
    });
    expect(send.mock.calls[1][0].input).toMatchObject({
      UserContext: { UserId: 'dev@example.com' },
    });
    expect(results).toEqual([
      {
        location: 'https://docs.example.com/docs/install',
        title: 'Install',
        excerpt: 'Install the CLI with npm.',
        score: 'HIGH',
      },
      { location: 's3://bucket/handbook.pdf' },
      {
        location: 'https://wiki.example.com/7',
        documentId: 'doc-7',
        excerpt: `${'x'.repeat(199)}…`,
      },
      { location: '' },
    ]);
    expect(kendraResult({ DocumentId: 'a', DocumentURI: 'a' })).toEqual({ location: 'a' });
  });

  it('loads through the service (the lazy seam) and sends the count it is given', async () => {
    const send = jest.fn(async (command: KendraRetrieve) => ({
      ResultItems: [{ DocumentURI: `https://docs/${command.input.PageSize}` }],
    }));
    const kendra = new KendraService(
      { send } as unknown as KendraClient,
      'us-east-1',
      undefined,
      clock,
    );
    expect(await kendra.search(INDEX, 'q', 5)).toEqual([{ location: 'https://docs/5' }]);
  });
});

describe("Bedrock's search", () => {
  it('takes the URL, URI or ID of every kind of location', () => {
    const cases: Array<[Parameters<typeof locationOf>[0], string]> = [
      [{ type: 'S3', s3Location: { uri: 's3://docs/install.md' } }, 's3://docs/install.md'],
      [
        { type: 'WEB', webLocation: { url: 'https://docs.example.com/a' } },
        'https://docs.example.com/a',
      ],
      [{ type: 'CUSTOM', customDocumentLocation: { id: 'doc-42' } }, 'doc-42'],
      [
        { type: 'CONFLUENCE', confluenceLocation: { url: 'https://c.example.com/p' } },
        'https://c.example.com/p',
      ],
      [
        { type: 'SALESFORCE', salesforceLocation: { url: 'https://s.example.com/k' } },
        'https://s.example.com/k',
      ],
      [
        { type: 'SHAREPOINT', sharePointLocation: { url: 'https://sp.example.com/d' } },
        'https://sp.example.com/d',
      ],
      [
        { type: 'ONEDRIVE', oneDriveLocation: { url: 'https://od.example.com/f' } },
        'https://od.example.com/f',
      ],
      [
        { type: 'GOOGLEDRIVE', googleDriveLocation: { url: 'https://gd.example.com/f' } },
        'https://gd.example.com/f',
      ],
      [
        { type: 'KENDRA', kendraDocumentLocation: { uri: 'https://k.example.com/d' } },
        'https://k.example.com/d',
      ],
      [{ type: 'SQL', sqlLocation: { query: 'SELECT * FROM docs' } }, 'SELECT * FROM docs'],
      [{ type: 'WEB' }, ''],
      [undefined, ''],
    ];
    for (const [location, expected] of cases) expect(locationOf(location)).toBe(expected);
  });

  it('asks Retrieve for the knowledge base, the query and numberOfResults, and maps each', async () => {
    const send = jest.fn(async (command: BedrockRetrieve) => {
      expect(command).toBeInstanceOf(BedrockRetrieve);
      return {
        retrievalResults: [
          {
            content: { text: 'Install the CLI with npm.' },
            location: { type: 'S3' as const, s3Location: { uri: 's3://docs/install.md' } },
            score: 0.81234,
          },
          { content: { type: 'IMAGE' as const } },
        ],
      };
    });
    const calls = new ServiceCalls(BEDROCK_RUNTIME, 'us-east-1', undefined, bedrockExplainer);
    const search = new BedrockSearch({ send, destroy: () => undefined } as never, calls);
    expect(await search.search(KB, 'install', 7)).toEqual([
      { location: 's3://docs/install.md', excerpt: 'Install the CLI with npm.', score: '0.812' },
      { location: '' },
    ]);
    expect(send.mock.calls[0][0].input).toEqual({
      knowledgeBaseId: KB,
      retrievalQuery: { text: 'install' },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 7 } },
    });
    expect(bedrockResult({ content: {}, score: 0 })).toEqual({ location: '', score: '0.000' });
  });

  it('explains a denied Retrieve with bedrock:Retrieve, the knowledge base ARN and the runtime endpoint', async () => {
    const denied = awsError('AccessDeniedException', 403, 'not authorized');
    const calls = new ServiceCalls(BEDROCK_RUNTIME, 'eu-west-1', undefined, bedrockExplainer);
    const send = async () => Promise.reject(denied);
    const search = new BedrockSearch({ send, destroy: () => undefined } as never, calls);
    const error = await search.search(KB, 'q', 5).catch((e) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(explain(error)).toContain(
      `not allowed to call bedrock:Retrieve on arn:aws:bedrock:eu-west-1:<account-id>:knowledge-base/${KB}`,
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const unreachable = new BedrockSearch(
      { send: async () => Promise.reject(refused), destroy: () => undefined } as never,
      calls,
    );
    const network = await unreachable.search(KB, 'q', 5).catch((e) => e);
    expect(explain(network)).toBe(
      'Retrieve failed: could not connect to Bedrock at https://bedrock-agent-runtime.eu-west-1.amazonaws.com: connection refused.',
    );
  });
});

describe('the Bedrock runtime client on the wire', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('uses the HTTP/1.1 handler, AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME and SigV4 as "bedrock"', async () => {
    let seen:
      | {
          method?: string;
          url?: string;
          headers: IncomingHttpHeaders;
          body: string;
          version: string;
        }
      | undefined;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen = {
          method: request.method,
          url: request.url,
          headers: request.headers,
          body,
          version: request.httpVersion,
        };
        response.writeHead(200, {
          'content-type': 'application/json',
          'x-amzn-requestid': 'req-1',
        });
        response.end(
          JSON.stringify({
            retrievalResults: [
              {
                content: { text: 'hi' },
                location: { type: 'WEB', webLocation: { url: 'https://docs/a' } },
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    for (const name of [
      'HTTPS_PROXY',
      'https_proxy',
      'HTTP_PROXY',
      'http_proxy',
      'AWS_ENDPOINT_URL',
    ]) {
      delete process.env[name];
    }
    process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME = `http://127.0.0.1:${port}`;
    const credentials = {
      provider: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      invalidate: () => undefined,
      principal: () => undefined,
    } as unknown as Pick<Credentials, 'invalidate' | 'principal' | 'provider'>;
    const search = await openBedrockSearch('us-west-2', credentials, bedrockExplainer);
    try {
      expect(
        (search.client as unknown as { config: { requestHandler: unknown } }).config.requestHandler,
      ).toBeInstanceOf(NodeHttpHandler);
      expect(await search.search(KB, 'install the CLI', 3)).toEqual([
        { location: 'https://docs/a', excerpt: 'hi' },
      ]);
    } finally {
      search.close();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toMatchObject({
      method: 'POST',
      url: `/knowledgebases/${KB}/retrieve`,
      version: '1.1',
    });
    expect(String(seen?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request,/,
    );
    expect(String(seen?.headers['user-agent'])).toContain('kendra-sync/1');
    expect(JSON.parse(seen?.body ?? '')).toEqual({
      retrievalQuery: { text: 'install the CLI' },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
    });
  });
});

describe('the check in the log and the job summary', () => {
  // @actions/core keeps the first summary path it sees: one file for every case.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-check-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The section as HTML, alone in its file. */
  async function render(check: CheckResult): Promise<string> {
    const file = path.join(dir, 'summary.html');
    writeFileSync(file, '');
    const previous = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = file;
    try {
      core.summary.emptyBuffer();
      addCheckSummary(core.summary, check);
      await core.summary.write({ overwrite: true });
    } finally {
      process.env.GITHUB_STEP_SUMMARY = previous;
    }
    return readFileSync(file, 'utf8');
  }

  const RESULTS: SearchResult[] = [
    {
      location: 'https://docs.example.com/blog',
      title: 'Blog <b>',
      score: '0.912',
      excerpt: 'News & notes',
    },
    { location: 'https://docs.example.com/docs/install', title: 'Install', score: '0.874' },
  ];

  it('passed: one log line (query, rank, location), the top results with the match marked', async () => {
    const check: CheckResult = {
      status: 'passed',
      ...ASKED,
      rank: 2,
      results: RESULTS,
      searches: 1,
      elapsedMs: 0,
    };
    logCheck(check);
    expect(printed).toEqual([
      'Search check passed: "install the CLI" found a location containing "/docs/install" at rank 2: https://docs.example.com/docs/install',
    ]);
    expect(checkFailure(check)).toBeUndefined();
    const html = await render(check);
    expect(html).toContain('<h3>Search check: ✅ found at rank 2</h3>');
    expect(html).toContain(
      '<p>Looked for query <code>install the CLI</code>, a location containing <code>/docs/install</code> among the first 5 results.</p>',
    );
    expect(html).toContain(
      '<tr><th>Rank</th><th>Location</th><th>Title</th><th>Score</th><th>Passage</th></tr>',
    );
    expect(html).toContain(
      '<tr><td>1</td><td><a href="https://docs.example.com/blog">https://docs.example.com/blog</a></td><td>Blog &lt;b&gt;</td><td>0.912</td><td>News &amp; notes</td></tr>',
    );
    expect(html).toContain(
      // An absent passage shows as a dash: @actions/core would write an empty cell as a lone <td>.
      '<tr><td>✅ 2</td><td><b><a href="https://docs.example.com/docs/install">https://docs.example.com/docs/install</a></b></td><td>Install</td><td>0.874</td><td>—</td></tr>',
    );
    // Bedrock gives no titles: no Title column of empty cells.
    const untitled = await render({
      ...check,
      results: RESULTS.map(({ location, score }) => ({ location, score })),
    });
    expect(untitled).toContain(
      '<tr><th>Rank</th><th>Location</th><th>Score</th><th>Passage</th></tr>',
    );
    expect(untitled).not.toContain('<td></td>');
  });

  it('not found: fails with the query, what was expected and what came back instead', async () => {
    const check: CheckResult = {
      status: 'not-found',
      ...ASKED,
      results: RESULTS.slice(0, 1),
      searches: 7,
      elapsedMs: 60_000,
    };
    expect(checkFailure(check)).toBe(
      'Search check failed: none of the first 5 results for "install the CLI" is at a location containing "/docs/install" (case-sensitive) after 7 searches over 1m 0s; ' +
        'the first came from 1. https://docs.example.com/blog. ' +
        'Check that the synced documents contain the query, and check-expect against their locations (the job summary lists them), or raise check-results.',
    );
    logCheck(check);
    expect(printed).toEqual([
      'Search check: the first 5 results for "install the CLI" were:',
      '  1. https://docs.example.com/blog (Blog <b>, 0.912)',
    ]);
    const html = await render(check);
    expect(html).toContain('<h3>Search check: ❌ not found</h3>');
    expect(html).toContain('not there after 7 searches over 1m 0s.</p>');
    expect(html).toContain(
      '<td>1</td><td><a href="https://docs.example.com/blog">https://docs.example.com/blog</a></td>',
    );
    expect(html).toContain('<p>Compare <code>check-expect</code> with these locations');
    const none: CheckResult = { ...check, results: [] };
    expect(checkFailure(none)).toContain('after 7 searches over 1m 0s; no results came back.');
    expect(await render(none)).toContain('<p>No results came back.</p>');
  });

  it('failed search and not run: the reason, HTML-escaped', async () => {
    const error = checkError(ASKED, 'Access denied: … on "arn:aws:kendra:…:index/x" <here>');
    expect(checkFailure(error)).toBe(
      'Search check failed: Access denied: … on "arn:aws:kendra:…:index/x" <here>',
    );
    expect(await render(error)).toContain(
      '<p>Access denied: … on &quot;arn:aws:kendra:…:index/x&quot; &lt;here&gt;</p>',
    );
    const skipped = notRun(ASKED, 'data source web was already syncing');
    expect(checkFailure(skipped)).toBeUndefined();
    logCheck(skipped);
    expect(printed).toEqual(['Search check not run: data source web was already syncing']);
    const html = await render(skipped);
    expect(html).toBe(
      // In the summary the reason is a sentence of its own.
      '<h3>Search check: not run</h3>\n<p>Data source web was already syncing</p>\n',
    );
  });

  it('a query or location cannot issue workflow commands in the log', () => {
    logCheck({
      status: 'passed',
      ...ASKED,
      query: 'x\n::add-mask::y',
      rank: 1,
      results: [{ location: '/docs/install ##[error]no' }],
      searches: 1,
      elapsedMs: 0,
    });
    const [line] = printed;
    expect(line).not.toMatch(/^\s*::/m);
    expect(line).not.toContain('##[');
  });
});

describe('locationLink', () => {
  it('links a web URL as it is and an S3 URI to the console object page, its key encoded', () => {
    expect(locationLink('https://docs.example.com/guide/install')).toBe(
      'https://docs.example.com/guide/install',
    );
    expect(locationLink('s3://docs-site/manuals/admin guide & FAQ.pdf')).toBe(
      'https://s3.console.aws.amazon.com/s3/object/docs-site?prefix=manuals%2Fadmin%20guide%20%26%20FAQ.pdf',
    );
  });

  it('links nothing without a page: a bare document ID, a bucket without a key', () => {
    expect(locationLink('admin-guide-2026')).toBeUndefined();
    expect(locationLink('s3://docs-site')).toBeUndefined();
    expect(locationLink('javascript:alert(1)')).toBeUndefined();
  });
});
