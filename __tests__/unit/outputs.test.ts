/**
 * The step's outputs and verdict (src/report/outputs.ts), as a workflow reads them: the values in
 * the runner's GITHUB_OUTPUT file, the error annotations and the exit code.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckResult, DataSourceResult, Metrics } from '../../src/model.js';
import { announceExecutionId, setOutputs, setVerdict } from '../../src/report/outputs.js';
import { parseOutputs } from '../../tools/runner.js';
import { captureLog, FakeClock, FakeService } from '../helpers/fake-service.js';

let dir: string;
let outputFile: string;
let printed: Array<{ at: number; line: string }>;
const service = new FakeService(new FakeClock());

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kendra-sync-outputs-'));
  outputFile = path.join(dir, 'output');
  writeFileSync(outputFile, '');
  process.env.GITHUB_OUTPUT = outputFile;
  printed = captureLog(new FakeClock());
});

afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.GITHUB_OUTPUT;
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const outputs = () => parseOutputs(readFileSync(outputFile, 'utf8'));
const logged = () => printed.map((p) => p.line);

const metrics = (added: number, failed = 0, skipped = 0): Metrics => ({
  added,
  modified: 1,
  deleted: 0,
  failed,
  scanned: added + failed + skipped + 1,
  skipped,
});

const SUCCEEDED: DataSourceResult = {
  containerId: 'c-1',
  dataSourceId: 'ds-1',
  dataSourceName: 'website',
  executionId: 'run-1',
  status: 'DONE',
  outcome: 'succeeded',
  skipped: false,
  startTime: new Date(Date.UTC(2026, 0, 1, 9, 0, 0)),
  endTime: new Date(Date.UTC(2026, 0, 1, 9, 2, 0)),
  metrics: metrics(3),
};
const INCOMPLETE: DataSourceResult = {
  containerId: 'c-1',
  dataSourceId: 'ds-2',
  executionId: 'run-2',
  status: 'PARTLY_DONE',
  outcome: 'incomplete',
  skipped: false,
  metrics: metrics(2, 4, 1),
  failure: 'Sync job run-2 on data source ds-2 ended PARTLY_DONE.',
  failedDocuments: { documents: [{ uri: 's3://b/a.pdf', message: 'too large' }], more: 0 },
};
const UNRESOLVED: DataSourceResult = {
  containerId: 'c-1',
  dataSourceName: 'wiki',
  outcome: 'failed',
  skipped: false,
  failure: 'No data source named "wiki".',
  errorMessage: 'No data source named "wiki".',
};
const SKIPPED: DataSourceResult = {
  containerId: 'c-1',
  dataSourceId: 'ds-3',
  executionId: 'theirs-1',
  status: 'RUNNING',
  outcome: 'skipped',
  skipped: true,
};

describe('setOutputs', () => {
  it('sets every output a workflow reads, counts summed over the data sources', () => {
    setOutputs(service, [SUCCEEDED, INCOMPLETE, SKIPPED], true);
    const set = outputs();
    expect(set).toMatchObject({
      'execution-ids': JSON.stringify({ 'ds-1': 'run-1', 'ds-2': 'run-2', 'ds-3': 'theirs-1' }),
      outcome: 'incomplete',
      status: 'PARTLY_DONE',
      skipped: 'true',
      'documents-added': '5',
      'documents-modified': '2',
      'documents-deleted': '0',
      'documents-failed': '4',
      'documents-scanned': '12',
      'documents-skipped': '1',
    });
    // announceExecutionId set it for the first data source already.
    expect(set['execution-id']).toBeUndefined();
    expect(set['check-rank']).toBeUndefined();
    expect(JSON.parse(set.results)).toEqual([
      {
        service: 'fake',
        dataSourceId: 'ds-1',
        dataSourceName: 'website',
        executionId: 'run-1',
        status: 'DONE',
        outcome: 'succeeded',
        skipped: false,
        startTime: '2026-01-01T09:00:00.000Z',
        endTime: '2026-01-01T09:02:00.000Z',
        metrics: metrics(3),
        errorMessage: null,
      },
      {
        service: 'fake',
        dataSourceId: 'ds-2',
        executionId: 'run-2',
        status: 'PARTLY_DONE',
        outcome: 'incomplete',
        skipped: false,
        startTime: null,
        endTime: null,
        metrics: metrics(2, 4, 1),
        errorMessage: null,
        failedDocuments: [{ uri: 's3://b/a.pdf', message: 'too large' }],
      },
      {
        service: 'fake',
        dataSourceId: 'ds-3',
        executionId: 'theirs-1',
        status: 'RUNNING',
        outcome: 'skipped',
        skipped: true,
        startTime: null,
        endTime: null,
        metrics: null,
        errorMessage: null,
      },
    ]);
  });

  it('without a job for the first data source, execution-id is the first there is', () => {
    setOutputs(service, [UNRESOLVED, INCOMPLETE, SUCCEEDED], true);
    const set = outputs();
    expect(set['execution-id']).toBe('run-2');
    expect(set.outcome).toBe('failed');
    // The status of the worst outcome among the data sources with a job.
    expect(set.status).toBe('PARTLY_DONE');
    expect(set.skipped).toBe('false');
    expect(JSON.parse(set.results)[0]).toEqual({
      service: 'fake',
      dataSourceId: null,
      dataSourceName: 'wiki',
      executionId: null,
      status: null,
      outcome: 'failed',
      skipped: false,
      startTime: null,
      endTime: null,
      metrics: null,
      errorMessage: 'No data source named "wiki".',
    });
  });

  it('no counts when the step did not wait, or no job was followed to its end', () => {
    setOutputs(service, [SUCCEEDED], false);
    expect(Object.keys(outputs()).filter((name) => name.startsWith('documents-'))).toEqual([]);
    writeFileSync(outputFile, '');
    setOutputs(service, [SKIPPED], true);
    expect(Object.keys(outputs()).filter((name) => name.startsWith('documents-'))).toEqual([]);
  });

  it('no execution-id, status or outcome to speak of when nothing has a job', () => {
    setOutputs(service, [UNRESOLVED], true);
    const set = outputs();
    expect(set['execution-id']).toBeUndefined();
    expect(set.status).toBeUndefined();
    expect(set['execution-ids']).toBe('{}');
    expect(set.outcome).toBe('failed');
  });

  it('no data source at all: empty lists, no outcome', () => {
    setOutputs(service, [], true);
    expect(outputs()).toEqual({ 'execution-ids': '{}', skipped: 'false', results: '[]' });
  });

  it('check-rank is the rank of a passed check, empty for any other', () => {
    const asked = { query: 'install', expect: '/guide', count: 5 };
    const searched = { ...asked, results: [], searches: 1, elapsedMs: 0 };
    const cases: Array<[CheckResult, string]> = [
      [{ ...searched, status: 'passed', rank: 3 }, '3'],
      [{ ...searched, status: 'not-found' }, ''],
      [{ ...asked, status: 'not-run', reason: 'the sync failed' }, ''],
    ];
    for (const [check, rank] of cases) {
      writeFileSync(outputFile, '');
      setOutputs(service, [SUCCEEDED], true, check);
      expect(outputs()['check-rank']).toBe(rank);
    }
  });
});

describe('announceExecutionId', () => {
  it("sets execution-id for the first data source's job only", () => {
    announceExecutionId(1, 'run-2');
    expect(outputs()['execution-id']).toBeUndefined();
    announceExecutionId(0, 'run-1');
    expect(outputs()['execution-id']).toBe('run-1');
  });
});

describe('setVerdict', () => {
  it('a step with no failure and a check that passed or did not run does not fail', () => {
    setVerdict([SUCCEEDED, SKIPPED]);
    setVerdict([SUCCEEDED], {
      query: 'q',
      expect: 'e',
      count: 5,
      status: 'not-run',
      reason: 'the sync failed',
    });
    expect(process.exitCode).toBeUndefined();
    expect(logged()).toEqual([]);
  });

  it('one data source: its failure is the error', () => {
    setVerdict([INCOMPLETE]);
    expect(process.exitCode).toBe(1);
    expect(logged()).toEqual(['::error::Sync job run-2 on data source ds-2 ended PARTLY_DONE.']);
  });

  it('several: an error for each failure, then one naming them all', () => {
    setVerdict([SUCCEEDED, INCOMPLETE, UNRESOLVED]);
    expect(process.exitCode).toBe(1);
    expect(logged()).toEqual([
      '::error::Sync job run-2 on data source ds-2 ended PARTLY_DONE.',
      '::error::No data source named "wiki".',
      '::error::2 of 3 data sources failed: ds-2, wiki.',
    ]);
  });

  it('a failed search check fails a step whose syncs all succeeded', () => {
    setVerdict([SUCCEEDED], {
      query: 'q',
      expect: 'e',
      count: 5,
      status: 'error',
      message: 'Denied.',
    });
    expect(process.exitCode).toBe(1);
    expect(logged()).toEqual(['::error::Search check failed: Denied.']);
  });
});
