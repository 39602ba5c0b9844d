// The plain-HTML guide: the page and its script, exactly as shown, served by a static server with the
// built dist/ standing in for the CDN, in Chromium. No bundler, no node_modules, no import map.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertGuideResult, assertGuideShowsFiles, examples, exerciseGuide, launch, openPage, root, serve } from './harness.mjs';

const TAGS = ['call-session', 'call-status', 'call-controls', 'call-dialer', 'incoming-call'];
const CDN = 'https://cdn.example.com/call-elements/dist/';
let browser;
let site;
let cdn;
before(async () => {
  assert.ok(existsSync(join(root, 'dist/call-elements.js')), 'dist/call-elements.js is missing: run `npm run build` first');
  browser = await launch();
  site = await serve({ dirs: { '/': join(examples, 'html') } });
  cdn = await serve({ dirs: { '/call-elements/dist/': join(root, 'dist') } });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await cdn?.close();
});

test('the HTML guide shows the files that are tested', () => {
  assertGuideShowsFiles('html.md', ['examples/html/index.html', 'examples/html/call-page.js']);
  assert.ok(readFileSync(join(examples, 'html/index.html'), 'utf8').includes(`src="${CDN}call-elements.js"`));
});

test('from the CDN module: providerOptions as a property, call-ended and call-error listeners, elements rendered', { timeout: 60_000 }, async () => {
  const fetched = [];
  const { page, problems } = await openPage(browser, { url: 'about:blank' });
  // The CDN host is served from the local dist/ (another origin than the page, as a real CDN is).
  await page.route(`${CDN}**`, async (route) => {
    const path = route.request().url().slice(CDN.length);
    fetched.push(path);
    const response = await route.fetch({ url: `${cdn.url}/call-elements/dist/${path}` });
    await route.fulfill({ response, headers: { ...response.headers(), 'access-control-allow-origin': '*' } });
  });
  await page.goto(`${site.url}/index.html`);
  const result = await exerciseGuide(page, TAGS);
  assertGuideResult(result, TAGS);
  assert.deepEqual(problems, []);
  assert.ok(fetched.includes('call-elements.js'));
  assert.ok(fetched.includes('providers/simulated.js'), 'the simulated provider chunk loads next to the module');
  assert.deepEqual(fetched.filter((f) => /providers\/(acs|kandy|genesys|jambonz)/.test(f)), [], 'no platform SDK chunk on a simulated page');
  await page.close();
});
