// Real processes for the cluster tests and bench: a redis-server of their own (Debian's, on a free loopback
// port, nothing saved to disk) and signaling server processes (node server/bin.js) pointed at it, which a test
// can SIGKILL. Everything listens on localhost; every wait is bounded.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../../server/index.js';

const BIN = fileURLToPath(new URL('../../server/bin.js', import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a child process and resolves with its first stdout match of `ready`; rejects on exit or after `ms`. */
function started(child, ready, what, ms = 20000) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start: ${out.slice(-500)}`));
    }, ms);
    const read = (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', read);
        child.off('exit', exited);
        resolve(m);
      }
    };
    const exited = (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${out.slice(-500)}`));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', exited);
  });
}

export function stopped(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A redis-server on `port` (a free one by default); `stop()` kills it, `start()` brings a fresh one back on the same port. */
export async function startRedis(port) {
  const redis = { port: port ?? (await freePort()), child: undefined };
  redis.url = `redis://127.0.0.1:${redis.port}`;
  redis.start = async () => {
    redis.child = spawn('redis-server', ['--port', String(redis.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await started(redis.child, /Ready to accept connections/, 'redis-server');
  };
  redis.stop = () => stopped(redis.child);
  await redis.start();
  return redis;
}

/**
 * A signaling server process in the cluster at `redisUrl` (alone, without one). `limits` are hub options (names from
 * server/limits.js), passed as their environment variables; `extraEnv` adds others (CALL_ELEMENTS_JANUS…).
 * Resolves with `{ child, signalUrl, port, node, stop }`.
 */
export async function startServerProcess(redisUrl, limits = {}, port = 0, extraEnv = {}) {
  const env = { ...process.env, PORT: String(port), HOST: 'localhost', CALL_ELEMENTS_REDIS: redisUrl ?? '', ...extraEnv };
  for (const [option, value] of Object.entries(limits)) if (LIMITS[option]) env[LIMITS[option][0]] = String(value);
  const child = spawn(process.execPath, [BIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep draining its output, so a chatty process never blocks on a full pipe.
  const m = await started(child, /signaling: (ws:\/\/localhost:(\d+)\/signal)(?:, node (\w+) of the Redis cluster)?\)/, 'server process');
  child.stdout.resume();
  child.stderr.resume();
  return { child, signalUrl: m[1], port: Number(m[2]), node: m[3], stop: () => stopped(child) };
}
