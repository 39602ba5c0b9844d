// One in-test TCP path to a loopback server, for fault tests: it can hold a connection before passing it on
// (or never answer it), cut every connection it carries (the far side stays up), or black-hole them (accept,
// then drop every byte both ways without a goodbye). `heard` is what the server sent back, in the clear (a
// WebSocket server's frames are not masked); `connections` counts what it accepted.

import net from 'node:net';

/**
 * @param {number} port the server's port
 * @param {{ host?: string, hold?: (n: number) => number }} [options] `hold(n)`: ms to hold connection n
 *   (1, 2, …) before connecting it; Infinity never answers it.
 */
export async function startTcpPath(port, { host = '127.0.0.1', hold = () => 0 } = {}) {
  const pairs = new Set();
  let holed = false;
  const path = { port: 0, connections: 0, heard: '' };
  const server = net.createServer((client) => {
    const pair = { client, upstream: null, dead: holed };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => { pair.upstream?.destroy(); pairs.delete(pair); });
    client.pause();
    const wait = hold(++path.connections);
    if (wait === Infinity) return;
    const connect = () => {
      if (client.destroyed) return;
      const upstream = (pair.upstream = net.connect(port, host));
      upstream.on('data', (data) => (path.heard += data.toString('latin1')));
      const forward = (from, to) => {
        from.on('data', (data) => { if (!pair.dead) to.write(data); });
        // A black-holed path says nothing, not even goodbye.
        from.on('end', () => { if (!pair.dead) to.end(); });
        from.on('error', () => undefined);
        from.on('close', () => { if (!pair.dead) to.destroy(); });
      };
      forward(client, upstream);
      forward(upstream, client);
      client.resume();
    };
    if (wait > 0) setTimeout(connect, wait); else connect();
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  path.port = server.address().port;
  /** Connections caught in the hole stay dead (bytes were lost mid-stream); new ones work again. */
  path.blackhole = (on) => {
    holed = on;
    if (on) for (const pair of pairs) pair.dead = true;
  };
  /** Drops every connection now (both ends see it close); new ones are carried as before. */
  path.cut = () => {
    for (const { client, upstream } of pairs) { client.destroy(); upstream?.destroy(); }
  };
  path.close = () => new Promise((resolve) => { path.cut(); server.close(() => resolve()); });
  return path;
}
