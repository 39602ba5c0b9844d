// The npm package as a newcomer gets it: `npm pack`, install the tarball into a fresh project, type-check
// a consumer against the shipped .d.ts, bundle it, and run it in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../web-test-runner.config.mjs';

const root = new URL('../../', import.meta.url).pathname;
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });

/**
 * Strings only the vendor SDKs contain (error texts and wire names), each checked to be in the installed
 * SDK first, so the test fails if the SDK ever ends up bundled rather than passing because of a typo.
 */
// Markers are strings only the SDK's own code holds: a URL segment such as `notificationchannel` is also
// spoken by our adapter (kandy-channel.ts deletes the channel the SDK's crashing unsubscribe leaves behind).
const VENDOR_MARKERS = {
  '@azure/communication-calling': { file: 'node_modules/@azure/communication-calling/dist/sdk.bundle.js', strings: ['ACS Web Calling SDK must be used through', 'ECS Service returned empty ETag'] },
  '@azure/communication-common': { file: 'node_modules/@azure/communication-common/dist/browser/azureCommunicationTokenCredential.js', strings: ['User credential is disposed'] },
  '@kandy-io/cpaas-sdk': { file: 'node_modules/@kandy-io/cpaas-sdk/dist/kandy.js', strings: ['wrtcsSessionInvitationNotification', 'Unhandled error in saga'] },
};

/** Every vendor marker found in the files under `dir`: [marker, file] pairs. */
function vendorBytes(dir) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const text = readFileSync(path, 'latin1');
        for (const { strings } of Object.values(VENDOR_MARKERS)) for (const m of strings) if (text.includes(m)) found.push([m, path.slice(dir.length + 1)]);
      }
    }
  };
  walk(dir);
  return found;
}

test('no vendor SDK bytes in dist/ or the npm tarball, which stays under 1.5 MB and packs without a rebuild when fresh', { timeout: 300_000 }, () => {
  for (const [pkg, { file, strings }] of Object.entries(VENDOR_MARKERS)) {
    const text = readFileSync(join(root, file), 'latin1');
    for (const m of strings) assert.ok(text.includes(m), `${pkg} itself contains the marker "${m}"`);
  }
  // prepack (scripts/build.mjs --if-stale) builds only if a source changed since the last build.
  run('node', ['scripts/build.mjs', '--if-stale'], root);
  assert.deepEqual(vendorBytes(join(root, 'dist')), [], 'dist/ has none of the vendor SDKs');

  const dir = mkdtempSync(join(tmpdir(), 'call-elements-tarball-'));
  try {
    const began = Date.now();
    const [{ filename, size, unpackedSize, files }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root));
    const seconds = (Date.now() - began) / 1000;
    const dist = files.filter((f) => f.path.startsWith('dist/')).reduce((sum, f) => sum + f.size, 0);
    console.log(`npm pack: ${size} B packed, ${unpackedSize} B unpacked, ${files.length} files (dist/ ${dist} B), in ${seconds.toFixed(1)} s`);
    assert.ok(size < 1_500_000, `tarball under 1.5 MB packed (${size} B)`);
    assert.ok(seconds < 60, `npm pack reuses the fresh build (${seconds.toFixed(1)} s)`);
    run('tar', ['-xzf', join(dir, filename), '-C', dir], dir);
    // Our own maps stay; a map whose every source is a dependency would republish someone else's code.
    const thirdPartyMaps = files.map((f) => f.path).filter((p) => p.endsWith('.map')).filter((p) => {
      const { sources } = JSON.parse(readFileSync(join(dir, 'package', p), 'utf8'));
      return sources.every((source) => source.includes('node_modules'));
    });
    assert.deepEqual(thirdPartyMaps, [], 'no source maps for third-party chunks');
    assert.ok(files.some((f) => f.path === 'dist/call-elements.js.map'), 'our own map is there');
    assert.deepEqual(vendorBytes(join(dir, 'package')), [], 'the tarball has none of the vendor SDKs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm pack gives a package a fresh project can install, type-check and run', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'call-elements-pack-'));
  try {
    // prepack rebuilds only when a source changed since the last build.
    const [{ filename, files }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root));
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
