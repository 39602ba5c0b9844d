// Shared by the framework guide tests: compile tools, an esbuild bundle of an example app, a headless
// Chromium page, and the checks every guide's snippet must pass in it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../web-test-runner.config.mjs';

export const root = new URL('../../', import.meta.url).pathname;
export const examples = join(root, 'docs/frameworks/examples');

/** Runs a tool from node_modules/.bin; rejects with its output so a compile error reads as the failure. */
export async function runBin(name, args, options = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules/.bin', name), args, { cwd: root, encoding: 'utf8', ...options });
    return stdout + stderr;
  } catch (error) {
    const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    throw new Error(`${name} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.stdout || e.stderr ? '' : e.message}`);
  }
}

/** Like runBin, but for a compile that must fail: resolves with its output. */
export async function runBinFailing(name, args, options = {}) {
  try {
    await promisify(execFile)(join(root, 'node_modules/.bin', name), args, { cwd: root, encoding: 'utf8', ...options });
  } catch (error) {
    const e = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  throw new Error(`${name} ${args.join(' ')} succeeded but was expected to fail`);
}

/** The guides import the package by name (`call-elements/define`), resolved through its exports map to lib/. */
export function assertLibBuilt() {
  for (const file of ['lib/define.js', 'lib/frameworks/react.d.ts', 'lib/frameworks/vue.js', 'lib/frameworks/svelte.d.ts', 'lib/frameworks/angular.d.ts']) {
    assert.ok(existsSync(join(root, file)), `${file} is missing: run \`npm run build\` first`);
  }
}

/**
 * The guides only use the simulated provider: the other adapters (and their SDKs, some written for Node)
 * stay out of the test bundle, as they stay out of a page that never picks them.
 */
const onlySimulatedProvider = {
  name: 'only-simulated-provider',
  setup(build) {
    build.onResolve({ filter: /^\.\/(acs|local|genesys|jambonz|kandy)\/index\.js$/ }, (args) =>
      args.importer.includes('/providers/') ? { path: args.path, external: true } : undefined,
    );
  },
};

/** Bundles an example app as a page would ship it (esbuild, ES module, browser conditions). */
export async function bundle(entry, { plugins = [], ...options } = {}) {
  const result = await esbuild.build({
    ...(options.stdin ? {} : { entryPoints: [entry] }),
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // package.json `sideEffects` would otherwise drop `import 'call-elements/define'`
    ignoreAnnotations: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    logLevel: 'silent',
    plugins: [onlySimulatedProvider, ...plugins],
    ...options,
  });
  return result.outputFiles[0].text;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css' };

/** A static file server: `files` maps URL paths to contents, `dirs` maps URL prefixes to folders. */
export async function serve({ files = {}, dirs = {} }) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let body = files[path];
    if (body === undefined) {
      for (const [prefix, dir] of Object.entries(dirs)) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (file.startsWith(dir) && existsSync(file)) body = readFileSync(file);
      }
    }
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, 'localhost', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens an app in a fresh page and records what a developer would see in the console: uncaught errors
 * and the framework's own warnings (Vue's "Failed to resolve component", Angular's NG0 errors…).
 */
export async function openPage(browser, { url, js, html = '<!doctype html><html lang="en"><body><div id="app"></div></body></html>' }) {
  const page = await browser.newPage();
  // Counts provider starts: options that arrive after the session started make it start a second one.
  await page.addInitScript(() => {
    window.callSessionStarts = 0;
    document.addEventListener('call-session-ready', () => window.callSessionStarts++);
  });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  if (url) {
    await page.goto(url);
  } else {
    await page.route('http://app.test/', (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.route('http://app.test/app.js', (route) => route.fulfill({ contentType: 'text/javascript', body: js }));
    await page.goto('http://app.test/');
    await page.addScriptTag({ url: 'http://app.test/app.js', type: 'module' });
  }
  return { page, problems };
}

/**
 * What every guide promises, driven through the simulated provider: the framework set `providerOptions` as
 * a property (no attribute carries it), the app's `call-ended` and `call-error` handlers ran, and the
 * elements upgraded and rendered into their shadow roots.
 */
export async function exerciseGuide(page, tags) {
  return page.evaluate(async (tags) => {
    const until = async (predicate, what) => {
      const start = performance.now();
      for (;;) {
        const value = predicate();
        if (value) return value;
        if (performance.now() - start > 8000) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const session = await until(() => document.querySelector('call-session'), '<call-session>');
    await until(() => customElements.get('call-session') && session instanceof customElements.get('call-session'), 'call-session to upgrade');
    const controller = await session.whenReady();
    const status = () => document.querySelector('[role=status]')?.textContent?.trim() ?? '';
    const options = session.providerOptions ?? {};

    await until(() => controller.snapshot.calls.some((c) => c.state === 'connected'), 'the one-to-one call to connect');
    // Every tag has rendered from the snapshot by now.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const rendered = tags.map((tag) => {
      const el = document.querySelector(tag);
      const upgraded = !!el && !!customElements.get(tag) && el instanceof customElements.get(tag);
      return { tag, upgraded, rendered: upgraded && el.hasUpdated === true && !!el.shadowRoot };
    });
    // What a user sees during a call: the status line and the call buttons.
    const visible = {
      status: document.querySelector('call-status')?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      buttons: [...(document.querySelector('call-controls')?.shadowRoot?.querySelectorAll('button') ?? [])].length,
    };

    await controller.hangUp();
    const ended = await until(() => /^Call ended/.test(status()) && status(), 'the call-ended handler');
    const errorCode = await controller.setMuted(true).then(() => 'no error', (error) => error.code);
    const error = await until(() => /^Error/.test(status()) && status(), 'the call-error handler');

    return {
      optionKeys: Object.keys(options).sort(),
      ringMs: options.ringMs,
      tokenIsFunction: typeof options.token === 'function',
      attributes: session.getAttributeNames().map((name) => `${name}=${session.getAttribute(name)}`),
      provider: controller.provider.kind,
      providerStarts: window.callSessionStarts,
      sameController: session.callController === controller,
      rendered,
      visible,
      ended,
      errorCode,
      error,
    };
  }, tags);
}

/** The assertions shared by every framework: see exerciseGuide. */
export function assertGuideResult(result, tags) {
  assert.deepEqual(result.optionKeys, ['ringMs', 'token'], 'providerOptions reached the element as an object');
  assert.equal(result.ringMs, 1000);
  assert.equal(result.tokenIsFunction, true, 'the token callback survived (a property, not a string)');
  assert.ok(
    !result.attributes.some((a) => /^provider-?options=/i.test(a) || a.includes('[object Object]') || a.includes('token')),
    `no attribute carries providerOptions: ${result.attributes.join(' ')}`,
  );
  assert.equal(result.provider, 'simulated');
  assert.equal(result.providerStarts, 1, 'the session started its provider once, with the options already set');
  assert.equal(result.sameController, true);
  assert.deepEqual(result.rendered, tags.map((tag) => ({ tag, upgraded: true, rendered: true })));
  if (tags.includes('call-status')) assert.ok(result.visible.status.length > 0, 'call-status shows the call');
  if (tags.includes('call-controls')) assert.ok(result.visible.buttons >= 2, `call-controls shows its buttons (${result.visible.buttons})`);
  assert.equal(result.ended, 'Call ended: hung-up');
  assert.notEqual(result.errorCode, 'no error');
  assert.equal(result.error, `Error: ${result.errorCode}`);
}

/**
 * The guide shows the example files verbatim: each ```lang block preceded by `<!-- file: path -->` must
 * equal that file, so the text a reader copies is the code the tests compile and run.
 */
export function assertGuideShowsFiles(guide, expectedFiles) {
  const text = readFileSync(join(root, 'docs/frameworks', guide), 'utf8');
  const shown = [...text.matchAll(/<!-- file: (\S+) -->\n```[a-z]*\n([\s\S]*?)```/g)].map(([, file, code]) => ({ file, code }));
  assert.deepEqual(shown.map((s) => s.file).sort(), [...expectedFiles].sort(), `${guide} shows these files`);
  for (const { file, code } of shown) {
    assert.equal(code, readFileSync(join(root, 'docs/frameworks', file), 'utf8'), `${guide} shows ${file} exactly as it is tested`);
  }
}
