// npm run bench: runs every bench/*.bench.ts in headless Chromium (fake camera and microphone) and every
// bench/*.node.mjs in Node, and prints their figures. Benchmarks print numbers; they do not pass or fail.
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from '../web-test-runner.config.mjs';
import { createServer as createSignalingServer } from '../server/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const files = readdirSync(here).filter((f) => !only || f.includes(only)).sort();

function printTable(title, rows) {
  console.log(`\n## ${title}`);
  if (!rows.length) return console.log('(no rows)');
  const cols = Object.keys(rows[0]);
  const cell = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  console.log(cols.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const r of rows) console.log(cols.map((c, i) => cell(r[c]).padEnd(widths[i])).join('  '));
}

// Extra servers a Node-side hook may start (e.g. the signaling server), keyed by bench file.
const browserBenches = files.filter((f) => f.endsWith('.bench.ts'));
if (browserBenches.length) {
  const bundles = new Map();
  for (const f of browserBenches) {
    const out = await esbuild.build({
      entryPoints: [here + f], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022',
      tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)), minify: true, logLevel: 'silent', ignoreAnnotations: true,
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    bundles.set(f, out.outputFiles[0].text);
  }
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
    if (bundles.has(name)) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundles.get(name));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html lang="en"><body></body></html>');
  });
  await new Promise((r) => server.listen(0, 'localhost', r));
  const origin = `http://localhost:${server.address().port}`;
  // The real signaling server, for benches that make local calls; its URL reaches the page as ?signal=.
  const signaling = await createSignalingServer({ port: 0, host: 'localhost', static: false });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    for (const f of browserBenches) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.on('pageerror', (e) => console.error(`[${f}] ${e.message}`));
      await page.goto(`${origin}/?signal=${encodeURIComponent(signaling.signalUrl)}`);
      await page.addScriptTag({ url: `${origin}/${f}`, type: 'module' });
      await page.waitForFunction(() => typeof window.__bench === 'function', null, { timeout: 30000 });
      const results = await page.evaluate(() => window.__bench());
      for (const [title, rows] of Object.entries(results)) printTable(`${f}: ${title}`, rows);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    await signaling.close();
  }
}

for (const f of files.filter((f) => f.endsWith('.node.mjs'))) {
  const mod = await import(here + f);
  const results = await mod.run();
  for (const [title, rows] of Object.entries(results)) printTable(`${f}: ${title}`, rows);
}
