// Signaling clusters for the browser tests, over /__cluster/<action>: `start` brings up a redis-server of its
// own, two server processes (A and B) sharing it, and a TCP load balancer that sends each new connection to
// the first of A, B that accepts it (so, not sticky: after A dies, its clients land on B). `kill` SIGKILLs
// one process; `redis-stop` / `redis-start` kill Redis and bring an empty one back; `stop` ends them all. Only started when a test asks; everything on localhost.
// `start?janus=1` also starts a Janus of the cluster's own (loopback, test/harness/plugins/janus.mjs) and gives both
// processes CALL_ELEMENTS_JANUS: rooms through one VideoRoom across the cluster.
import net from 'node:net';
import { startRedis, startServerProcess } from '../cluster-processes.mjs';
import { startJanus } from './janus.mjs';

/** Chromium's fake microphone beeps 20 ms in every 500: talking is any sound at all here. */
const FAKE_MIC_LEVEL = '126';

/** A TCP load balancer: each connection goes to the first backend port that accepts it. */
async function startBalancer(ports) {
  const pairs = new Set();
  const server = net.createServer((client) => {
    client.pause();
    client.on('error', () => undefined);
    const tryBackend = (i) => {
      if (i >= ports.length) return client.destroy();
      const upstream = net.connect(ports[i], 'localhost');
      upstream.once('error', () => tryBackend(i + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        const pair = { client, upstream };
        pairs.add(pair);
        client.on('close', () => pairs.delete(pair));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  return {
    url: `ws://localhost:${server.address().port}/signal`,
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function stopCluster(cluster) {
  await Promise.all([cluster.balancer.close(), ...cluster.processes.map((p) => p.stop())]);
  await cluster.redis.stop();
  await cluster.janus?.stop();
}

export default async () => {
  const clusters = new Map();
  let seq = 0;
  const json = (value) => ({ body: JSON.stringify(value), type: 'json', headers: { 'cache-control': 'no-store' } });
  return [
    {
      name: 'signaling-cluster',
      async serverStop() {
        await Promise.all([...clusters.values()].map(stopCluster));
        clusters.clear();
      },
      async serve(context) {
        if (!context.path.startsWith('/__cluster/')) return undefined;
        const action = context.path.slice('/__cluster/'.length);
        const params = context.URL.searchParams;
        try {
          if (action === 'start') {
            const limits = JSON.parse(params.get('limits') ?? '{}');
            const redis = await startRedis();
            const processes = [];
            let janus;
            try {
              if (params.get('janus') === '1') janus = await startJanus();
              const env = janus ? { CALL_ELEMENTS_JANUS: janus.url, CALL_ELEMENTS_JANUS_AUDIO_LEVEL: FAKE_MIC_LEVEL } : {};
              processes.push(await startServerProcess(redis.url, limits, 0, env));
              processes.push(await startServerProcess(redis.url, limits, 0, env));
            } catch (error) {
              await Promise.all(processes.map((p) => p.stop()));
              await redis.stop();
              await janus?.stop();
              throw error;
            }
            const balancer = await startBalancer(processes.map((p) => p.port));
            const id = String(++seq);
            clusters.set(id, { redis, processes, balancer, janus });
            return json({ id, balancer: balancer.url, a: processes[0].signalUrl, b: processes[1].signalUrl });
          }
          const id = params.get('id') ?? '';
          const cluster = clusters.get(id);
          if (!cluster) return json({ error: 'unknown cluster' });
          if (action === 'kill') await cluster.processes[params.get('which') === 'b' ? 1 : 0].stop();
          // Redis killed (SIGKILL), and a fresh one (empty) on the same port.
          if (action === 'redis-stop') await cluster.redis.stop();
          if (action === 'redis-start') await cluster.redis.start();
          if (action === 'stop') {
            clusters.delete(id);
            await stopCluster(cluster);
          }
          return json({ id });
        } catch (error) {
          return json({ error: error instanceof Error ? error.message : String(error) });
        }
      },
    },
  ];
};
