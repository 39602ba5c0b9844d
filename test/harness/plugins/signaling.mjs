// Starts the real signaling server (server/index.js) on a random loopback port for the browser tests and
// exposes its URL as the virtual module /__signaling.js. Fault tests get servers of their own, as real
// processes (node server/bin.js) they can kill with SIGKILL and start again on the same port, and TCP proxies
// in front of them that can black-hole a path (accept, then drop every byte both ways), all over
// /__signaling/<action>. Everything listens on localhost and is stopped with the test run.
import { spawn } from 'node:child_process';
import { startTcpPath } from '../tcp-path.mjs';
import { fileURLToPath } from 'node:url';
import { createServer, LIMITS } from '../../../server/index.js';

const BIN = fileURLToPath(new URL('../../../server/bin.js', import.meta.url));

/** A server process; `limits` are hub options (names from server/limits.js), passed as its env variables. */
function spawnServer(port, limits) {
  const env = { ...process.env, PORT: String(port), HOST: 'localhost' };
  for (const [option, value] of Object.entries(limits)) if (LIMITS[option]) env[LIMITS[option][0]] = String(value);
  const child = spawn(process.execPath, [BIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server did not start: ${out}`)); }, 15000);
    const read = (d) => {
      out += d;
      const m = /signaling: (ws:\/\/localhost:(\d+)\/signal)/.exec(out);
      if (m) { clearTimeout(timer); child.stdout.off('data', read); resolve({ child, url: m[1], port: Number(m[2]) }); }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${out}`)); });
  });
}

function killed(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGKILL'); });
}

/** A TCP proxy to `port` whose `blackhole(true)` silences every connection it has and every one it accepts. */
async function startProxy(port) {
  const path = await startTcpPath(port, { host: 'localhost' });
  return { url: `ws://localhost:${path.port}/signal`, blackhole: path.blackhole, close: path.close };
}

export default async () => {
  let shared;
  const own = new Map();
  const proxies = new Map();
  let seq = 0;
  const json = (value) => ({ body: JSON.stringify(value), type: 'json', headers: { 'cache-control': 'no-store' } });
  return [
    {
      name: 'signaling-server',
      async serverStart() {
        // Many parties from one address across test files: the per-address limit is lifted for the shared server.
        shared = await createServer({ port: 0, host: 'localhost', static: false, rate: 500, burst: 1000, maxConnectionsPerAddress: 500 });
      },
      async serverStop() {
        await Promise.all([
          shared?.close(),
          ...[...own.values()].map((s) => killed(s.child)),
          ...[...proxies.values()].map((p) => p.close()),
        ]);
        own.clear();
        proxies.clear();
      },
      async serve(context) {
        if (context.path === '/__signaling.js') {
          return { body: `export const SIGNALING_URL = ${JSON.stringify(shared.signalUrl)};`, type: 'js', headers: { 'cache-control': 'no-store' } };
        }
        if (!context.path.startsWith('/__signaling/')) return undefined;
        const action = context.path.slice('/__signaling/'.length);
        const params = context.URL.searchParams;
        const id = params.get('id') ?? '';
        try {
          if (action === 'start') {
            const limits = JSON.parse(params.get('limits') ?? '{}');
            const server = { ...(await spawnServer(0, limits)), limits };
            const key = String(++seq);
            own.set(key, server);
            return json({ id: key, url: server.url });
          }
          if (action === 'proxy') {
            const proxy = await startProxy(own.get(id).port);
            const key = `p${++seq}`;
            proxies.set(key, proxy);
            return json({ id: key, url: proxy.url });
          }
          if (action === 'blackhole') {
            proxies.get(id).blackhole(params.get('on') === '1');
            return json({ id });
          }
          const server = own.get(id);
          if (!server) return json({ error: 'unknown server' });
          // kill: SIGKILL, no goodbye to anyone; revive: a fresh process (no memory) on the same port.
          if (action === 'kill' || action === 'restart' || action === 'stop') await killed(server.child);
          if (action === 'revive' || action === 'restart') {
            own.set(id, { ...(await spawnServer(server.port, server.limits)), limits: server.limits });
          }
          if (action === 'stop') own.delete(id);
          return json({ id, url: server.url });
        } catch (error) {
          return json({ error: error instanceof Error ? error.message : String(error) });
        }
      },
    },
  ];
};
