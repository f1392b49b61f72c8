// Preload for e2e/start-order.test.ts (`node --import`): writes, one line each and in the order they
// happen, every file of dist/ the bundle loads and every HTTP request it puts on the wire and hears
// answered. Synchronous module hooks (Node 22.15+) run on the main thread, so the order is exact.
import diagnostics from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';

const log = process.env.START_ORDER_LOG;
const write = (line) => appendFileSync(log, `${line}\n`);

/** Which of the run's requests: the token, STS (a form), or the service's operation. */
function requestName(request) {
  if (request.method === 'GET') return 'oidc';
  if (/x-www-form-urlencoded/.test(String(request.getHeader('content-type')))) return 'sts';
  const target = request.getHeader('x-amz-target');
  return target ? String(target).split('.').pop() : `${request.method} ${request.path}`;
}

registerHooks({
  load(url, context, nextLoad) {
    if (url.includes('/dist/')) write(`load ${path.basename(new URL(url).pathname)}`);
    return nextLoad(url, context);
  },
});
diagnostics.subscribe('http.client.request.start', ({ request }) =>
  write(`request ${requestName(request)}`),
);
diagnostics.subscribe('http.client.response.finish', ({ request }) =>
  write(`answer ${requestName(request)}`),
);
