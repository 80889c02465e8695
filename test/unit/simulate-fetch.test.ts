import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchAgainOnReset } from '../../cli/simulate.ts';

/** A server that resets the first `resets` requests' connections unread, then answers 200 with the request's body. */
async function resetting(resets: number) {
  let seen = 0;
  const server = http.createServer((req, res) => {
    seen++;
    if (seen <= resets) {
      req.socket.destroy();
      return;
    }
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => res.end(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, seen: () => seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('the simulator’s requests on a connection reset (keep-alive race)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('sends a request again when its connection was reset, and gives up after three tries with the reset itself', async () => {
    const twice = await resetting(2);
    close = twice.close;
    const res = await fetchAgainOnReset(twice.url, { method: 'POST', body: '{"a":1}' });
    expect([res.status, await res.text(), twice.seen()]).toEqual([200, '{"a":1}', 3]);
    await twice.close();

    const always = await resetting(Number.POSITIVE_INFINITY);
    close = always.close;
    await expect(fetchAgainOnReset(always.url, { method: 'GET' })).rejects.toMatchObject({
      cause: { code: expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/) },
    });
    expect(always.seen()).toBe(3);
  });

  it('does not send again what failed for another reason (nobody listening)', async () => {
    const gone = await resetting(0);
    await gone.close();
    await expect(fetchAgainOnReset(gone.url, { method: 'GET' })).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
  });
});
