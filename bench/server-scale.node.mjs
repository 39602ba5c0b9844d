// Signaling server at scale, measured on a real server process (node server/bin.js, so its memory is its
// own): presence messages each idle recipient gets per second while 20 connections churn join/leave inside
// the rate limit, the server's memory per 1,000 signed-in clients, and sign-ins per second. Bounded: at most
// 1,000 clients, 5 s of churn, 60 s in all.
import WebSocket from 'ws';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const BIN = fileURLToPath(new URL('../server/bin.js', import.meta.url));
const CLIENTS = 1000;
const RECIPIENTS = 50;
const CHURNERS = 20;
const CHURN_MS = 5000;
const BATCH = 50;

/** Starts the server binary on a free port with generous limits (this bench is the only user). */
async function startServer() {
  const child = spawn(process.execPath, [BIN], {
    env: {
      ...process.env, PORT: '0', HOST: 'localhost',
      CALL_ELEMENTS_MAX_CONNECTIONS: '5000', CALL_ELEMENTS_MAX_CONNECTIONS_PER_ADDRESS: '5000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start in 10 s')), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /signaling: (ws:\/\/[^\s,)]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url, rssKb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) };
}

function signIn(url, user, onMessage) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`${user}: no welcome in 10 s`)); }, 10000);
    ws.once('error', reject);
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.type === 'welcome') { clearTimeout(timer); resolve(ws); }
      else if (msg.type === 'error' && !ws.welcomed) { clearTimeout(timer); reject(new Error(`${user}: ${msg.code}`)); }
      onMessage?.(msg);
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', user })));
  });
}

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

async function presenceUnderChurn(url) {
  let presence = 0;
  let events = 0;
  const recipients = [];
  for (let i = 0; i < RECIPIENTS; i++) {
    recipients.push(await signIn(url, `watch-${i}`, (m) => {
      if (m.type === 'presence') { presence++; events++; }
      if (m.type === 'presence-batch') { presence++; events += m.changes.length; }
    }));
  }
  const churners = [];
  for (let i = 0; i < CHURNERS; i++) churners.push(await signIn(url, `churn-${i}`));
  await settle(300);
  presence = 0;
  events = 0;
  const start = performance.now();
  let round = 0;
  // Each churner joins and leaves a room of its own 10 times a second (20 msg/s, under the 50/s limit).
  while (performance.now() - start < CHURN_MS) {
    const type = round++ % 2 ? 'leave' : 'join';
    for (const [i, ws] of churners.entries()) ws.send(JSON.stringify({ type, room: `churn-room-${i}` }));
    await settle(50);
  }
  await settle(500);
  const seconds = (performance.now() - start) / 1000;
  for (const ws of [...recipients, ...churners]) ws.terminate();
  return {
    churners: CHURNERS,
    recipients: RECIPIENTS,
    'presence messages / recipient / s': Number((presence / RECIPIENTS / seconds).toFixed(1)),
    'presence entries / recipient / s': Number((events / RECIPIENTS / seconds).toFixed(1)),
  };
}

async function scale(server) {
  await settle(500);
  const before = server.rssKb();
  const clients = [];
  const start = performance.now();
  for (let i = 0; i < CLIENTS; i += BATCH) {
    clients.push(...(await Promise.all(Array.from({ length: BATCH }, (_, k) => signIn(server.url, `scale-${i + k}`)))));
  }
  const seconds = (performance.now() - start) / 1000;
  await settle(1000);
  const after = server.rssKb();
  for (const ws of clients) ws.terminate();
  return {
    clients: CLIENTS,
    'sign-ins / s (50 at a time)': Math.round(CLIENTS / seconds),
    'server RSS per 1,000 clients (MB)': Number(((after - before) / 1024 / (CLIENTS / 1000)).toFixed(1)),
  };
}

export async function run() {
  const server = await startServer();
  try {
    const churn = await presenceUnderChurn(server.url);
    await settle(1000);
    const sized = await scale(server);
    return { 'signaling server: presence under churn': [churn], 'signaling server: sign-ins and memory': [sized] };
  } finally {
    server.child.kill('SIGKILL');
  }
}
