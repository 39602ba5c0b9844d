// Time to first remote frame for the 7th person joining a room routed through Janus. Starts Janus (Debian's
// janus, generated loopback configuration) and call-elements-server with CALL_ELEMENTS_JANUS as processes of
// their own, serves bench/janus-room.page.ts to headless Chromium, and stops everything afterwards.
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from '../web-test-runner.config.mjs';
import { startJanus, startJanusSignaling } from '../test/harness/plugins/janus.mjs';

export async function run() {
  const entry = fileURLToPath(new URL('./janus-room.page.ts', import.meta.url));
  const out = await esbuild.build({
    entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', minify: true,
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)), logLevel: 'silent', splitting: false,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = out.outputFiles[0].text;
  const http = createServer((req, res) => {
    if (req.url?.startsWith('/page.js')) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html lang="en"><body></body></html>');
  });
  await new Promise((r) => http.listen(0, 'localhost', r));
  const janus = await startJanus();
  let signaling;
  let browser;
  try {
    signaling = await startJanusSignaling(janus.url);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => console.error(`[janus-room] ${e.message}`));
    const origin = `http://localhost:${http.address().port}`;
    await page.goto(`${origin}/?signal=${encodeURIComponent(signaling.signalUrl)}`);
    await page.addScriptTag({ url: `${origin}/page.js`, type: 'module' });
    await page.waitForFunction(() => typeof window.__bench === 'function', null, { timeout: 30000 });
    return await page.evaluate(() => window.__bench());
  } finally {
    await browser?.close();
    await signaling?.stop();
    await janus.stop();
    http.close();
  }
}
