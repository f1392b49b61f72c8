import { describe, expect, it } from '@jest/globals';
import { decodeEntities, displayWidth, summaryToText } from '../../tools/summary-text.js';

describe('summaryToText', () => {
  it('renders a heading, a boxed table with aligned columns and links listed once', () => {
    const html =
      '<h3>Kendra sync</h3>\n' +
      '<table><tr><th>Data source</th><th>Status</th><th>Added</th></tr>' +
      '<tr><td><a href="https://example.com/ds?a=1&amp;b=2">website</a></td><td>SUCCEEDED</td><td>12</td></tr>' +
      '<tr><td><a href="https://example.com/ds?a=1&amp;b=2">again</a></td><td>FAILED</td><td>3</td></tr></table>\n';
    expect(summaryToText(html)).toBe(
      [
        'Kendra sync',
        '───────────',
        '',
        '┌─────────────┬───────────┬───────┐',
        '│ Data source │ Status    │ Added │',
        '├─────────────┼───────────┼───────┤',
        '│ website [1] │ SUCCEEDED │    12 │',
        '│ again [1]   │ FAILED    │     3 │',
        '└─────────────┴───────────┴───────┘',
        '',
        '[1] https://example.com/ds?a=1&b=2',
      ].join('\n'),
    );
  });

  it('aligns cells that hold emoji marks by their width on a terminal', () => {
    const text = summaryToText(
      '<table><tr><th>Status</th></tr><tr><td>✅ ok</td></tr><tr><td>x</td></tr></table>',
    );
    expect(text.split('\n')).toEqual([
      '┌────────┐',
      '│ Status │',
      '├────────┤',
      '│ ✅ ok  │',
      '│ x      │',
      '└────────┘',
    ]);
  });

  it('renders paragraphs, lists as bullets, and decodes entities', () => {
    const html =
      '<p>Sync failed: &quot;Access &lt;denied&gt;&quot; &#x2014; see <a href="https://logs.example">the log group</a>.</p>' +
      '<ul><li>doc-1: <code>InvalidRequest</code></li><li>doc-2</li></ul>' +
      '<ol><li>first</li><li>second</li></ol>';
    expect(summaryToText(html)).toBe(
      [
        'Sync failed: "Access <denied>" — see the log group [1].',
        '',
        '  • doc-1: InvalidRequest',
        '  • doc-2',
        '',
        '  1. first',
        '  2. second',
        '',
        '[1] https://logs.example',
      ].join('\n'),
    );
  });

  it('shows a link whose text is its URL once, inline', () => {
    expect(summaryToText('<p><a href="https://a.example">https://a.example</a></p>')).toBe(
      'https://a.example',
    );
  });

  it('keeps text of unknown tags and survives unclosed ones', () => {
    expect(summaryToText('<details><summary>More</summary><p>hidden <b>text')).toBe(
      '▸ More\n  hidden text',
    );
    expect(summaryToText('plain &amp; simple')).toBe('plain & simple');
    expect(summaryToText('')).toBe('');
  });
});

describe('helpers', () => {
  it('decodes named and numeric entities and leaves unknown ones', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&#39;&#x1F600;&nbsp;&bogus;')).toBe(
      '&<>"\'😀 &bogus;',
    );
  });

  it('counts emoji and wide characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('✅')).toBe(2);
    expect(displayWidth('⚠️')).toBe(2);
    expect(displayWidth('❌ FAILED')).toBe(9);
    expect(displayWidth('漢字')).toBe(4);
  });

  it('spans a colspan cell over its columns, wrapped to their width', () => {
    const text = summaryToText(
      '<table><tr><th>Status</th><th>Name</th><th>Added</th><th>Failed</th></tr>' +
        '<tr><td>ok</td><td>a</td><td>12</td><td>0</td></tr>' +
        '<tr><td>not started</td><td>b</td><td colspan="2">No data source named b here</td></tr></table>',
    );
    expect(text.split('\n')).toEqual([
      '┌─────────────┬──────┬───────┬────────┐',
      '│ Status      │ Name │ Added │ Failed │',
      '├─────────────┼──────┼───────┼────────┤',
      '│ ok          │ a    │    12 │      0 │',
      '│ not started │ b    │ No data source │',
      '│             │      │ named b here   │',
      '└─────────────┴──────┴───────┴────────┘',
    ]);
  });
});
