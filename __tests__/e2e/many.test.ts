/**
 * Several data sources in one step, and indexes and data sources given by name: the bundle
 * against the simulator. "Done when": one step with three data sources, one of them missing,
 * starts the other two, sets their execution IDs and fails naming the missing one; names resolve
 * across paged listings with one listing per index; IDs alone make no listing calls at all.
 */
import { describe, expect, it } from '@jest/globals';
import type { RequestRecord } from '../../sim/types.js';
import { REGION, ROLE_ARN, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

const ACCOUNT = '123456789012';
const SUBJECT = 'repo:octo-org/docs:*';

/** The workflow gives the index and data sources by name: clear the world's ID presets. */
const BY_NAME = { 'index-id': '', 'data-source-id': '' };

interface ResultEntry {
  dataSourceId: string;
  dataSourceName?: string;
  executionId: string | null;
  status: string | null;
  skipped: boolean;
  startTime: string | null;
  endTime: string | null;
  metrics: Record<string, number> | null;
  errorMessage: string | null;
}

const results = (outputs: Record<string, string>): ResultEntry[] =>
  JSON.parse(outputs.results) as ResultEntry[];
const executionIds = (outputs: Record<string, string>): Record<string, string> =>
  JSON.parse(outputs['execution-ids']) as Record<string, string>;

function kendra(action?: string): RequestRecord[] {
  return world.sim.requests.filter(
    (request) =>
      request.service === 'kendra' && (action === undefined || request.action === action),
  );
}

const body = (request: RequestRecord): Record<string, unknown> =>
  request.body as Record<string, unknown>;

/** Data source IDs the StartDataSourceSyncJob calls that succeeded were for, sorted. */
function startedIds(): string[] {
  return kendra('StartDataSourceSyncJob')
    .filter((request) => request.status === 200)
    .map((request) => String(body(request).Id))
    .sort();
}

/** Adds data sources with readable IDs to the world's index. */
function addDataSources(...names: string[]): string[] {
  return names.map((name) => world.sim.addDataSource(world.indexId, { name, id: `ds-${name}` }));
}

/** The only job the simulator has for a data source (the one this step started). */
function onlyJob(dataSourceId: string, indexId = world.indexId) {
  const jobs = world.sim.jobs(indexId, dataSourceId);
  expect(jobs).toHaveLength(1);
  return jobs[0];
}

const dataSourceArn = (dataSourceId: string): string =>
  `arn:aws:kendra:${REGION}:${ACCOUNT}:index/${world.indexId}/data-source/${dataSourceId}`;

const consoleLink = (indexId: string, dataSourceId: string): string =>
  `https://${REGION}.console.aws.amazon.com/kendra/home?region=${REGION}#/indexes/${indexId}/datasources/${dataSourceId}/details`;

/** The job summary's table rows after the header row, as HTML. */
function summaryRows(summary: string): string[] {
  const rows = summary.split('<tr>').slice(1);
  expect(rows[0]).toContain('<th>');
  return rows.slice(1);
}

describe('a list of data source IDs', () => {
  it('starts each data source once, in input order, with no listing calls when not waiting', async () => {
    const [alpha, beta, gamma] = addDataSources('alpha', 'beta', 'gamma');
    const result = await world.run({
      // Newlines and commas, blanks, white space and a duplicate.
      'data-source-id': `${alpha},\n\n  ${beta} , ${alpha}\n,${gamma},\n`,
    });
    expectCleanSuccess(result);

    // Exactly one start per data source and not one other Kendra call: no ListIndices,
    // ListDataSources or ListDataSourceSyncJobs on the happy path with IDs.
    expect(kendra().map((request) => request.action)).toEqual([
      'StartDataSourceSyncJob',
      'StartDataSourceSyncJob',
      'StartDataSourceSyncJob',
    ]);
    expect(startedIds()).toEqual([alpha, beta, gamma].sort());
    for (const request of kendra()) expect(body(request).IndexId).toBe(world.indexId);

    const jobs = [alpha, beta, gamma].map((id) => onlyJob(id));
    expect(result.outputs['execution-id']).toBe(jobs[0].executionId);
    expect(executionIds(result.outputs)).toEqual({
      [alpha]: jobs[0].executionId,
      [beta]: jobs[1].executionId,
      [gamma]: jobs[2].executionId,
    });
    const entries = results(result.outputs);
    expect(entries.map((entry) => [entry.dataSourceId, entry.executionId, entry.status])).toEqual([
      [alpha, jobs[0].executionId, 'SYNCING'],
      [beta, jobs[1].executionId, 'SYNCING'],
      [gamma, jobs[2].executionId, 'SYNCING'],
    ]);
    expect(entries.every((entry) => entry.errorMessage === null && !entry.skipped)).toBe(true);
    expect(result.outputs.status).toBe('SYNCING');
    expect(result.outputs.skipped).toBe('false');
    // Document counts exist only for waited syncs.
    expect(result.outputs['documents-added']).toBeUndefined();
  });

  it('resolves index-name with one ListIndices listing and lists no data sources for IDs', async () => {
    const [alpha, beta] = addDataSources('alpha', 'beta');
    world.sim.addIndex({ name: 'other-index' });
    const result = await world.run({
      'index-id': '',
      'index-name': 'docs-index',
      'data-source-id': `${alpha}\n${beta}`,
    });
    expectCleanSuccess(result);
    expect(kendra().map((request) => request.action)).toEqual([
      'ListIndices',
      'StartDataSourceSyncJob',
      'StartDataSourceSyncJob',
    ]);
    expect(startedIds()).toEqual([alpha, beta]);
    for (const request of kendra('StartDataSourceSyncJob')) {
      expect(body(request).IndexId).toBe(world.indexId);
    }
    expect(Object.keys(executionIds(result.outputs))).toEqual([alpha, beta]);
  });
});

describe('indexes and data sources by name', () => {
  it('resolves names exactly (case-sensitive) with one paged listing of indexes and one of data sources', async () => {
    const { sim } = world;
    // More than 100 of each (the action asks for MaxResults 100), the wanted ones on page 2.
    for (let i = 0; i < 110; i++) sim.addIndex({ name: `filler-index-${i}` });
    const indexId = sim.addIndex({ name: 'search-prod' });
    // "website" (lower case) comes first, on page 1: it must not be taken for "Website".
    const lower = sim.addDataSource(indexId, { name: 'website' });
    for (let i = 0; i < 110; i++) sim.addDataSource(indexId, { name: `filler-source-${i}` });
    const upper = sim.addDataSource(indexId, { name: 'Website' });
    const blog = sim.addDataSource(indexId, { name: 'blog' });

    const result = await world.run({
      ...BY_NAME,
      'index-name': 'search-prod',
      'data-source-name': 'Website\nblog',
    });
    expectCleanSuccess(result);

    // One listing of each, all its pages: the first page asks without a token, every later page
    // with the token the previous page returned.
    const indices = kendra('ListIndices');
    expect(indices).toHaveLength(2);
    expect(body(indices[0]).NextToken).toBeUndefined();
    expect(body(indices[1]).NextToken).toEqual(expect.any(String));
    for (const request of indices) expect(body(request).MaxResults).toBe(100);
    const dataSources = kendra('ListDataSources');
    expect(dataSources).toHaveLength(2);
    expect(body(dataSources[0]).NextToken).toBeUndefined();
    expect(body(dataSources[1]).NextToken).toEqual(expect.any(String));
    for (const request of dataSources) {
      expect(body(request).IndexId).toBe(indexId);
      expect(body(request).MaxResults).toBe(100);
    }
    expect(kendra().every((request) => request.status === 200)).toBe(true);

    // Exactly the two named data sources started; "website" was left alone.
    const started = kendra('StartDataSourceSyncJob');
    expect(started).toHaveLength(2);
    expect(started.map((request) => String(body(request).Id)).sort()).toEqual([upper, blog].sort());
    for (const request of started) expect(body(request).IndexId).toBe(indexId);
    expect(sim.jobs(indexId, lower)).toEqual([]);

    const upperJob = onlyJob(upper, indexId);
    const blogJob = onlyJob(blog, indexId);
    expect(result.outputs['execution-id']).toBe(upperJob.executionId);
    expect(executionIds(result.outputs)).toEqual({
      [upper]: upperJob.executionId,
      [blog]: blogJob.executionId,
    });
    expect(results(result.outputs)).toEqual([
      expect.objectContaining({
        dataSourceId: upper,
        dataSourceName: 'Website',
        executionId: upperJob.executionId,
        status: 'SYNCING',
      }),
      expect.objectContaining({
        dataSourceId: blog,
        dataSourceName: 'blog',
        executionId: blogJob.executionId,
        status: 'SYNCING',
      }),
    ]);

    // The summary shows the names, each linked to its data source in the console.
    const rows = summaryRows(result.summary);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`>Website</a>`);
    expect(rows[0]).toContain(consoleLink(indexId, upper));
    expect(rows[0]).toContain(upperJob.executionId);
    expect(rows[1]).toContain(`>blog</a>`);
    expect(rows[1]).toContain(consoleLink(indexId, blog));
    expect(rows[1]).toContain(blogJob.executionId);
  });

  it('fails an unknown index name (case-sensitive) listing the indexes that exist, and starts nothing', async () => {
    const other = world.sim.addIndex({ name: 'other-index' });
    const result = await world.run({
      ...BY_NAME,
      'index-name': 'Docs-Index',
      'data-source-name': 'website',
    });
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error).toContain('"Docs-Index"');
    expect(error).toContain(`region ${REGION}`);
    expect(error).toContain(`"docs-index" (${world.indexId})`);
    expect(error).toContain(`"other-index" (${other})`);
    expect(kendra().map((request) => request.action)).toEqual(['ListIndices']);
    expect(result.outputs['execution-id']).toBeUndefined();
  });

  it('fails an index name two indexes share, saying to use index-id, and starts nothing', async () => {
    const twin = world.sim.addIndex({ name: 'docs-index' });
    const result = await world.run({
      ...BY_NAME,
      'index-name': 'docs-index',
      'data-source-name': 'website',
    });
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error).toContain('index-id');
    expect(error).toContain(world.indexId);
    expect(error).toContain(twin);
    expect(kendra().map((request) => request.action)).toEqual(['ListIndices']);
  });

  it('starts the data sources that resolve and fails naming the unknown one, listing the names that exist', async () => {
    const [blog, docs] = addDataSources('blog', 'docs');
    const result = await world.run({
      ...BY_NAME,
      'index-name': 'docs-index',
      // "Blog" is not "blog": names are case-sensitive.
      'data-source-name': 'website, Blog, docs',
    });
    expect(result.code).toBe(1);
    expect(kendra('ListIndices')).toHaveLength(1);
    expect(kendra('ListDataSources')).toHaveLength(1);
    expect(startedIds()).toEqual([docs, world.dataSourceId].sort());
    expect(world.sim.jobs(world.indexId, blog)).toEqual([]);

    const website = onlyJob(world.dataSourceId);
    const docsJob = onlyJob(docs);
    expect(result.outputs['execution-id']).toBe(website.executionId);
    expect(executionIds(result.outputs)).toEqual({
      [world.dataSourceId]: website.executionId,
      [docs]: docsJob.executionId,
    });
    const entries = results(result.outputs);
    expect(entries.map((entry) => [entry.dataSourceName, entry.executionId])).toEqual([
      ['website', website.executionId],
      ['Blog', null],
      ['docs', docsJob.executionId],
    ]);
    expect(entries[1].errorMessage).toContain('"Blog"');

    const unknown = result.errors.find((error) => error.includes('"Blog"'));
    expect(unknown).toMatch(
      new RegExp(
        `^No data source named "Blog" in index ${world.indexId} \\(region ${REGION}; names are case-sensitive\\)`,
      ),
    );
    for (const [name, id] of [
      ['website', world.dataSourceId],
      ['blog', blog],
      ['docs', docs],
    ]) {
      expect(unknown).toContain(`"${name}" (${id})`);
    }
    // The step's closing error counts the failures and names the one that failed.
    expect(result.errors.at(-1)).toMatch(/1 of 3 data sources failed: Blog\b/);

    // The summary has a row for each, the unknown one unlinked and not started.
    const rows = summaryRows(result.summary);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain(`>website</a>`);
    expect(rows[0]).toContain(consoleLink(world.indexId, world.dataSourceId));
    expect(rows[1]).toContain('Blog');
    expect(rows[1]).not.toContain('<a ');
    expect(rows[1]).toContain('not started');
    expect(rows[2]).toContain(`>docs</a>`);
  });

  it('fails a data source name that two data sources share, and still starts the others', async () => {
    const twin = world.sim.addDataSource(world.indexId, { name: 'website', id: 'ds-website-2' });
    const [blog] = addDataSources('blog');
    const result = await world.run({
      ...BY_NAME,
      'index-name': 'docs-index',
      'data-source-name': 'website,blog',
    });
    expect(result.code).toBe(1);
    expect(startedIds()).toEqual([blog]);
    expect(world.sim.jobs(world.indexId, world.dataSourceId)).toEqual([]);
    expect(world.sim.jobs(world.indexId, twin)).toEqual([]);
    const duplicate = result.errors.find((error) => error.includes('"website"'));
    expect(duplicate).toMatch(
      new RegExp(
        `^2 data sources in index ${world.indexId} are named "website": .* Use data-source-id instead\\.$`,
      ),
    );
    expect(duplicate).toContain(world.dataSourceId);
    expect(duplicate).toContain(twin);
    expect(duplicate).toContain('data-source-id');
    expect(executionIds(result.outputs)).toEqual({ [blog]: onlyJob(blog).executionId });
    expect(results(result.outputs).map((entry) => entry.dataSourceName)).toEqual([
      'website',
      'blog',
    ]);
  });

  it.each([
    ['data-source-id', 'data-source-name', { 'data-source-name': 'website' }],
    ['index-id', 'index-name', { 'index-name': 'docs-index' }],
  ])('rejects %s together with %s before any request', async (id, name, extra) => {
    const result = await world.run(extra);
    expect(result.code).toBe(1);
    expect(result.errors.some((error) => error.includes(id) && error.includes(name))).toBe(true);
    expect(world.sim.requests).toEqual([]);
    expect(result.outputs).toEqual({});
  });
});

describe('one data source failing does not stop the others', () => {
  it('starts the other two when the middle one does not exist, and fails naming it', async () => {
    const [one, three] = addDataSources('one', 'three');
    const missing = 'ds-missing';
    const result = await world.run({ 'data-source-id': `${one}\n${missing}\n${three}` });
    expect(result.code).toBe(1);

    const starts = kendra('StartDataSourceSyncJob');
    expect(starts).toHaveLength(3);
    expect(startedIds()).toEqual([one, three]);
    const notFound = starts.filter((request) => request.status !== 200);
    expect(notFound.map((request) => [body(request).Id, request.errorCode])).toEqual([
      [missing, 'ResourceNotFoundException'],
    ]);

    const oneJob = onlyJob(one);
    const threeJob = onlyJob(three);
    expect(result.outputs['execution-id']).toBe(oneJob.executionId);
    expect(executionIds(result.outputs)).toEqual({
      [one]: oneJob.executionId,
      [three]: threeJob.executionId,
    });
    const entries = results(result.outputs);
    expect(entries.map((entry) => [entry.dataSourceId, entry.executionId])).toEqual([
      [one, oneJob.executionId],
      [missing, null],
      [three, threeJob.executionId],
    ]);
    expect(entries[1].errorMessage).toContain(missing);
    expect(entries[1].errorMessage).toContain('ResourceNotFoundException');
    expect(entries[1].status).toBeNull();

    const explained = result.errors.find((error) => error.includes(missing));
    expect(explained).toContain('ResourceNotFoundException');
    expect(explained).toContain(`region ${REGION}`);
    expect(result.errors.at(-1)).toContain(`1 of 3 data sources failed: ${missing}`);
    // The data sources that started are not reported as failures.
    expect(result.errors.some((error) => error.includes(one) || error.includes(three))).toBe(false);
  });

  it('starts the two data sources the role may sync when it is denied the third', async () => {
    const [one, two, three] = addDataSources('one', 'two', 'three');
    world.sim.addRole(ROLE_ARN, {
      subject: SUBJECT,
      // The start needs the index and the data source allowed (both resource types).
      allow: [
        {
          action: 'kendra:StartDataSourceSyncJob',
          resource: `arn:aws:kendra:${REGION}:${ACCOUNT}:index/${world.indexId}`,
        },
        { action: 'kendra:StartDataSourceSyncJob', resource: dataSourceArn(one) },
        { action: 'kendra:StartDataSourceSyncJob', resource: dataSourceArn(three) },
      ],
    });
    const result = await world.run({ 'data-source-id': `${one},${two},${three}` });
    expect(result.code).toBe(1);

    // AccessDenied is permanent: asked once, not retried.
    const starts = kendra('StartDataSourceSyncJob');
    expect(starts).toHaveLength(3);
    expect(startedIds()).toEqual([one, three]);
    expect(
      starts.filter((request) => request.status !== 200).map((request) => request.errorCode),
    ).toEqual(['AccessDeniedException']);
    expect(world.sim.jobs(world.indexId, two)).toEqual([]);

    expect(executionIds(result.outputs)).toEqual({
      [one]: onlyJob(one).executionId,
      [three]: onlyJob(three).executionId,
    });
    const entries = results(result.outputs);
    expect(entries).toHaveLength(3);
    expect(entries[1]).toMatchObject({ dataSourceId: two, executionId: null });
    expect(entries[1].errorMessage).toContain(dataSourceArn(two));

    const denied = result.errors.find((error) => error.includes(dataSourceArn(two)));
    expect(denied).toContain('kendra:StartDataSourceSyncJob');
    expect(result.errors.at(-1)).toContain(`1 of 3 data sources failed: ${two}`);
  });

  it('waits for all three and fails naming the one whose sync FAILED', async () => {
    const [one, two, three] = addDataSources('one', 'two', 'three');
    world.sim.scriptJobs(world.indexId, two, {
      status: 'FAILED',
      syncingMs: 200,
      indexingMs: 200,
      errorMessage: 'The crawler could not reach https://docs.example.com.',
    });
    const result = await world.run(
      {
        'data-source-id': `${one}\n${two}\n${three}`,
        'wait-for-completion': 'true',
        'poll-interval-seconds': '1',
      },
      { timeoutMs: 20_000 },
    );
    expect(result.code).toBe(1);
    expect(startedIds()).toEqual([one, three, two].sort());

    const jobs = [one, two, three].map((id) => onlyJob(id));
    expect(jobs.map((job) => job.status)).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED']);
    // Every data source got an execution ID, so the outputs have all three.
    expect(executionIds(result.outputs)).toEqual({
      [one]: jobs[0].executionId,
      [two]: jobs[1].executionId,
      [three]: jobs[2].executionId,
    });
    const entries = results(result.outputs);
    expect(entries.map((entry) => [entry.dataSourceId, entry.status])).toEqual([
      [one, 'SUCCEEDED'],
      [two, 'FAILED'],
      [three, 'SUCCEEDED'],
    ]);
    expect(entries[1].errorMessage).toContain('could not reach https://docs.example.com');
    expect(entries[0].errorMessage).toBeNull();
    expect(result.outputs.status).toBe('FAILED');

    const failed = result.errors.find((error) => error.includes(jobs[1].executionId));
    expect(failed).toContain(two);
    expect(failed).toContain('FAILED');
    expect(result.errors.at(-1)).toContain(`1 of 3 data sources failed: ${two}`);
  });
});

describe('concurrency', () => {
  it('works on 8 data sources at once, never more than 3 Kendra requests in flight', async () => {
    const ids = addDataSources('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    // Slow answers make overlapping requests visible to the simulator's in-flight count.
    world.sim.fault({ service: 'kendra', kind: 'delay', delayMs: 150 });
    const result = await world.run(
      {
        'data-source-id': ids.join(','),
        'wait-for-completion': 'true',
        'poll-interval-seconds': '1',
      },
      { timeoutMs: 30_000 },
    );
    expectCleanSuccess(result);

    expect(world.sim.maxInFlight('kendra')).toBeLessThanOrEqual(3);
    expect(world.sim.maxInFlight('kendra')).toBeGreaterThan(1);
    expect(startedIds()).toEqual([...ids].sort());
    const jobs = ids.map((id) => onlyJob(id));
    expect(jobs.every((job) => job.status === 'SUCCEEDED')).toBe(true);
    expect(executionIds(result.outputs)).toEqual(
      Object.fromEntries(ids.map((id, i) => [id, jobs[i].executionId])),
    );
    const entries = results(result.outputs);
    expect(entries.map((entry) => entry.dataSourceId)).toEqual(ids);
    expect(entries.every((entry) => entry.status === 'SUCCEEDED')).toBe(true);
    expect(result.outputs.status).toBe('SUCCEEDED');
    // Each default job adds 12 documents.
    expect(result.outputs['documents-added']).toBe(String(8 * 12));
  });

  it('retries throttled starts: all 8 data sources start once', async () => {
    const ids = addDataSources('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    // Every other start request is throttled (the 1st, 3rd, 5th and 7th). Concurrent retries
    // interleave in any order, so one data source could in principle draw 3 of the 4 throttles;
    // AWS_MAX_ATTEMPTS=5 (which the action honours) keeps the outcome deterministic.
    world.sim.fault({
      service: 'kendra',
      action: 'StartDataSourceSyncJob',
      kind: 'error',
      code: 'ThrottlingException',
      every: 2,
      times: 4,
    });
    const result = await world.run(
      { 'data-source-id': ids.join('\n') },
      { env: { AWS_MAX_ATTEMPTS: '5' }, timeoutMs: 30_000 },
    );
    expectCleanSuccess(result);
    const starts = kendra('StartDataSourceSyncJob');
    expect(starts.filter((request) => request.errorCode === 'ThrottlingException')).toHaveLength(4);
    expect(starts).toHaveLength(12);
    expect(startedIds()).toEqual([...ids].sort());
    const jobs = ids.map((id) => onlyJob(id));
    expect(executionIds(result.outputs)).toEqual(
      Object.fromEntries(ids.map((id, i) => [id, jobs[i].executionId])),
    );
  });
});

describe('the lifecycle of each data source', () => {
  it('under if-running skip, skips the busy data source and starts the idle one', async () => {
    const [busy, idle] = addDataSources('busy', 'idle');
    const running = world.sim.addJob(world.indexId, busy, {
      status: 'SYNCING',
      startTime: new Date(Date.now() - 60_000),
      script: { syncingMs: 60_000, indexingMs: 1000 },
    });
    const result = await world.run({ 'data-source-id': `${busy},${idle}`, 'if-running': 'skip' });
    expectCleanSuccess(result);

    // Nothing new on the busy one; the idle one has the job this step started.
    expect(world.sim.jobs(world.indexId, busy).map((job) => job.executionId)).toEqual([running]);
    const started = onlyJob(idle);
    expect(startedIds()).toEqual([idle]);
    expect(kendra('ListDataSourceSyncJobs').every((request) => body(request).Id === busy)).toBe(
      true,
    );

    expect(result.outputs.skipped).toBe('true');
    expect(result.outputs['execution-id']).toBe(running);
    expect(executionIds(result.outputs)).toEqual({
      [busy]: running,
      [idle]: started.executionId,
    });
    expect(results(result.outputs)).toEqual([
      expect.objectContaining({ dataSourceId: busy, executionId: running, skipped: true }),
      expect.objectContaining({
        dataSourceId: idle,
        executionId: started.executionId,
        skipped: false,
        status: 'SYNCING',
      }),
    ]);
    const rows = summaryRows(result.summary);
    expect(rows[0]).toContain('skipped');
    expect(rows[1]).not.toContain('skipped');
  });

  it('reports the worst status of the waited data sources and sums their document counts', async () => {
    const [first, partial, last] = addDataSources('first', 'partial', 'last');
    const job = { syncingMs: 200, indexingMs: 200 };
    world.sim.scriptJobs(world.indexId, first, {
      ...job,
      status: 'SUCCEEDED',
      metrics: { added: 1, modified: 2, deleted: 3, failed: 0, scanned: 10 },
    });
    world.sim.scriptJobs(world.indexId, partial, {
      ...job,
      status: 'INCOMPLETE',
      metrics: { added: 20, modified: 30, deleted: 40, failed: 5, scanned: 100 },
    });
    world.sim.scriptJobs(world.indexId, last, {
      ...job,
      status: 'SUCCEEDED',
      metrics: { added: 300, modified: 200, deleted: 100, failed: 0, scanned: 1000 },
    });
    const result = await world.run(
      {
        'data-source-id': `${first}\n${partial}\n${last}`,
        'wait-for-completion': 'true',
        'poll-interval-seconds': '1',
        'fail-on-incomplete': 'false',
      },
      { timeoutMs: 20_000 },
    );
    expectCleanSuccess(result);
    expect(result.outputs.status).toBe('INCOMPLETE');
    expect(result.warnings.some((warning) => warning.includes(partial))).toBe(true);
    expect(result.outputs['documents-added']).toBe('321');
    expect(result.outputs['documents-modified']).toBe('232');
    expect(result.outputs['documents-deleted']).toBe('143');
    expect(result.outputs['documents-failed']).toBe('5');
    expect(result.outputs['documents-scanned']).toBe('1110');
    expect(results(result.outputs).map((entry) => [entry.status, entry.metrics?.added])).toEqual([
      ['SUCCEEDED', 1],
      ['INCOMPLETE', 20],
      ['SUCCEEDED', 300],
    ]);
  });
});

describe('the job summary', () => {
  it('has one row per data source with its ID, execution ID and a console link', async () => {
    const ids = addDataSources('one', 'two', 'three');
    const result = await world.run({ 'data-source-id': ids.join(',') });
    expect(result.code).toBe(0);
    const rows = summaryRows(result.summary);
    expect(rows).toHaveLength(3);
    ids.forEach((id, i) => {
      expect(rows[i]).toContain(`href="${consoleLink(world.indexId, id)}"`);
      expect(rows[i]).toContain(onlyJob(id).executionId);
    });
  });
});

describe('cancellation', () => {
  // Real time is the point: the runner sends SIGTERM 7.5 s after SIGINT, so every stop must be
  // asked within 7 s.
  it('stops every job it started and waits on when SIGINT arrives', async () => {
    const ids = addDataSources('one', 'two', 'three');
    world.sim.setDefaultJob({ status: 'SUCCEEDED', syncingMs: 120_000, indexingMs: 1000 });
    let signalledAt = 0;
    const result = await world.run(
      {
        'data-source-id': ids.join('\n'),
        'wait-for-completion': 'true',
        'poll-interval-seconds': '1',
      },
      {
        timeoutMs: 30_000,
        onSpawn: (child, output) => {
          const timer = setInterval(() => {
            // Each "Started" line is printed just before its job is tracked for cancellation.
            if ((output.stdout().match(/Started sync job/g) ?? []).length < 3) return;
            clearInterval(timer);
            signalledAt = Date.now();
            child.kill('SIGINT');
          }, 20);
          child.on('close', () => clearInterval(timer));
        },
      },
    );
    expect(signalledAt).toBeGreaterThan(0);
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    expect(result.errors).toEqual(['Cancelled (SIGINT).']);

    const stops = kendra('StopDataSourceSyncJob');
    expect(stops.map((request) => String(body(request).Id)).sort()).toEqual([...ids].sort());
    for (const stop of stops) {
      expect(stop.status).toBe(200);
      expect(stop.at - signalledAt).toBeLessThan(7_000);
    }
    for (const id of ids) expect(onlyJob(id).stopRequested).toBe(true);
  });
});
