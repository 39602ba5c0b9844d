// Signaling server throughput and relay latency: 200 loopback WebSocket clients in 100 answered calls, each
// relaying ICE-candidate-sized messages to its partner. Bounded: 200 clients, 10,000 messages per round,
// 30 s at most. Clients and server share this one Node process (and the machine's 2 cores), so the figures
// are a floor, not a ceiling.
import WebSocket from 'ws';
import { performance } from 'node:perf_hooks';
import { createServer } from '../server/index.js';

const CLIENTS = 200;
const PER_CLIENT = 50;
const LIMIT_MS = 30000;

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function client(url, user) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const handlers = new Set();
  ws.on('message', (data) => { const msg = JSON.parse(data.toString()); for (const h of handlers) h(msg); });
  const next = (type) => new Promise((resolve) => { const h = (m) => { if (m.type === type) { handlers.delete(h); resolve(m); } }; handlers.add(h); });
  const welcome = next('welcome');
  ws.send(JSON.stringify({ type: 'hello', user }));
  await welcome;
  return { ws, user, handlers, next, send: (m) => ws.send(JSON.stringify(m)) };
}

async function round(server, label, pairs, paceMs) {
  const latencies = [];
  let received = 0;
  const total = pairs.length * 2 * PER_CLIENT;
  const done = new Promise((resolve) => {
    for (const [a, b, callId] of pairs) {
      for (const c of [a, b]) {
        c.onSignal = (m) => {
          if (m.type !== 'signal') return;
          latencies.push(performance.now() - Number(m.candidate.candidate.split(' ')[1]));
          if (++received === total) resolve();
        };
        c.handlers.add(c.onSignal);
      }
      void callId;
    }
  });
  const start = performance.now();
  const sendOne = (from, to, callId) =>
    from.send({ type: 'signal', callId, to: to.user, candidate: { candidate: `candidate:1 ${performance.now()} udp 2122260223 127.0.0.1 50000 typ host`, sdpMid: '0', sdpMLineIndex: 0 } });
  for (let i = 0; i < PER_CLIENT; i++) {
    for (const [a, b, callId] of pairs) {
      sendOne(a, b, callId);
      sendOne(b, a, callId);
    }
    if (paceMs) await new Promise((r) => setTimeout(r, paceMs));
  }
  const timedOut = await Promise.race([done.then(() => false), new Promise((r) => setTimeout(() => r(true), LIMIT_MS))]);
  const seconds = (performance.now() - start) / 1000;
  for (const [a, b] of pairs) for (const c of [a, b]) c.handlers.delete(c.onSignal);
  return {
    round: label,
    clients: pairs.length * 2,
    'messages relayed': received,
    'throughput (msg/s)': Math.round(received / seconds),
    'p50 relay (ms)': pct(latencies, 0.5),
    'p99 relay (ms)': pct(latencies, 0.99),
    complete: timedOut ? 'timed out' : 'yes',
  };
}

export async function run() {
  // 200 clients from one address: the per-address connection limit is raised for the bench.
  const server = await createServer({ port: 0, host: 'localhost', static: false, heartbeatMs: 60000, maxConnectionsPerAddress: 1000 });
  const clients = [];
  try {
    for (let i = 0; i < CLIENTS; i++) clients.push(await client(server.signalUrl, `load-${i}`));
    const pairs = [];
    for (let i = 0; i < CLIENTS; i += 2) {
      const [a, b] = [clients[i], clients[i + 1]];
      const callId = `bench-call-${String(i).padStart(4, '0')}`;
      const ringing = a.next('ringing');
      const invited = b.next('invite');
      a.send({ type: 'invite', callId, to: b.user, video: true });
      await Promise.all([ringing, invited]);
      const accepted = a.next('accepted');
      b.send({ type: 'accept', callId });
      await accepted;
      pairs.push([a, b, callId]);
    }
    // Paced first (each client ~20 msg/s, under the per-connection limit), then a burst (within the burst allowance).
    const paced = await round(server, 'paced (1 msg / client / 50 ms)', pairs, 50);
    await new Promise((r) => setTimeout(r, 3000)); // let the rate buckets refill
    const burst = await round(server, 'burst (all at once)', pairs, 0);
    return { 'signaling server relay (200 loopback clients)': [paced, burst] };
  } finally {
    for (const c of clients) c.ws.terminate();
    await server.close();
  }
}
