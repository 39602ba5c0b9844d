// The npm package as a newcomer gets it: `npm pack`, install the tarball into a fresh project, type-check
// a consumer against the shipped .d.ts, bundle it, and run it in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../web-test-runner.config.mjs';

const root = new URL('../../', import.meta.url).pathname;
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });

test('npm pack gives a package a fresh project can install, type-check and run', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'call-elements-pack-'));
  try {
    // `npm test` has just built lib/ and dist/; rebuild (prepack) only when they are missing.
    const built = existsSync(join(root, 'lib/index.js')) && existsSync(join(root, 'dist/call-elements.js'));
    const packArgs = ['pack', '--json', '--pack-destination', dir, ...(built ? ['--ignore-scripts'] : [])];
    const [{ filename, files }] = JSON.parse(run('npm', packArgs, root));
    const paths = files.map((f) => f.path);
    for (const expected of ['lib/index.js', 'lib/index.d.ts', 'lib/define.js', 'dist/call-elements.js', 'custom-elements.json', 'server/bin.js', 'README.md']) {
      assert.ok(paths.includes(expected), `the tarball has ${expected}`);
    }
    assert.ok(!paths.some((p) => p.startsWith('src/') || p.startsWith('test/') || p.startsWith('node_modules/')), 'no sources, tests or dependencies in the tarball');

    const app = join(dir, 'app');
    run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, filename), `typescript@${JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')).version}`], app);

    // Types: the exports map, the classes, HTMLElementTagNameMap entries and the error codes.
    writeFileSync(join(app, 'main.ts'), `
import { CallSession, CallController, CallError, setTranslations, type CallErrorCode } from 'call-elements';
import 'call-elements/define';
const session: CallSession = document.createElement('call-session');
session.providerOptions = { token: 'in-memory only' };
const code: CallErrorCode = 'unsupported';
const err = new CallError(code, 'x');
setTranslations('fr', { 'controls.mute': 'Couper' });
class RenamedSession extends CallSession {}
customElements.define('my-call-session', RenamedSession);
document.body.append(session);
session.addEventListener('call-error', (e) => console.log((e as CustomEvent<{ error: CallError }>).detail.error.code));
(window as unknown as Record<string, unknown>).result = { defined: !!customElements.get('call-session'), renamed: !!customElements.get('my-call-session'), isController: CallController.name, err: err.code };
`);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, lib: ['ES2022', 'DOM'], skipLibCheck: false } }));
    run(join(app, 'node_modules/.bin/tsc'), ['-p', '.'], app);

    // Run: bundle the consumer as any app would, and load it in Chromium.
    const bundle = await esbuild.build({ entryPoints: [join(app, 'main.ts')], bundle: true, write: false, format: 'esm', absWorkingDir: app, logLevel: 'silent' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ content: bundle.outputFiles[0].text, type: 'module' });
      const result = await page.waitForFunction(() => window.result, null, { timeout: 10_000 }).then((h) => h.jsonValue());
      assert.deepEqual(result, { defined: true, renamed: true, isController: 'CallController', err: 'unsupported' });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
    assert.ok(existsSync(join(app, 'node_modules/call-elements/dist/call-elements.js')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
