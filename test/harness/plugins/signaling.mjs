// Starts the real signaling server (server/index.js) on a random loopback port for the browser tests and
// exposes its URL as the virtual module /__signaling.js. Tests that need a server of their own (to restart
// it mid-call) ask for one at /__signaling/start, and restart or stop it by id.
import { createServer } from '../../../server/index.js';

export default async () => {
  let shared;
  const own = new Map();
  let seq = 0;
  const start = (port = 0) => createServer({ port, host: 'localhost', static: false, rate: 500, burst: 1000 });
  const json = (value) => ({ body: JSON.stringify(value), type: 'json', headers: { 'cache-control': 'no-store' } });
  return [
    {
      name: 'signaling-server',
      async serverStart() {
        shared = await start();
      },
      async serverStop() {
        await Promise.all([shared?.close(), ...[...own.values()].map((s) => s.close())]);
        own.clear();
      },
      async serve(context) {
        if (context.path === '/__signaling.js') {
          return { body: `export const SIGNALING_URL = ${JSON.stringify(shared.signalUrl)};`, type: 'js', headers: { 'cache-control': 'no-store' } };
        }
        if (!context.path.startsWith('/__signaling/')) return undefined;
        const action = context.path.slice('/__signaling/'.length);
        const id = context.URL.searchParams.get('id');
        if (action === 'start') {
          const server = await start();
          const key = String(++seq);
          own.set(key, server);
          return json({ id: key, url: server.signalUrl });
        }
        const server = own.get(id ?? '');
        if (!server) return json({ error: 'unknown server' });
        await server.close();
        if (action === 'restart') {
          // Same port, fresh process state: every session and name is forgotten, as after a real restart.
          own.set(id, await start(server.port));
          return json({ id, url: server.signalUrl });
        }
        own.delete(id);
        return json({ id });
      },
    },
  ];
};
