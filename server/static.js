// Serves the demo page and the built bundle. Files only from the package's own folders; no directory
// listing; paths are normalised so `..` cannot escape.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const MOUNTS = { '/dist/': 'dist', '/': 'demo' };

/** The security headers every page gets, including a strict CSP the elements must work under. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self)',
};

export function serveStatic(req, res) {
  const url = new URL(req.url ?? '/', 'http://x');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end('Bad request');
    return;
  }
  const [prefix, dir] = Object.entries(MOUNTS).find(([p]) => pathname.startsWith(p)) ?? [];
  if (!prefix || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(405).end();
    return;
  }
  const base = join(root, dir);
  let file = normalize(join(base, pathname.slice(prefix.length)));
  if (!file.startsWith(base)) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(dir === 'dist' ? 'Not built yet: run npm run build' : 'Not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...SECURITY_HEADERS });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
