// A Prism validating mock (@stoplight/prism-cli) of an OpenAPI spec, for the harness plugins of call-control
// providers: started on first use on a free loopback port (its start-up costs seconds, so runs that need
// no platform mock never pay it), stopped with the test run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * `makeSpec()` returns the spec object Prism validates against (called once, at start).
 * Returns `{ start(), forward(method, path, headers, body), stop(), port }`.
 */
export function prismMock(label, makeSpec) {
  let child;
  let port = 0;
  let ready = null;
  let tmp;

  const start = () => {
    ready ??= new Promise((resolve, reject) => {
      tmp = mkdtempSync(join(tmpdir(), `${label}-prism-`));
      const specFile = join(tmp, `${label}.json`);
      writeFileSync(specFile, JSON.stringify(makeSpec()));
      const probe = createServer().listen(0, '127.0.0.1', () => {
        port = probe.address().port;
        probe.close(() => {
          const bin = require.resolve('@stoplight/prism-cli/dist/index.js');
          child = spawn(process.execPath, [bin, 'mock', specFile, '-h', '127.0.0.1', '-p', String(port), '--errors'], {
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let log = '';
          let listening = false;
          const timer = setTimeout(() => reject(new Error(`Prism did not start in 60 s:\n${log.slice(-2000)}`)), 60000);
          const onData = (chunk) => {
            if (listening) return; // keep draining the pipe, stop keeping its log
            log += chunk.toString();
            if (log.includes('Prism is listening')) {
              listening = true;
              clearTimeout(timer);
              resolve();
            }
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          child.once('exit', (code) => {
            clearTimeout(timer);
            if (!listening) reject(new Error(`Prism exited with ${code}:\n${log.slice(-2000)}`));
          });
        });
      });
    });
    return ready;
  };

  /** Sends a request to Prism; resolves with its status, headers (sl-violations) and body. */
  const forward = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body || undefined);
    });

  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };

  return {
    start,
    forward,
    stop,
    get port() {
      return port;
    },
  };
}
