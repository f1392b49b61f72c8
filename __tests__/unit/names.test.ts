/**
 * Name resolution (src/lifecycle/names.ts): a container name and data source names turned into
 * IDs with one listing each, and what the step says when a name matches none or several.
 */
import { describe, expect, it } from '@jest/globals';
import { ActionError } from '../../src/errors.js';
import { resolveContainerId, resolveDataSources } from '../../src/lifecycle/names.js';
import type { Named } from '../../src/model.js';
import { FakeClock, FakeService } from '../helpers/fake-service.js';

const named = (count: number, prefix: string): Named[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i + 1}`,
    name: `${prefix} ${i + 1}`,
  }));

function service(containers: Array<Named & { dataSources?: Named[] }>): FakeService {
  return new FakeService(new FakeClock(), {
    containers: containers.map((container) => ({ dataSources: [], ...container })),
  });
}

/** The message of the ActionError `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ActionError);
  return (error as Error).message;
}

describe('resolveContainerId', () => {
  it('returns the ID of the one container with exactly that name, after one listing', async () => {
    const fake = service([
      { id: 'c-1', name: 'docs-staging' },
      { id: 'c-2', name: 'docs' },
      { id: 'c-3', name: 'Docs' },
    ]);
    await expect(resolveContainerId(fake, 'docs')).resolves.toBe('c-2');
    expect(fake.calls.map((call) => call.op)).toEqual(['listContainers']);
  });

  it('names a case-insensitive near miss as not found, listing what is there', async () => {
    const fake = service([
      { id: 'c-1', name: 'Docs' },
      { id: 'c-2', name: 'wiki' },
    ]);
    expect(await failure(resolveContainerId(fake, 'docs'))).toBe(
      `Input 'collection-name' is "docs", but no collection in region xx-test-1 has that name (names are case-sensitive). Collections there: "Docs" (c-1), "wiki" (c-2).`,
    );
  });

  it('says "none" when the region has no container at all', async () => {
    expect(await failure(resolveContainerId(service([]), 'docs'))).toBe(
      `Input 'collection-name' is "docs", but no collection in region xx-test-1 has that name (names are case-sensitive). Collections there: none.`,
    );
  });

  it('refuses a name two containers share, naming both and the ID input to use instead', async () => {
    const fake = service([
      { id: 'c-1', name: 'docs' },
      { id: 'c-2', name: 'wiki' },
      { id: 'c-3', name: 'docs' },
    ]);
    expect(await failure(resolveContainerId(fake, 'docs'))).toBe(
      `Input 'collection-name' is "docs", but 2 collections in region xx-test-1 have that name: "docs" (c-1), "docs" (c-3). Use collection-id instead.`,
    );
  });

  it('lists at most 20 containers, then says how many more', async () => {
    const message = await failure(resolveContainerId(service(named(23, 'c')), 'docs'));
    expect(message).toContain('"c 20" (c-20), and 3 more.');
    expect(message).not.toContain('"c 21"');
  });

  it('lists exactly 20 containers without a "more"', async () => {
    const message = await failure(resolveContainerId(service(named(20, 'c')), 'docs'));
    expect(message).toMatch(/"c 20" \(c-20\)\.$/);
  });
});

describe('resolveDataSources', () => {
  const fake = () =>
    service([
      {
        id: 'c-1',
        name: 'docs',
        dataSources: [
          { id: 'ds-1', name: 'website' },
          { id: 'ds-2', name: 'pdfs' },
          { id: 'ds-3', name: 'pdfs' },
          { id: 'ds-4', name: 'Wiki' },
        ],
      },
      { id: 'c-2', name: 'other', dataSources: [{ id: 'ds-9', name: 'wiki' }] },
    ]);

  it("resolves a name to its data source's ID with one listing of the container", async () => {
    const service = fake();
    const resolved = await resolveDataSources(service, 'c-1', ['website']);
    expect(resolved).toEqual([
      { containerId: 'c-1', dataSourceId: 'ds-1', dataSourceName: 'website' },
    ]);
    expect(service.calls.map((call) => call.op)).toEqual(['listDataSources']);
  });

  it('reports a name that matches none or several on its own, so the others still resolve', async () => {
    const service = fake();
    const resolved = await resolveDataSources(service, 'c-1', ['wiki', 'website', 'pdfs']);
    expect(resolved).toEqual([
      {
        containerId: 'c-1',
        dataSourceName: 'wiki',
        failure:
          'No data source named "wiki" in collection c-1 (region xx-test-1; names are case-sensitive). Data sources in that collection: "website" (ds-1), "pdfs" (ds-2), "pdfs" (ds-3), "Wiki" (ds-4).',
      },
      { containerId: 'c-1', dataSourceId: 'ds-1', dataSourceName: 'website' },
      {
        containerId: 'c-1',
        dataSourceName: 'pdfs',
        failure:
          '2 data sources in collection c-1 are named "pdfs": "pdfs" (ds-2), "pdfs" (ds-3). Use data-source-id instead.',
      },
    ]);
    expect(service.calls.map((call) => call.op)).toEqual(['listDataSources']);
  });

  it('says "none" for a container with no data sources', async () => {
    const [only] = await resolveDataSources(service([{ id: 'c-1', name: 'docs' }]), 'c-1', ['x']);
    expect(only).toMatchObject({ failure: expect.stringMatching(/that collection: none\.$/) });
  });
});
