/**
 * The job summary as text for a terminal. @actions/core's summary writes a small subset of HTML
 * (headings, tables, lists, paragraphs, links, code, details); GitHub renders it on the run's
 * page. Here: a heading line, a boxed table with aligned columns, bullets, and links as their
 * text with a numbered reference whose URL is listed once at the end.
 */

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}
type Node = Element | string;

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr']);
const BLOCK = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'div',
  'ul',
  'ol',
  'li',
  'table',
  'pre',
  'blockquote',
  'details',
  'summary',
  'hr',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  times: '×',
  rarr: '→',
  larr: '←',
  middot: '·',
  bull: '•',
  check: '✓',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : +name.slice(1);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A forgiving parser: unknown or unclosed tags never lose text. */
function parseHtml(html: string): Element {
  const root: Element = { tag: '#root', attrs: {}, children: [] };
  const stack: Element[] = [root];
  const top = () => stack[stack.length - 1];
  const token =
    /<!--[^]*?-->|<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
  let last = 0;
  for (let match = token.exec(html); match; match = token.exec(html)) {
    if (match.index > last) top().children.push(decodeEntities(html.slice(last, match.index)));
    last = token.lastIndex;
    const [whole, rawTag, rawAttrs] = match;
    if (!rawTag) continue; // a comment
    const tag = rawTag.toLowerCase();
    if (whole.startsWith('</')) {
      const open = stack.map((e) => e.tag).lastIndexOf(tag);
      if (open > 0) stack.length = open;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const attr of (rawAttrs ?? '').matchAll(
      /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g,
    )) {
      attrs[attr[1].toLowerCase()] = decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? '');
    }
    const element: Element = { tag, attrs, children: [] };
    // A new row or cell closes the open one (HTML lets </tr>, </td>, </li> be left out).
    const closes: Record<string, string[]> = {
      tr: ['tr'],
      td: ['td', 'th'],
      th: ['td', 'th'],
      li: ['li'],
    };
    if (closes[tag] && closes[tag].includes(top().tag)) stack.pop();
    top().children.push(element);
    if (!VOID.has(tag) && !whole.endsWith('/>')) stack.push(element);
  }
  if (last < html.length) top().children.push(decodeEntities(html.slice(last)));
  return root;
}

/** Terminal columns a string takes: emoji and East Asian wide characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    const code = char.codePointAt(0)!;
    if (code === 0xfe0f || code === 0x200d || /\p{Mn}|\p{Me}|\p{Cf}/u.test(char)) continue;
    if (
      /\p{Emoji_Presentation}/u.test(char) ||
      (chars[i + 1] === '\ufe0f' && /\p{Extended_Pictographic}/u.test(char))
    ) {
      width += 2;
    } else if (
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
    ) {
      width += 2;
    } else {
      width += 1;
    }
  }
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

class Renderer {
  readonly links: string[] = [];

  /** One line of text from inline content; links become `text [n]`. */
  inline(nodes: Node[]): string {
    let out = '';
    for (const node of nodes) {
      if (typeof node === 'string') out += node;
      else if (node.tag === 'br') out += '\n';
      else if (node.tag === 'img') out += node.attrs.alt ?? '';
      else if (node.tag === 'a' && node.attrs.href) {
        const text = this.inline(node.children).trim();
        const href = node.attrs.href;
        out += text === href || text === '' ? href : `${text} [${this.linkNumber(href)}]`;
      } else if (BLOCK.has(node.tag)) out += ` ${this.inline(node.children)} `;
      else out += this.inline(node.children);
    }
    return out;
  }

  /** Inline text with runs of whitespace collapsed, line breaks from <br> kept. */
  text(nodes: Node[]): string {
    return this.inline(nodes)
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .join('\n')
      .trim();
  }

  private linkNumber(href: string): number {
    const known = this.links.indexOf(href);
    if (known >= 0) return known + 1;
    this.links.push(href);
    return this.links.length;
  }

  /** Lines for a list of block and inline nodes; consecutive inline content forms a paragraph. */
  blocks(nodes: Node[]): string[][] {
    const out: string[][] = [];
    let run: Node[] = [];
    const flush = () => {
      const text = this.text(run);
      if (text) out.push(text.split('\n'));
      run = [];
    };
    for (const node of nodes) {
      if (typeof node !== 'string' && BLOCK.has(node.tag)) {
        flush();
        const lines = this.block(node);
        if (lines.length) out.push(lines);
      } else run.push(node);
    }
    flush();
    return out;
  }

  private block(element: Element): string[] {
    const { tag } = element;
    if (/^h[1-6]$/.test(tag)) {
      const text = this.text(element.children);
      return text
        ? [text, (tag === 'h1' || tag === 'h2' ? '═' : '─').repeat(displayWidth(text))]
        : [];
    }
    if (tag === 'hr') return ['─'.repeat(40)];
    if (tag === 'ul' || tag === 'ol') return this.list(element);
    if (tag === 'table') return this.table(element);
    if (tag === 'pre') {
      const text = element.children
        .map((c) => (typeof c === 'string' ? c : this.inline([c])))
        .join('');
      return text
        .replace(/^\n|\n$/g, '')
        .split('\n')
        .map((line) => `    ${line}`);
    }
    if (tag === 'blockquote') return this.joined(element.children).map((line) => `│ ${line}`);
    if (tag === 'details') {
      const summary = element.children.find(
        (c): c is Element => typeof c !== 'string' && c.tag === 'summary',
      );
      const rest = element.children.filter((c) => c !== summary);
      const head = summary ? [`▸ ${this.text(summary.children)}`] : [];
      return [...head, ...this.joined(rest).map((line) => `  ${line}`)];
    }
    return this.joined(element.children);
  }

  /** Blocks joined without blank lines (inside a list item, a quote, a details body). */
  private joined(nodes: Node[]): string[] {
    return this.blocks(nodes).flat();
  }

  private list(element: Element): string[] {
    const lines: string[] = [];
    let n = 0;
    for (const item of element.children) {
      if (typeof item === 'string') {
        if (item.trim()) lines.push(`• ${item.trim()}`);
        continue;
      }
      n++;
      const marker = element.tag === 'ol' ? `${n}. ` : '• ';
      const body = item.tag === 'li' ? this.joined(item.children) : this.block(item);
      body.forEach((line, i) =>
        lines.push(i === 0 ? `${marker}${line}` : `${' '.repeat(marker.length)}${line}`),
      );
    }
    return lines.map((line) => `  ${line}`);
  }

  private table(element: Element): string[] {
    const rows: Row[] = [];
    const collect = (nodes: Node[]) => {
      for (const node of nodes) {
        if (typeof node === 'string') continue;
        if (node.tag === 'tr') {
          const cells = node.children.filter(
            (c): c is Element => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th'),
          );
          rows.push({
            header: cells.length > 0 && cells.every((c) => c.tag === 'th'),
            cells: cells.map((c) => ({
              text: this.text(c.children).replace(/\n/g, ' '),
              span: Math.max(1, Number(c.attrs.colspan) || 1),
            })),
          });
        } else collect(node.children); // thead, tbody, tfoot
      }
    };
    collect(element.children);
    if (rows.length === 0) return [];
    return drawTable(rows);
  }
}

interface Row {
  header: boolean;
  cells: Array<{ text: string; span: number }>;
}

/** A box-drawn table; a cell spanning columns (colspan) wraps within their width. */
function drawTable(rows: Row[]): string[] {
  const columns = Math.max(...rows.map((r) => r.cells.reduce((n, c) => n + c.span, 0)));
  const at = (row: Row, i: number) => row.cells.find((_, k) => startOf(row, k) === i);
  const startOf = (row: Row, k: number) => row.cells.slice(0, k).reduce((n, c) => n + c.span, 0);
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(
      1,
      ...rows.map((r) => {
        const cell = at(r, i);
        return cell?.span === 1 ? displayWidth(cell.text) : 1;
      }),
    ),
  );
  // Numbers read best right-aligned: a column whose body cells are all numbers (or empty).
  const body = rows.filter((r) => !r.header);
  const single = (row: Row, i: number) => {
    const cell = at(row, i);
    return cell?.span === 1 ? cell.text : '';
  };
  const numeric = widths.map(
    (_, i) =>
      body.some((r) => single(r, i)) &&
      body.every((r) => !single(r, i) || /^-?[\d.,]+%?$/.test(single(r, i))),
  );
  const rule = (left: string, mid: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const line = (row: Row): string[] => {
    const boxes = row.cells.map((cell, k) => {
      const first = startOf(row, k);
      const width = widths.slice(first, first + cell.span).reduce((n, w) => n + w + 3, -3);
      const align = cell.span === 1 && numeric[first] && !row.header ? 'right' : 'left';
      return { width, align, lines: wrap(cell.text, width) } as const;
    });
    const height = Math.max(...boxes.map((box) => box.lines.length));
    return Array.from(
      { length: height },
      (_, n) =>
        '│' +
        boxes.map((box) => ` ${pad(box.lines[n] ?? '', box.width, box.align)} `).join('│') +
        '│',
    );
  };
  const out = [rule('┌', '┬', '┐')];
  rows.forEach((row, i) => {
    out.push(...line(row));
    if (row.header && i < rows.length - 1 && !rows[i + 1].header) out.push(rule('├', '┼', '┤'));
  });
  out.push(rule('└', '┴', '┘'));
  return out;
}

/** Text in lines of at most `width` columns, broken at spaces (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (current && displayWidth(next) > width) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  return [...lines, current];
}

/** The summary as text: blocks separated by a blank line, then the links it referred to. */
export function summaryToText(html: string): string {
  const renderer = new Renderer();
  const blocks = renderer.blocks(parseHtml(html).children);
  const parts = blocks.map((lines) => lines.join('\n'));
  if (renderer.links.length) {
    parts.push(renderer.links.map((href, i) => `[${i + 1}] ${href}`).join('\n'));
  }
  return parts.join('\n\n');
}
