// The CDN way in, as a newcomer tries it: only dist/ copied to some folder of a plain static server (no
// node_modules, no import map), a page with one <script type="module"> and the tags. The elements must
// render, providers load relative to the module's own URL, and no platform SDK is fetched for
// `simulated`. Also proves the minified build (template minification included) behaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../web-test-runner.config.mjs';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist');
const PREFIX = '/assets/vendor/call-elements@0.1.0/'; // "from anywhere": not the site root

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="${PREFIX}call-elements.js"></script></head><body>
<call-session provider="simulated" scenario="group" participants="4">
  <call-status></call-status><incoming-call></incoming-call><video-grid></video-grid>
  <call-controls></call-controls><participant-list></participant-list><call-list></call-list>
  <call-dialer></call-dialer><device-picker></device-picker>
</call-session></body></html>`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'";

test('dist/call-elements.js works from any static folder, under a strict CSP, and fetches only what the page uses', { timeout: 120_000 }, async () => {
  if (!existsSync(join(dist, 'call-elements.js'))) execFileSync('npx', ['rollup', '-c'], { cwd: root, stdio: 'pipe' });
  const requested = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requested.push(path);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': CSP }).end(PAGE);
    if (!path.startsWith(PREFIX)) return res.writeHead(404).end();
    const file = normalize(join(dist, path.slice(PREFIX.length)));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'application/json' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.goto(`http://localhost:${server.address().port}/`);
    const tags = ['call-session', 'call-status', 'incoming-call', 'video-grid', 'call-controls', 'participant-list', 'call-list', 'call-dialer', 'device-picker'];
    await page.waitForFunction((names) => names.every((n) => customElements.get(n)), tags, { timeout: 20_000 });
    // The group call is up: the grid shows a tile per remote camera plus the self view, and frames arrive.
    await page.waitForFunction(() => document.querySelector('video-grid')?.shadowRoot?.querySelectorAll('video').length >= 5, null, { timeout: 20_000 });
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const video = document.querySelector('video-grid').shadowRoot.querySelector('video');
      video.requestVideoFrameCallback((_t, meta) => resolve([meta.width, meta.height]));
    }));
    assert.ok(frames[0] > 0 && frames[1] > 0, 'video frames arrive');
    const shown = await page.evaluate(() => ({
      participants: document.querySelector('participant-list').shadowRoot.querySelectorAll('[part~="participant"]').length,
      mute: !!document.querySelector('call-controls').shadowRoot.querySelector('button[aria-pressed]'),
      dialer: !!document.querySelector('call-dialer').shadowRoot.querySelector('input'),
      // The build rewrites and minifies every css`` literal: the tokens and each element's own rules still apply.
      styles: (() => {
        const grid = getComputedStyle(document.querySelector('video-grid'));
        const keys = document.querySelector('call-dialer').shadowRoot.querySelector('[part~="keypad"]');
        const list = document.querySelector('participant-list').shadowRoot.querySelector('ul');
        return {
          font: getComputedStyle(document.querySelector('call-controls')).fontSize,
          gridDisplay: grid.display,
          gridBg: grid.backgroundColor,
          keypad: keys && getComputedStyle(keys).display,
          list: getComputedStyle(list).listStyleType,
        };
      })(),
    }));
    assert.deepEqual(shown.styles, { font: '14px', gridDisplay: 'block', gridBg: 'rgb(255, 255, 255)', keypad: 'grid', list: 'none' }, 'the minified styles apply');
    assert.ok(shown.participants >= 4, `participant-list shows the people (${shown.participants})`);
    assert.ok(shown.mute, 'call-controls shows its toggles');
    assert.ok(shown.dialer, 'call-dialer shows its field');
    assert.deepEqual(problems, [], 'no errors and no CSP violations');
    assert.ok(requested.some((p) => p === `${PREFIX}providers/simulated.js`), 'the simulated provider chunk loads relative to the module');
    const sdk = requested.filter((p) => /providers\/(acs|kandy|genesys|jambonz|local)\.js|sdk\.bundle|kandy-|ApiClient|ConversationsApi/.test(p));
    assert.deepEqual(sdk, [], 'no other provider or SDK chunk is fetched');
  } finally {
    await browser.close();
    server.close();
  }
});
