// createServer: the whole embedded default in one process — the demo page and built bundle over HTTP, and
// the signaling WebSocket at /signal. Used by bin.js, the tests, the WTR plugin and the bench.
import { createServer as createHttpServer } from 'node:http';
import { createHash } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { SignalingHub } from './signaling.js';
import { serveStatic, SECURITY_HEADERS } from './static.js';
import { DEFAULT_LIMITS } from './limits.js';

export { SignalingHub, ROOM_LIMIT } from './signaling.js';
export { LIMITS, DEFAULT_LIMITS, limitsFromEnv } from './limits.js';
export { parseMessage, CLIENT_SCHEMAS, ERROR_CODES } from './protocol.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a browser page from `origin` may open the signaling socket: same origin, loopback pages, and the
 * configured allow-list. Clients that send no Origin (not browsers) are let through: an Origin header only
 * protects browsers' users from other sites, and the shared secret is the gate for everyone else.
 */
export function originAllowed(origin, host, allowList) {
  if (!origin) return true;
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host && url.host === host) return true;
  if (allowList) return allowList.includes(url.origin);
  return LOOPBACK.has(url.hostname);
}

/**
 * Starts the server. Options: `port` (0 = any free port), `host`, `secret`, `origins` (exact origins allowed
 * besides same-origin; when given, other localhost ports are no longer allowed), `static` (serve the demo;
 * default true), `redis` (a Redis URL: run as one of several processes sharing their state through it;
 * `cluster` tunes it, see cluster/redis-event-log.js), plus the hub's limits (every option in limits.js).
 * Resolves once listening (with Redis, once in the cluster, or after 10 s still trying and refusing clients).
 */
export async function createServer(options = {}) {
  const { port = 8787, host = 'localhost', origins, static: serveFiles = true, redis, cluster, ...hubOptions } = options;
  const nodeTimeoutMs = hubOptions.nodeTimeoutMs ?? DEFAULT_LIMITS.nodeTimeoutMs;
  // Processes of one cluster must agree on every limit (each applies every event with its own).
  const settings = Object.entries({ ...DEFAULT_LIMITS, ...hubOptions }).filter(([, v]) => v !== undefined).sort();
  const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
  let log;
  if (redis) {
    // Loaded only when asked for: one process needs neither Redis nor its client.
    const { RedisEventLog } = await import('./cluster/redis-event-log.js');
    log = new RedisEventLog(redis, { nodeTimeoutMs, beatMs: Math.max(50, Math.floor(nodeTimeoutMs / 4)), fingerprint, ...cluster });
  }
  const hub = new SignalingHub({ ...hubOptions, log });
  try {
    await log?.start();
  } catch (error) {
    hub.close();
    throw error;
  }
  const http = createHttpServer((req, res) => {
    if (serveFiles) return serveStatic(req, res);
    res.writeHead(404, SECURITY_HEADERS).end();
  });
  // ws's own hard cap sits above the hub's limit so oversized messages get a clear error reply, not a bare close.
  const wss = new WebSocketServer({ noServer: true, maxPayload: hub.options.maxMessageBytes * 4, perMessageDeflate: false });
  http.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    const refuse = (status, text) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    socket.on('error', () => undefined);
    if (path !== '/signal') return refuse(404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host, origins)) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => hub.attach(ws, req.socket.remoteAddress ?? ''));
  });
  http.on('clientError', (_err, socket) => socket.destroy());
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const urlHost = host === 'localhost' || host === '127.0.0.1' || host === '::1' ? host.replace('::1', '[::1]') : shownHost;
  const url = `http://${urlHost}:${address.port}/`;
  return {
    url,
    signalUrl: `ws://${urlHost}:${address.port}/signal`,
    port: address.port,
    hub,
    /** The Redis event log when clustered (its `node` and `ready`), else undefined. */
    cluster: log,
    http,
    async close() {
      hub.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections?.();
      await Promise.all([new Promise((resolve) => http.close(() => resolve())), log?.close()]);
    },
  };
}
