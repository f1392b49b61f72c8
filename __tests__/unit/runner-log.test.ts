import { describe, expect, it } from '@jest/globals';
import { RunnerLog, parseCommand } from '../../tools/runner-log.js';

const render = (lines: string[], color = false) => {
  const log = new RunnerLog({ color });
  return lines.flatMap((line) => log.render(line));
};

describe('RunnerLog', () => {
  it('hides ::add-mask:: lines and every later occurrence of the value', () => {
    expect(
      render([
        'before SECRET1',
        '::add-mask::SECRET1',
        'token SECRET1 and SECRET1',
        '::error::denied for SECRET1',
      ]),
    ).toEqual(['before SECRET1', 'token *** and ***', 'Error: denied for ***']);
  });

  it('masks the longer of two overlapping secrets whole, and honours ##[add-mask]', () => {
    expect(
      render(['::add-mask::abc', '::add-mask::abcdef', 'x ##[add-mask]zzz', 'abcdef abc zzz']),
    ).toEqual(['*** *** ***']);
  });

  it('renders groups as a header with indented lines', () => {
    expect(render(['::group::Resolve names', 'index docs', '::endgroup::', 'after'])).toEqual([
      '▸ Resolve names',
      '  index docs',
      'after',
    ]);
  });

  it('renders annotations with their label, decoded, and hides debug', () => {
    expect(
      render([
        '::warning file=a.ts,line=3::2 documents failed%0Asee below',
        '::notice title=Hint::grant logs:FilterLogEvents',
        '::debug::internal detail',
        '  ::error::indented still counts',
      ]),
    ).toEqual([
      'Warning: 2 documents failed',
      'see below',
      'Notice: Hint: grant logs:FilterLogEvents',
      'Error: indented still counts',
    ]);
  });

  it('colours annotations when asked to', () => {
    expect(render(['::error::boom'], true)).toEqual(['\x1b[31mError: boom\x1b[0m']);
  });

  it('prints commands verbatim between ::stop-commands:: and the token', () => {
    expect(
      render(['::stop-commands::t0k', '::error::not a command', '::t0k::', '::error::again']),
    ).toEqual(['::error::not a command', 'Error: again']);
  });

  it('leaves ordinary lines and unknown commands alone', () => {
    expect(render(['Started sync job 1', ':: not a command', '::set-output name=a::b'])).toEqual([
      'Started sync job 1',
      ':: not a command',
      '::set-output name=a::b',
    ]);
    expect(parseCommand('::error title=T%2C1::m')).toEqual({
      name: 'error',
      properties: { title: 'T,1' },
      data: 'm',
    });
  });
});
