// The Vue 3 guide: its SFC compiles with @vue/compiler-sfc and the shipped `isCustomElement`, type-checks
// with vue-tsc against the shipped template typings, bundles, and runs in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileScript, parse } from 'vue/compiler-sfc';
import { assertGuideResult, assertGuideShowsFiles, assertLibBuilt, bundle, examples, exerciseGuide, launch, openPage, root, runBin } from './harness.mjs';

const TAGS = ['call-session', 'call-status', 'call-controls', 'call-dialer', 'incoming-call'];
let browser;
before(async () => {
  assertLibBuilt();
  browser = await launch();
});
after(() => browser?.close());

/**
 * What Vite's Vue plugin does with an SFC, with the guide's compilerOptions (or none). The template is
 * parsed once with them too: the parse decides whether a tag is an element or a component.
 */
function compileSfc(source, filename, compilerOptions) {
  const { descriptor, errors } = parse(source, { filename, templateParseOptions: compilerOptions });
  assert.deepEqual(errors, []);
  return compileScript(descriptor, { id: 'call-page', inlineTemplate: true, templateOptions: { compilerOptions } }).content;
}

/** An esbuild plugin compiling .vue files like @vitejs/plugin-vue does. */
const vuePlugin = (compilerOptions) => ({
  name: 'vue-sfc',
  setup(build) {
    build.onLoad({ filter: /\.vue$/ }, (args) => ({
      contents: compileSfc(readFileSync(args.path, 'utf8'), args.path, compilerOptions),
      loader: 'ts',
      resolveDir: dirname(args.path),
    }));
  },
});

async function guideCompilerOptions() {
  // The object the guide's vite.config passes, from the built package (lib/frameworks/vue.js).
  const { isCallElementTag } = await import(join(root, 'lib/frameworks/vue.js'));
  return { isCustomElement: isCallElementTag };
}

test('the Vue guide shows the files that are tested', () => {
  assertGuideShowsFiles('vue.md', ['examples/vue/CallPage.vue', 'examples/vue/main.ts', 'examples/vue/compiler-options.ts']);
});

test('vue-tsc checks the example and the typing checks against the shipped GlobalComponents typings', { timeout: 120_000 }, async () => {
  // typing-checks/Vue.vue holds @vue-expect-error lines: were the typings missing, vue-tsc would fail on them.
  await runBin('vue-tsc', ['--noEmit', '-p', join(examples, 'vue/tsconfig.json')]);
});

test('without isCustomElement Vue resolves the tags as components; with it, it creates them as elements', async () => {
  const source = readFileSync(join(examples, 'vue/CallPage.vue'), 'utf8');
  assert.match(compileSfc(source, 'CallPage.vue', {}), /resolveComponent\("call-session"\)/);
  const compiled = compileSfc(source, 'CallPage.vue', await guideCompilerOptions());
  assert.doesNotMatch(compiled, /resolveComponent/);
  assert.match(compiled, /"call-session"/);
});

test('Vue sets providerOptions as a property (.prop) and runs @call-ended / @call-error', { timeout: 60_000 }, async () => {
  const js = await bundle(join(examples, 'vue/main.ts'), { plugins: [vuePlugin(await guideCompilerOptions())] });
  const { page, problems } = await openPage(browser, { js });
  const result = await exerciseGuide(page, TAGS);
  assertGuideResult(result, TAGS);
  assert.deepEqual(problems, [], 'no Vue warnings (such as "Failed to resolve component")');
  await page.close();
});

test('Vue property binding: camelCase (with or without .prop) sets the property; kebab-case does not', { timeout: 60_000 }, async () => {
  const sfc = `<script setup lang="ts">
import 'call-elements/define';
const options = { token: 'secret' };
</script>
<template>
  <call-session id="camel" :providerOptions="options"></call-session>
  <call-session id="prop" :providerOptions.prop="options"></call-session>
  <call-session id="kebab" :provider-options="options"></call-session>
  <call-session id="kebab-prop" :provider-options.prop="options"></call-session>
</template>`;
  const plugin = {
    name: 'inline-sfc',
    setup(build) {
      build.onResolve({ filter: /^inline\.vue$/ }, () => ({ path: 'inline.vue', namespace: 'inline' }));
      build.onLoad({ filter: /.*/, namespace: 'inline' }, async () => ({ contents: compileSfc(sfc, 'inline.vue', await guideCompilerOptions()), loader: 'ts', resolveDir: join(examples, 'vue') }));
    },
  };
  const js = await bundle('binding.ts', {
    stdin: { resolveDir: join(examples, 'vue'), loader: 'ts', contents: `import { createApp } from 'vue'; import Page from 'inline.vue'; createApp(Page).mount('#app');` },
    plugins: [plugin],
  });
  const { page } = await openPage(browser, { js });
  const seen = await page.waitForFunction(() => {
    const read = (id) => {
      const el = document.getElementById(id);
      return el && { property: typeof el.providerOptions?.token, attribute: el.getAttribute('provider-options') };
    };
    return read('kebab-prop') && { camel: read('camel'), prop: read('prop'), kebab: read('kebab'), kebabProp: read('kebab-prop') };
  }).then((h) => h.jsonValue());
  assert.deepEqual(seen, {
    camel: { property: 'string', attribute: null },
    prop: { property: 'string', attribute: null },
    // Vue keeps a kebab-case name as it is: an attribute "[object Object]", or a property nobody reads.
    kebab: { property: 'undefined', attribute: '[object Object]' },
    kebabProp: { property: 'undefined', attribute: null },
  });
  await page.close();
});
