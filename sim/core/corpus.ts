// The documents behind a search: each data source's corpus, as tests and the demo seed it, and
// which of them a search serves now. A document is served only once a sync job that started
// after it was added has ended well (Kendra: SUCCEEDED or INCOMPLETE; Bedrock: COMPLETE), plus
// the index latency of its data source or its own; a job that failed, was stopped or is still
// running makes nothing new searchable. Everything is derived from the clock when asked, like the
// jobs, so no timers run. Ranking is term overlap with the query, ties by document ID and passage
// order: deterministic, stable across runs.
import type { CorpusDocument } from '../types.js';

export interface StoredDocument {
  /** The document's ID in the corpus (Kendra DocumentId; Bedrock custom document ID). */
  id: string;
  location?: string;
  title?: string;
  text: string;
  dataSourceId: string;
  addedAt: number;
  /** ms after the job that picks it up ends before it is served (undefined: the source's). */
  latencyMs?: number;
  /** Who may read it, where its data source is ACL-enabled (lower-case emails). */
  allowedUsers?: string[];
}

/** A sync job as far as the corpus cares: when it started and, if it ended well, when. */
export interface SyncWindow {
  startTime: number;
  /** When it ended, only for a job that ended well (else undefined: it serves nothing new). */
  servedFrom?: number;
}

/** A passage of a served document, with its score for the query. */
export interface Passage {
  document: StoredDocument;
  /** 0-based passage number within the document. */
  index: number;
  text: string;
  /** Distinct query terms the passage (or its title) contains. */
  matched: number;
  /** Distinct terms of the query. */
  terms: number;
}

/** Words as the ranking sees them: lower-case runs of letters and digits. */
function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 0);
}

export class Corpus {
  /** key: container/dataSource -> every version of every document, in the order added. */
  private readonly docs = new Map<string, StoredDocument[]>();
  private readonly latency = new Map<string, number>();

  constructor(private readonly where: string) {}

  reset(): void {
    this.docs.clear();
    this.latency.clear();
  }

  add(
    container: string,
    dataSourceId: string,
    documents: CorpusDocument[],
    now: number,
    check: (doc: CorpusDocument) => void,
  ): void {
    const list = this.docs.get(`${container}/${dataSourceId}`) ?? [];
    for (const doc of documents) {
      check(doc);
      if (typeof doc.text !== 'string') throw new Error(`${this.where}: a document needs text`);
      const id = doc.id ?? doc.location;
      if (!id) throw new Error(`${this.where}: a document needs an id or a location`);
      list.push({
        id,
        location: doc.location,
        title: doc.title,
        text: doc.text,
        dataSourceId,
        addedAt: now,
        latencyMs: doc.indexLatencyMs,
        allowedUsers: doc.allowedUsers?.map((user) => user.toLowerCase()),
      });
    }
    this.docs.set(`${container}/${dataSourceId}`, list);
  }

  setLatency(container: string, dataSourceId: string, ms: number): void {
    this.latency.set(`${container}/${dataSourceId}`, ms);
  }

  /**
   * The documents served now: of each document ID, the newest version a well-ended job that
   * started at or after it was added has picked up, once its index latency has passed.
   */
  served(
    container: string,
    dataSourceIds: string[],
    windows: (dataSourceId: string) => SyncWindow[],
    now: number,
  ): StoredDocument[] {
    const out: StoredDocument[] = [];
    for (const dsId of dataSourceIds) {
      const list = this.docs.get(`${container}/${dsId}`) ?? [];
      if (list.length === 0) continue;
      const jobs = windows(dsId);
      const sourceLatency = this.latency.get(`${container}/${dsId}`) ?? 0;
      const newest = new Map<string, StoredDocument>();
      for (const doc of list) {
        const latency = doc.latencyMs ?? sourceLatency;
        const served = jobs.some(
          (j) =>
            j.startTime >= doc.addedAt &&
            j.servedFrom !== undefined &&
            j.servedFrom + latency <= now,
        );
        if (served) newest.set(doc.id, doc);
      }
      out.push(...newest.values());
    }
    return out;
  }
}

/** A document's passages: its text cut into runs of at most `words` words. */
function passages(doc: StoredDocument, words: number): string[] {
  const all = doc.text.split(/\s+/).filter(Boolean);
  if (all.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < all.length; i += words) out.push(all.slice(i, i + words).join(' '));
  return out;
}

/**
 * Every passage of `docs` scored against `query`, best first: more distinct query terms in the
 * passage or its document's title first, then by document ID, then passage order.
 */
export function rank(docs: StoredDocument[], query: string, words: number): Passage[] {
  const wanted = new Set(terms(query));
  const scored: Passage[] = [];
  for (const document of docs) {
    const title = new Set(terms(document.title ?? ''));
    passages(document, words).forEach((text, index) => {
      const here = new Set(terms(text));
      let matched = 0;
      for (const t of wanted) if (here.has(t) || title.has(t)) matched++;
      scored.push({ document, index, text, matched, terms: wanted.size });
    });
  }
  return scored.sort(
    (a, b) =>
      b.matched - a.matched ||
      (a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0) ||
      a.index - b.index,
  );
}
