// CloudWatch Logs filter patterns, compiled to a test of one event's message.
//
// Filter patterns supported (a subset of CloudWatch's syntax, case-sensitive like it):
//   ''                        every event
//   term "quoted term"        events containing every term
//   ?a ?b                     events containing any of the ?-terms
//   -term                     events not containing term (with other terms)
//   { $.Key = * }             JSON events with Key present; also = "v", = v*, != "v", = 42
//   { $.A = * && $.B = "x" }  several JSON conditions joined by all && or all ||
// Anything else is an InvalidParameterException.
export type Matcher = (message: string) => boolean;

export class BadPattern extends Error {}

function jsonPath(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function jsonCondition(text: string): (obj: unknown) => boolean {
  const m = /^\s*\$\.([\w.[\]]+)\s*(=|!=)\s*(.+?)\s*$/.exec(text);
  if (!m) throw new BadPattern(text);
  const path = m[1].split('.');
  const op = m[2];
  const raw = m[3];
  let test: (v: unknown) => boolean;
  if (raw === '*') test = (v) => v !== undefined;
  else if (/^"(?:[^"\\]|\\.)*"$/.test(raw)) {
    const want = JSON.parse(raw) as string;
    test = (v) => v === want;
  } else if (/^-?\d+(\.\d+)?$/.test(raw)) test = (v) => v === Number(raw);
  else if (/^[\w./:-]+\*?$/.test(raw)) {
    const stem = raw.endsWith('*') ? raw.slice(0, -1) : raw;
    test = (v) => typeof v === 'string' && (raw.endsWith('*') ? v.startsWith(stem) : v === stem);
  } else throw new BadPattern(text);
  if (op === '=') return (obj) => test(jsonPath(obj, path));
  // != matches present values that differ (CloudWatch skips events without the field).
  return (obj) => {
    const v = jsonPath(obj, path);
    return v !== undefined && !test(v);
  };
}

export function compileFilterPattern(pattern: string): Matcher {
  const p = pattern.trim();
  if (p === '') return () => true;
  if (p.startsWith('{')) {
    if (!p.endsWith('}')) throw new BadPattern(p);
    const body = p.slice(1, -1);
    const and = body.includes('&&');
    const or = body.includes('||');
    if (and && or) throw new BadPattern(p);
    const conds = body.split(and ? '&&' : '||').map(jsonCondition);
    return (message) => {
      let obj: unknown;
      try {
        obj = JSON.parse(message);
      } catch {
        return false;
      }
      return or ? conds.some((c) => c(obj)) : conds.every((c) => c(obj));
    };
  }
  const terms: string[] = [];
  const re = /\s*(\?|-)?("(?:[^"\\]|\\.)*"|[^\s"]+)/y;
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < p.length && (m = re.exec(p))) {
    pos = re.lastIndex;
    const term = m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2];
    terms.push(term);
    (m[1] === '?' ? any : m[1] === '-' ? none : all).push(term);
  }
  if (pos < p.length || terms.length === 0) throw new BadPattern(p);
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}
