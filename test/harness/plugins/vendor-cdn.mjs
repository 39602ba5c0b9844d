/**
 * Two more local origins for the CDN tests (test/providers/*-cdn.test.ts), so a page loads our module and
 * the vendor's SDK the way a site does from two CDNs:
 *
 * - "cdn": dist/ as built (`/call-elements/…`), exactly the files we publish;
 * - "vendor": each vendor SDK bundled from node_modules as one ES module, the way an ESM CDN (esm.sh,
 *   jsDelivr's +esm) serves an npm package: its own dependencies inlined, a sibling SDK package imported
 *   from its own URL on the same CDN, CommonJS/UMD turned into a default export.
 *
 * Both answer with CORS headers, as CDNs do. The page learns the origins from the virtual module
 * /__vendor-cdn.js; each origin lists the paths it served at `/__requests`.
 */
import http from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = join(root, 'dist');

/** path on the vendor origin → the ESM entry an ESM CDN would build, and the sibling packages it links. */
const PACKAGES = {
  '/@azure/communication-calling.js': { entry: "export * from '@azure/communication-calling';", siblings: ['@azure/communication-common'] },
  '/@azure/communication-common.js': { entry: "export * from '@azure/communication-common';", siblings: [] },
  '/@kandy-io/cpaas-sdk.js': { entry: "export { default } from '@kandy-io/cpaas-sdk';", siblings: [] },
};

async function bundle({ entry, siblings }, vendorOrigin) {
  // A sibling SDK package stays a module of its own, imported by its absolute URL on this origin (as esm.sh
  // does), so the page's import map entry for it and the SDK's own import are one module instance.
  const linkSiblings = {
    name: 'link-siblings',
    setup(build) {
      if (siblings.length === 0) return;
      const names = new RegExp(`^(${siblings.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter: names }, (args) => ({ path: `${vendorOrigin}${args.path}.js`, external: true }));
    },
  };
  const out = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022',
    conditions: ['browser'], plugins: [linkSiblings], logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0].text;
}

/** dist/ as `npm run build` leaves it; rebuilt first if a source changed since (scripts/build.mjs). */
function freshDist() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/build.mjs exited with ${code}`))));
  });
}

function origin(handle) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cache-control', 'no-store');
    if (path === '/__requests') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
    requests.push(path);
    handle(path).then(
      (found) => (found ? res.writeHead(200, { 'content-type': found.type }).end(found.body) : res.writeHead(404).end()),
      (error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.stack ?? error)),
    );
  });
  return {
    server,
    async listen() {
      await new Promise((resolve) => server.listen(0, 'localhost', resolve));
      // localhost, not 127.0.0.1: the same host name the test page uses (the ACS SDK wants a secure context).
      return `http://localhost:${server.address().port}/`;
    },
  };
}

export default async () => {
  let distReady;
  const bundles = new Map();
  const cdn = origin(async (path) => {
    if (!path.startsWith('/call-elements/')) return null;
    distReady ??= freshDist();
    await distReady;
    const file = normalize(join(dist, path.slice('/call-elements/'.length)));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) return null;
    return { type: extname(file) === '.js' ? 'text/javascript' : 'application/json', body: readFileSync(file) };
  });
  const vendor = origin(async (path) => {
    const spec = PACKAGES[path];
    if (!spec) return null;
    if (!bundles.has(path)) bundles.set(path, bundle(spec, urls.vendor));
    return { type: 'text/javascript', body: await bundles.get(path) };
  });
  let urls = {};
  return [
    {
      name: 'vendor-cdn',
      async serverStart() {
        urls = { cdn: `${await cdn.listen()}call-elements/`, vendor: await vendor.listen() };
      },
      async serverStop() {
        await Promise.all([cdn.server, vendor.server].map((s) => new Promise((resolve) => s.close(resolve))));
      },
      serve(context) {
        if (context.path === '/__vendor-cdn/page.html') {
          // A real URL on the test's own origin (the ACS SDK refuses about:srcdoc): the import map from
          // the query, then dist/call-elements.js from the cdn origin.
          const map = context.URL.searchParams.get('importmap');
          const head = map ? `<script type="importmap">${JSON.stringify({ imports: JSON.parse(map) })}</script>` : '';
          return {
            type: 'html',
            headers: { 'cache-control': 'no-store' },
            body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN page</title>${head}<script type="module" src="${urls.cdn}call-elements.js"></script></head><body></body></html>`,
          };
        }
        if (context.path === '/__vendor-cdn.js') {
          return { body: `export const CDN = ${JSON.stringify(urls.cdn)};\nexport const VENDOR = ${JSON.stringify(urls.vendor)};`, type: 'js' };
        }
      },
    },
  ];
};
