/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY: every request the action makes (the OIDC token, STS,
 * Kendra) goes through the proxy with CONNECT, unless NO_PROXY names the host.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { expectNoSecrets, HAPPY_PATH, useWorld } from '../helpers/world.js';
import { expectCleanSuccess } from '../helpers/clean-success.js';

const world = useWorld();

/** A CONNECT-only forward proxy on loopback that records the tunnels it opened. */
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  proxy = createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request, client: Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await new Promise((resolve) => proxy.close(resolve));
});

describe('proxies', () => {
  it('sends the token request, STS and Kendra through the proxy', async () => {
    tunnels.length = 0;
    const simHost = new URL(world.sim.url).host;
    const result = await world.run({}, { env: { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl } });
    expectCleanSuccess(result);
    expect(world.sim.requests.map((r) => `${r.service}:${r.action}`)).toEqual(HAPPY_PATH);
    // One tunnel per connection: the token request, the STS client and the Kendra client.
    expect(tunnels).toEqual([simHost, simHost, simHost]);
    expectNoSecrets(world.sim, result);
  });

  it('connects directly to hosts NO_PROXY names', async () => {
    tunnels.length = 0;
    const result = await world.run(
      {},
      { env: { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: 'localhost,127.0.0.1' } },
    );
    expect(result.code).toBe(0);
    expect(world.sim.countOf('kendra', 'StartDataSourceSyncJob')).toBe(1);
    expect(tunnels).toEqual([]);
  });

  it('fails clearly, without hanging, when the proxy is down', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise((resolve) => down.close(resolve));
    const result = await world.run(
      {},
      { env: { HTTP_PROXY: `http://127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}` } },
    );
    expect(result.code).toBe(1);
    expect(result.timedOut).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/Could not get the job's OIDC token .*connection refused/);
    expect(world.sim.requests).toEqual([]);
  });
});
