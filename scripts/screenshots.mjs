// npm run screenshots: PNGs of the demo page in a call, the full-call story, each element's first story and
// the states listed in STATES (panels open, recording paused, after-call work …), at 375, 768 and 1280 px
// wide, light and dark, into screenshots/ (ignored by git), so anyone can look.
// Needs dist/ (the demo loads the bundle) and storybook-static/: `npm run screenshots` builds both first.
// `node scripts/screenshots.mjs merge wrap-up` shoots only the stories whose file name contains a word given.
import { chromium } from 'playwright-core';
import { createServer as createHttpServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../web-test-runner.config.mjs';
import { createServer } from '../server/index.js';

const OUT = 'screenshots';
const WIDTHS = [375, 768, 1280];
const SCHEMES = ['light', 'dark'];
const TIMEOUT = 30_000;

for (const needed of ['dist/call-elements.js', 'storybook-static/index.json']) {
  if (!existsSync(needed)) throw new Error(`${needed} is missing: run npm run build and npm run build-storybook (npm run screenshots does both)`);
}
// A run for some stories only keeps the other pictures.
if (process.argv.length <= 2) rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

/** storybook-static over HTTP (the preview loads modules, which file:// does not allow). */
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
const storybook = createHttpServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join('storybook-static', path.endsWith('/') ? `${path}index.html` : path);
  if (!existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((r) => storybook.listen(0, 'localhost', r));
const storybookOrigin = `http://localhost:${storybook.address().port}`;
const demo = await createServer({ port: 0, host: 'localhost' });

/** The stories to shoot: the full call page, the theming page, and each element's first story. */
const { entries } = JSON.parse(readFileSync('storybook-static/index.json', 'utf8'));
const firstOfTitle = new Map();
for (const entry of Object.values(entries)) if (entry.type === 'story' && !firstOfTitle.has(entry.title)) firstOfTitle.set(entry.title, entry.id);
const storyName = (id) => id.replace(/^elements-/, '').replace(/--/, '-');
/**
 * States the first stories do not show, each with what must be on screen (in that element's shadow root)
 * before the picture: a story's play function runs after the elements have settled.
 */
const STATES = [
  ['elements-call-controls--transfer-panel', 'call-controls', '[part="transfer-panel"]'],
  ['elements-call-controls--transfer-invalid-number', 'call-controls', '[part="transfer-error"]'],
  ['elements-call-controls--consult-transfer', 'call-controls', '[part~="transfer-to-call"]'],
  ['elements-call-controls--merge-picker', 'call-controls', '[part~="merge-with"]'],
  ['elements-call-controls--recording-paused', 'call-controls', '[part~="pause-recording"][aria-pressed="true"]'],
  ['elements-call-status--recording', 'call-status', '[part="recording"][data-state="on"]'],
  ['elements-call-status--recording-paused', 'call-status', '[part="recording"][data-state="paused"]'],
  ['elements-call-list--after-call-work', 'call-list', '[data-state="wrap-up"]'],
  ['elements-call-wrap-up--code-missing', 'call-wrap-up', '[part="error"]'],
  ['elements-call-wrap-up--with-deadline', 'call-wrap-up', '[part="countdown"]'],
];
const only = process.argv.slice(2);
const stories = [
  ...[...firstOfTitle.entries()].map(([title, id]) => ({ name: title.replace(/^.*\//, '').replace(/\W+/g, '-').toLowerCase(), id })),
  ...STATES.filter(([id]) => entries[id]).map(([id, tag, selector]) => ({ name: storyName(id), id, ready: [tag, selector] })),
].filter((story) => !only.length || only.some((word) => `story-${story.name}`.includes(word)));
const missing = STATES.filter(([id]) => !entries[id]).map(([id]) => id);
if (missing.length) console.error(`not in the Storybook build: ${missing.join(', ')}`);

/** Resolves once every <call-session> has a settled connection and every element has rendered. */
async function settled(page) {
  await page.waitForFunction(
    async () => {
      await customElements.whenDefined('call-session');
      const sessions = [...document.querySelectorAll('call-session')];
      if (!sessions.length) return false;
      if (sessions.some((s) => !s.callController || s.callController.snapshot.connection === 'connecting')) return false;
      const elements = [...document.querySelectorAll('*')].filter((el) => 'updateComplete' in el);
      await Promise.all(elements.map((el) => el.updateComplete));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return elements.every((el) => !el.isUpdatePending);
    },
    null,
    { timeout: TIMEOUT, polling: 200 },
  );
}

async function shoot(page, name) {
  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await settled(page);
      const file = join(OUT, `${name}-${width}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  // The demo in a call: two people join one room; Alice's page is the picture.
  if (!only.length || only.some((word) => 'demo-in-a-call'.includes(word))) await shootDemo();

  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  for (const story of stories) {
    // The preview's colour-scheme toolbar global stays at "system", which follows the emulated scheme.
    await page.goto(`${storybookOrigin}/iframe.html?id=${story.id}&viewMode=story`);
    if (story.ready) {
      await page.waitForFunction(
        ([tag, selector]) => !!document.querySelector(tag)?.shadowRoot?.querySelector(selector),
        story.ready,
        { timeout: TIMEOUT, polling: 200 },
      );
    }
    await shoot(page, `story-${story.name}`);
  }
} finally {
  await browser.close();
  storybook.close();
  await demo.close();
}

async function shootDemo() {
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  const [alice, bob] = await Promise.all(contexts.map((c) => c.newPage()));
  await alice.goto(`${demo.url}?user=alice&room=standup`);
  await bob.goto(`${demo.url}?user=bob&room=standup`);
  await alice.waitForFunction(
    () => document.querySelector('video-grid')?.shadowRoot?.querySelectorAll('video').length >= 2,
    null,
    { timeout: TIMEOUT },
  );
  await shoot(alice, 'demo-in-a-call');
  await Promise.all(contexts.map((c) => c.close()));
}
