/**
 * Text helpers every layer uses (src/base/text.ts): AWS text quoted as a clause, a passage cut to
 * an excerpt, a term capitalized.
 */
import { describe, expect, it } from '@jest/globals';
import { capitalize, clause, excerpt } from '../../src/base/text.js';

describe('clause', () => {
  it('drops the white space around it and its closing punctuation, nothing inside', () => {
    expect(clause('  The role cannot read s3://b/a.pdf. Check it!?  ')).toBe(
      'The role cannot read s3://b/a.pdf. Check it',
    );
  });
});

describe('excerpt', () => {
  it('puts a passage on one line and keeps one of 200 characters whole', () => {
    expect(excerpt(' a\n\n b\tc ')).toBe('a b c');
    const exact = 'x'.repeat(200);
    expect(excerpt(exact)).toBe(exact);
  });

  it('cuts a longer one to 199 characters and an ellipsis', () => {
    expect(excerpt(`${'x'.repeat(199)}yz`)).toBe(`${'x'.repeat(199)}…`);
  });
});

describe('capitalize', () => {
  it('capitalizes only the first letter', () => {
    expect(capitalize('sync job')).toBe('Sync job');
    expect(capitalize('')).toBe('');
  });
});
