#!/usr/bin/env node
// call-elements-server: the demo page, the built bundle and the signaling endpoint, in one process.
// PORT and HOST choose where it listens (default localhost:8787); CALL_ELEMENTS_SECRET, when set, is the
// shared secret every client must send in its first message; CALL_ELEMENTS_ORIGINS (comma-separated)
// replaces the default localhost origins that may connect. CALL_ELEMENTS_REDIS (a redis:// or rediss:// URL)
// makes this process one of several that act as one server (docs/deploy.md); CALL_ELEMENTS_JANUS routes rooms
// through Janus (janus-rooms.js), with or without Redis. Every limit has its own variable (limits.js).
import { createServer, limitsFromEnv } from './index.js';
import { janusFromEnv } from './janus-rooms.js';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? 'localhost';
const origins = process.env.CALL_ELEMENTS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);
try {
  const limits = limitsFromEnv(process.env);
  const redis = process.env.CALL_ELEMENTS_REDIS || undefined;
  const server = await createServer({ port, host, secret: process.env.CALL_ELEMENTS_SECRET || undefined, origins, redis, ...limits, ...janusFromEnv(process.env) });
  console.log(`call-elements demo: ${server.url}  (signaling: ${server.signalUrl}${process.env.CALL_ELEMENTS_SECRET ? ', shared secret required' : ''}${server.cluster ? `, node ${server.cluster.node} of the Redis cluster` : ''})`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close().then(() => process.exit(0)));
} catch (error) {
  console.error(`call-elements-server could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
