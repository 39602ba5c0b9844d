import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { existsSync, readdirSync } from 'node:fs';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // fake camera and microphone, permission prompts accepted. The fake camera runs at 10 fps, not 30: every
  // test call encodes its video in software, and at 30 fps that was a fifth of the browser run's CPU (642 →
  // 520 CPU-seconds, 362 → 298 s on 2 cores). Tests wait for painted and changing frames, never for a rate.
  '--use-fake-device-for-media-stream=fps=10', '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  // Janus in the tests listens on the loopback interface only (test/harness/plugins/janus.mjs)
  '--allow-loopback-in-peer-connection',
];

/**
 * Extra WTR plugins contributed by feature folders (signaling server, platform mocks…): every
 * test/harness/plugins/*.mjs default-exports an async function returning an array of plugins.
 */
const pluginDir = new URL('./test/harness/plugins/', import.meta.url);
const extraPlugins = [];
if (existsSync(pluginDir)) {
  for (const file of readdirSync(pluginDir).filter((f) => f.endsWith('.mjs')).sort()) {
    const mod = await import(new URL(file, pluginDir).href);
    extraPlugins.push(...(await mod.default()));
  }
}

/** Every test file imports the guard first: an unhandled rejection fails the test it happened in. */
function rejectionGuard() {
  return {
    name: 'rejection-guard',
    transform(context) {
      if (context.path.endsWith('.test.ts')) return { body: `import '/test/harness/guard.ts';\n${context.body}` };
    },
  };
}

/**
 * The ACS SDK asks its configuration service (ECS) first and stalls ~7 s when it cannot reach it; every
 * page gets a stub answer (ETag and Expires are required, or the SDK retries).
 */
const ecsStub = (route) => route.fulfill({
  status: 200, contentType: 'application/json', body: '{}',
  headers: {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'ETag, Expires',
    etag: '"offline-stub"',
    expires: new Date(Date.now() + 864e5).toUTCString(),
  },
});

export default {
  files: ['test/**/*.test.ts', '!test/stories/**'],
  rootDir: '.',
  // browser: true honours the "browser" export condition (the @azure packages need it)
  nodeResolve: { browser: true },
  concurrency: 2,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300000,
  browserStartTimeout: 60000,
  testFramework: { config: { timeout: 20000 } },
  plugins: [
    rejectionGuard(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    ...extraPlugins,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS },
      async createPage({ context }) {
        const page = await context.newPage();
        await page.route(/^https:\/\/ecs\.communication\.microsoft\.com\//, ecsStub);
        return page;
      },
    }),
  ],
};
