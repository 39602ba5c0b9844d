// The relay load shared by the relay benches: signed-in loopback WebSocket clients paired in answered calls,
// each relaying ICE-candidate-sized messages to its partner, timed from send to receipt (clients and timer in
// this one process, so one clock). Bounded: PER_CLIENT messages per client per round, LIMIT_MS per round.
import WebSocket from 'ws';
import { performance } from 'node:perf_hooks';

export const PER_CLIENT = 50;
const LIMIT_MS = 30000;

const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);

export async function client(url, user) {
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

/** Pairs clients (0 with 1, 2 with 3, …) in answered calls; returns [a, b, callId] triples. */
export async function pairUp(clients, tag = 'bench') {
  const pairs = [];
  for (let i = 0; i + 1 < clients.length; i += 2) {
    const [a, b] = [clients[i], clients[i + 1]];
    const callId = `${tag}-call-${String(i).padStart(4, '0')}`;
    const ringing = a.next('ringing');
    const invited = b.next('invite');
    a.send({ type: 'invite', callId, to: b.user, video: true });
    await Promise.all([ringing, invited]);
    const accepted = a.next('accepted');
    b.send({ type: 'accept', callId });
    await accepted;
    pairs.push([a, b, callId]);
  }
  return pairs;
}

/** One round: every client sends `perClient` signals to its partner, `paceMs` apart (0: all at once). */
export async function round(label, pairs, paceMs, perClient = PER_CLIENT) {
  const latencies = [];
  let received = 0;
  const total = pairs.length * 2 * perClient;
  const done = new Promise((resolve) => {
    for (const [a, b] of pairs) {
      for (const c of [a, b]) {
        c.onSignal = (m) => {
          if (m.type !== 'signal') return;
          latencies.push(performance.now() - Number(m.candidate.candidate.split(' ')[1]));
          if (++received === total) resolve();
        };
        c.handlers.add(c.onSignal);
      }
    }
  });
  const start = performance.now();
  const sendOne = (from, to, callId) =>
    from.send({ type: 'signal', callId, to: to.user, candidate: { candidate: `candidate:1 ${performance.now()} udp 2122260223 127.0.0.1 50000 typ host`, sdpMid: '0', sdpMLineIndex: 0 } });
  for (let i = 0; i < perClient; i++) {
    for (const [a, b, callId] of pairs) {
      sendOne(a, b, callId);
      sendOne(b, a, callId);
    }
    if (paceMs) await new Promise((r) => setTimeout(r, paceMs));
  }
  let timer;
  const timedOut = await Promise.race([done.then(() => false), new Promise((r) => (timer = setTimeout(() => r(true), LIMIT_MS)))]);
  clearTimeout(timer);
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
