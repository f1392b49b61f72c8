import type { Agent } from 'node:http';

/**
 * The proxy the environment asks for to reach `url` (HTTPS_PROXY / HTTP_PROXY, lower or upper
 * case, minus NO_PROXY), like curl and the AWS CLI read them; undefined for a direct connection.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const secure = url.protocol === 'https:';
  const proxy = secure ? (env.https_proxy ?? env.HTTPS_PROXY) : (env.http_proxy ?? env.HTTP_PROXY);
  if (!proxy) return undefined;
  const noProxy = (env.no_proxy ?? env.NO_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (secure ? '443' : '80');
  const bypass = noProxy.some((entry) => {
    if (entry === '*') return true;
    const [entryHost, entryPort] = entry.split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) return false;
    const suffix = entryHost.replace(/^\*?\./, '');
    return host === suffix || host.endsWith(`.${suffix}`);
  });
  return bypass ? undefined : proxy;
}

/** An agent that tunnels through the proxy with CONNECT, loaded only when a proxy is in use. */
export async function proxyAgent(proxy: string): Promise<Agent> {
  const imported = await import('https-proxy-agent');
  // A CommonJS package: once bundled, its exports arrive as the default export.
  const HttpsProxyAgent = imported.HttpsProxyAgent ?? imported.default.HttpsProxyAgent;
  return new HttpsProxyAgent(proxy);
}
