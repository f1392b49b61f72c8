// Opaque page tokens over a snapshot taken on the first call, for every simulated listing:
// results added mid-listing never shift pages, and a retried page call gets the same page.
import { newOpaqueToken } from './util.js';

interface PageToken {
  scope: string;
  ids: string[];
  offset: number;
}

export class Pager {
  private tokens = new Map<string, PageToken>();

  clear(): void {
    this.tokens.clear();
  }

  page(
    scope: string,
    nextToken: string | undefined,
    snapshot: () => string[],
    max: number,
  ): { ids: string[]; nextToken?: string } | 'bad-token' {
    let ids: string[];
    let offset: number;
    if (nextToken !== undefined) {
      const t = this.tokens.get(nextToken);
      if (!t || t.scope !== scope) return 'bad-token';
      ({ ids, offset } = t);
    } else {
      ids = snapshot();
      offset = 0;
    }
    const slice = ids.slice(offset, offset + max);
    if (offset + max >= ids.length) return { ids: slice };
    const token = newOpaqueToken(96);
    this.tokens.set(token, { scope, ids, offset: offset + max });
    return { ids: slice, nextToken: token };
  }
}
