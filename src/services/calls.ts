// How every service call is made, whichever the service: a concurrency bound, one retry with
// fresh credentials when the service says they expired, and failures as AwsCallErrors that carry
// what was being done and the service's explanations.
import type { Endpoint } from '../aws/endpoints.js';
import type { Credentials } from '../credentials/credentials.js';
import { asAwsError } from '../errors.js';
import { AwsCallError, type CallContext, type ServiceExplainer } from '../aws/call-error.js';
import { traced } from '../aws/diagnostics.js';
import { createLimiter } from './limiter.js';
import * as log from '../base/log.js';
import { retry } from '../base/retry.js';
import { systemClock } from '../time.js';
import type { Named } from '../model.js';

/** Requests in flight at once per client, across all data sources: a few, to stay clear of throttling. */
export const MAX_CONCURRENT_REQUESTS = 3;

/** What a call is about, for its error context. */
export interface About {
  containerId?: string;
  dataSourceId?: string;
}

export type SendOptions = { abortSignal?: AbortSignal };

export class ServiceCalls {
  private readonly limit = createLimiter(MAX_CONCURRENT_REQUESTS);

  constructor(
    private readonly service: Endpoint,
    readonly region: string,
    private readonly credentials: Pick<Credentials, 'invalidate' | 'principal'> | undefined,
    private readonly explainer: ServiceExplainer,
  ) {}

  /** With an abort signal (cancellation) the call has its own deadline and skips the queue. */
  async send<Output>(
    operation: string,
    about: About,
    call: (options: SendOptions) => Promise<Output>,
    abortSignal?: AbortSignal,
  ): Promise<Output> {
    const once = () => traced(this.service, operation, () => call({ abortSignal }));
    // A call with its own deadline must not queue behind polls that hold the slots.
    const attempt = () => (abortSignal ? once() : this.limit(once));
    let tries = 0;
    try {
      // Credentials can expire early (clock skew, a shortened session): refresh, try once more.
      return await retry(
        () => {
          if (tries++ > 0) this.credentials?.invalidate();
          return attempt();
        },
        {
          // No pause: the second try follows at once, with fresh credentials.
          clock: systemClock,
          attempts: 2,
          transient: (error) =>
            asAwsError(error).name === 'ExpiredTokenException' && !!this.credentials?.principal(),
          pause: () => 0,
          say: () =>
            log.debug(
              `${operation}: the credentials expired early; assuming the role again and trying once more.`,
            ),
        },
      );
    } catch (error) {
      // A failure to refresh credentials is STS's, and is explained as such.
      if (error instanceof AwsCallError) throw error;
      throw this.error(operation, about, error);
    }
  }

  /** Every page of a listing, following its token to the end (or until the caller stops). */
  async *pages<Page>(
    operation: string,
    about: About,
    fetch: (token: string | undefined, options: SendOptions) => Promise<Page>,
    nextToken: (page: Page) => string | undefined,
    abortSignal?: AbortSignal,
  ): AsyncGenerator<Page> {
    let token: string | undefined;
    do {
      const page = await this.send(
        operation,
        about,
        (options) => fetch(token, options),
        abortSignal,
      );
      yield page;
      token = nextToken(page);
    } while (token);
  }

  /** Every item of a listing as ID and name, its pages read to the end; items without an ID left out. */
  async listNamed<Page, Item>(
    operation: string,
    about: About,
    fetch: (token: string | undefined, options: SendOptions) => Promise<Page>,
    nextToken: (page: Page) => string | undefined,
    items: (page: Page) => Item[] | undefined,
    named: (item: Item) => { id?: string; name?: string },
  ): Promise<Named[]> {
    const all: Named[] = [];
    for await (const page of this.pages(operation, about, fetch, nextToken)) {
      for (const item of items(page) ?? []) {
        const { id, name } = named(item);
        if (id) all.push({ id, name: name ?? '' });
      }
    }
    return all;
  }

  /** An error of this service's, for answers the SDK accepted but the action cannot use. */
  error(operation: string, about: About, cause: unknown): AwsCallError {
    return new AwsCallError(this.context(operation, about), cause, this.explainer);
  }

  private context(operation: string, about: About): CallContext {
    return {
      service: this.service,
      operation,
      region: this.region,
      containerId: about.containerId,
      dataSourceId: about.dataSourceId,
      principal: this.credentials?.principal(),
    };
  }
}
