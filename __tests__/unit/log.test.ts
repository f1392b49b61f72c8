/**
 * The workflow log (src/report/log.ts): text from AWS or inputs printed inert, and debug lines
 * only with the runner's debug logging on.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as log from '../../src/base/log.js';
import { captureLog, FakeClock } from '../helpers/fake-service.js';

const ZWSP = '\u200b';
let printed: Array<{ at: number; line: string }>;

beforeEach(() => {
  printed = captureLog(new FakeClock());
});

afterEach(() => {
  jest.restoreAllMocks();
  delete process.env.RUNNER_DEBUG;
  process.exitCode = undefined;
});

const lines = () => printed.map((p) => p.line);

describe('inert', () => {
  it('breaks a command at the start of any line, after its white space, and ##[ anywhere', () => {
    expect(log.inert('::error::a\n  ::warning::b\nc ##[group]d ##[x')).toBe(
      `:${ZWSP}:error::a\n  :${ZWSP}:warning::b\nc #${ZWSP}#[group]d #${ZWSP}#[x`,
    );
  });

  it('leaves a lone colon and a mid-line :: alone', () => {
    expect(log.inert(':a\nb::c')).toBe(':a\nb::c');
  });
});

describe('each kind of line', () => {
  it('is printed as its workflow command, inert', () => {
    log.info('::add-mask::x');
    log.warning('w ##[group]');
    log.error('e');
    log.setFailed('f');
    expect(lines()).toEqual([
      `:${ZWSP}:add-mask::x`,
      `::warning::w #${ZWSP}#[group]`,
      '::error::e',
      '::error::f',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('debug lines only with the runner debug logging on', () => {
    log.debug('hidden');
    expect(log.debugging()).toBe(false);
    process.env.RUNNER_DEBUG = '1';
    log.debug('::shown');
    expect(log.debugging()).toBe(true);
    expect(lines()).toEqual([`::debug:::${ZWSP}:shown`]);
  });
});
