/** Tells AWS (CloudTrail) and the token service which tool made the calls. */
export const USER_AGENT = 'kendra-sync/1';

/** Time allowed to open a connection (TCP and TLS). */
export const CONNECT_TIMEOUT_MS = 5_000;
/**
 * Time allowed for an answer once the request is sent. With the SDK's 3 attempts (AWS_MAX_ATTEMPTS)
 * an endpoint that never answers fails the call in about 3 x 20 s plus backoff, well under 2 minutes.
 */
export const REQUEST_TIMEOUT_MS = 20_000;
