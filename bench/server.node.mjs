// Signaling server throughput and relay latency: 200 loopback WebSocket clients in 100 answered calls, each
// relaying ICE-candidate-sized messages to its partner (bench/relay-load.mjs). Bounded: 200 clients, 10,000
// messages per round, 30 s at most. Clients and server share this one Node process (and the machine's 2
// cores), so the figures are a floor, not a ceiling.
import { createServer } from '../server/index.js';
import { client, pairUp, round } from './relay-load.mjs';

const CLIENTS = 200;

export async function run() {
  // 200 clients from one address: the per-address connection limit is raised for the bench.
  const server = await createServer({ port: 0, host: 'localhost', static: false, heartbeatMs: 60000, maxConnectionsPerAddress: 1000 });
  const clients = [];
  try {
    for (let i = 0; i < CLIENTS; i++) clients.push(await client(server.signalUrl, `load-${i}`));
    const pairs = await pairUp(clients);
    // Paced first (each client ~20 msg/s, under the per-connection limit), then a burst (within the burst allowance).
    const paced = await round('paced (1 msg / client / 50 ms)', pairs, 50);
    await new Promise((r) => setTimeout(r, 3000)); // let the rate buckets refill
    const burst = await round('burst (all at once)', pairs, 0);
    return { 'signaling server relay (200 loopback clients)': [paced, burst] };
  } finally {
    for (const c of clients) c.ws.terminate();
    await server.close();
  }
}
