// The Svelte 5 guide: its component compiles with svelte/compiler, type-checks with svelte-check against
// the shipped typings, bundles, and runs in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'svelte/compiler';
import { assertGuideResult, assertGuideShowsFiles, assertLibBuilt, bundle, examples, exerciseGuide, launch, openPage, runBinFailing } from './harness.mjs';

const TAGS = ['call-session', 'call-status', 'call-controls', 'call-dialer', 'incoming-call'];
let browser;
before(async () => {
  assertLibBuilt();
  browser = await launch();
});
after(() => browser?.close());

function compileSvelte(source, filename) {
  const { js, warnings } = compile(source, { filename, generate: 'client', dev: true });
  assert.deepEqual(warnings.map((w) => w.message), [], `${filename} compiles without warnings`);
  return js.code;
}

/** An esbuild plugin compiling .svelte files as the Svelte bundler plugins do. */
const sveltePlugin = (sources = {}) => ({
  name: 'svelte',
  setup(build) {
    build.onResolve({ filter: /^inline:/ }, (args) => ({ path: args.path, namespace: 'inline' }));
    build.onLoad({ filter: /.*/, namespace: 'inline' }, (args) => ({ contents: compileSvelte(sources[args.path], args.path), loader: 'js', resolveDir: join(examples, 'svelte') }));
    build.onLoad({ filter: /\.svelte$/ }, (args) => ({ contents: compileSvelte(readFileSync(args.path, 'utf8'), args.path), loader: 'js' }));
  },
});

test('the Svelte guide shows the files that are tested', () => {
  assertGuideShowsFiles('svelte.md', ['examples/svelte/CallPage.svelte', 'examples/svelte/main.ts']);
});

test('svelte-check accepts the example and rejects exactly the wrong lines of the typing checks', { timeout: 120_000 }, async () => {
  const output = await runBinFailing('svelte-check', ['--workspace', join(examples, 'svelte'), '--tsconfig', './tsconfig.json', '--output', 'machine']);
  const errors = output.split('\n').filter((line) => / ERROR /.test(line)).map((line) => line.replace(/^\d+ ERROR /, ''));
  const where = errors.map((e) => e.split(' "')[0]);
  assert.deepEqual(where, ['"../typing-checks/Svelte.svelte" 10:15', '"../typing-checks/Svelte.svelte" 11:15', '"../typing-checks/Svelte.svelte" 12:15'], errors.join('\n'));
  assert.match(errors[0], /not assignable to type 'Readonly<Record<string, unknown>>'/, 'providerOptions must be an object');
  assert.match(errors[1], /CustomEvent<CallEndedDetail>/, 'oncall-ended receives the typed event');
  assert.match(errors[2], /'string' is not assignable to type 'number'/, 'participants keeps its type');
});

test('Svelte 5 sets providerOptions as a property and runs oncall-ended / oncall-error', { timeout: 60_000 }, async () => {
  const js = await bundle(join(examples, 'svelte/main.ts'), { plugins: [sveltePlugin()] });
  const { page, problems } = await openPage(browser, { js });
  const result = await exerciseGuide(page, TAGS);
  assertGuideResult(result, TAGS);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Svelte 5 sets an object as a property even before the tag is defined (Lit takes it over on upgrade)', { timeout: 60_000 }, async () => {
  const sources = {
    'inline:Late.svelte': `<script>const options = { token: 'secret' };</script><call-session provider="simulated" providerOptions={options}></call-session>`,
  };
  const js = await bundle('late.ts', {
    stdin: {
      resolveDir: join(examples, 'svelte'),
      loader: 'ts',
      contents: `import { mount } from 'svelte'; import Late from 'inline:Late.svelte';
        mount(Late, { target: document.getElementById('app')! });
        const el = document.querySelector('call-session')!;
        const before = { defined: !!customElements.get('call-session'), attribute: el.getAttribute('provideroptions') };
        await import('call-elements/define');
        const after = { upgraded: el instanceof customElements.get('call-session')!, token: el.providerOptions.token, attribute: el.getAttribute('provideroptions') };
        (window as unknown as { late: unknown }).late = { before, after };`,
    },
    plugins: [sveltePlugin(sources)],
  });
  const { page } = await openPage(browser, { js });
  const late = await page.waitForFunction(() => window.late).then((h) => h.jsonValue());
  assert.deepEqual(late, { before: { defined: false, attribute: null }, after: { upgraded: true, token: 'secret', attribute: null } });
  await page.close();
});
