// Relay latency across two signaling processes sharing one Redis, against one process: 200 loopback clients
// in 100 answered calls (bench/relay-load.mjs). With two processes every call crosses them (caller on A,
// callee on B), so each message goes client → A → Redis → B → client. Every server is a real process
// (node server/bin.js) and Redis is a redis-server of the bench's own (test/harness/cluster-processes.mjs),
// all on loopback, stopped at the end. The machine's 2 cores carry clients, servers and Redis together.
import { startRedis, startServerProcess } from '../test/harness/cluster-processes.mjs';
import { client, pairUp, round } from './relay-load.mjs';

const CLIENTS = 200;
const LIMITS = { heartbeatMs: 60000, maxConnectionsPerAddress: 1000 };

async function measure(setup, servers) {
  const clients = [];
  try {
    // Alternating: client 2k (a caller) on the first server, 2k+1 (its callee) on the last.
    for (let i = 0; i < CLIENTS; i++) clients.push(await client(servers[i % 2 === 0 ? 0 : servers.length - 1].signalUrl, `cluster-load-${i}`));
    const pairs = await pairUp(clients, 'cluster');
    // Light load first (800 msg/s offered), where latency is the path's own; then the heavier rounds, where it is queueing.
    const light = await round('light (1 msg / client / 250 ms)', pairs, 250, 12);
    const paced = await round('paced (1 msg / client / 50 ms)', pairs, 50);
    await new Promise((r) => setTimeout(r, 3000)); // let the rate buckets refill
    const burst = await round('burst (all at once)', pairs, 0);
    return [light, paced, burst].map((row) => ({ setup, ...row }));
  } finally {
    for (const c of clients) c.ws.terminate();
  }
}

export async function run() {
  const rows = [];
  const single = await startServerProcess(undefined, LIMITS);
  try {
    rows.push(...(await measure('one process', [single])));
  } finally {
    await single.stop();
  }
  const redis = await startRedis();
  const processes = [];
  try {
    processes.push(await startServerProcess(redis.url, LIMITS), await startServerProcess(redis.url, LIMITS));
    rows.push(...(await measure('two processes + Redis', processes)));
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await redis.stop();
  }
  return { 'relay across processes via Redis vs one process (200 loopback clients)': rows };
}
