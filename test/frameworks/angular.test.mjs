// The Angular guide: its component compiles ahead of time with the Angular compiler (strictTemplates),
// bundles, and runs in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { transformAsync } from '@babel/core';
import { NgtscProgram, createCompilerHost, readConfiguration } from '@angular/compiler-cli';
import angularLinkerPlugin from '@angular/compiler-cli/linker/babel';
import { assertGuideResult, assertGuideShowsFiles, assertLibBuilt, bundle, examples, exerciseGuide, launch, openPage, root } from './harness.mjs';

const TAGS = ['call-session', 'call-status', 'call-controls', 'call-dialer', 'incoming-call'];
// Under node_modules so the emitted files resolve @angular/* and call-elements like the sources do.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const outDir = mkdtempSync(join(root, 'node_modules/.cache/call-elements-angular-'));
let browser;
let compiled;

before(async () => {
  assertLibBuilt();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/**
 * One AOT compilation (what `ng build` runs) of the guide's files plus the typing checks, emitted even
 * though the checks are meant to fail, so the app and the expected errors come from one compiler run.
 */
function compileAngular() {
  compiled ??= (async () => {
    const config = readConfiguration(join(examples, 'angular/tsconfig.json'), { outDir, rootDir: examples, noEmit: false });
    assert.deepEqual(config.errors, []);
    const program = new NgtscProgram([...config.rootNames, join(examples, 'typing-checks/angular.ts')], config.options, createCompilerHost({ options: config.options }));
    await program.loadNgStructureAsync();
    const diagnostics = [
      ...program.getTsOptionDiagnostics(),
      ...program.getNgOptionDiagnostics(),
      ...program.getTsSyntacticDiagnostics(),
      ...program.getTsSemanticDiagnostics(),
      ...program.getNgStructuralDiagnostics(),
      ...program.getNgSemanticDiagnostics(),
    ].map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      const text = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
      return { file: d.file?.fileName.slice(examples.length + 1), line, code: d.code, text };
    });
    assert.equal(program.emit().emitSkipped, false);
    return diagnostics;
  })();
  return compiled;
}

/**
 * Angular's npm packages ship partially compiled (`ɵɵngDeclare…`); the Angular CLI finishes them with the
 * linker at build time, and so does this bundle (otherwise they would need the JIT compiler at runtime).
 */
const angularLinker = {
  name: 'angular-linker',
  setup(build) {
    build.onLoad({ filter: /node_modules\/@angular\/.*\.m?js$/ }, async (args) => {
      const code = await readFile(args.path, 'utf8');
      if (!code.includes('ɵɵngDeclare')) return undefined;
      const out = await transformAsync(code, { filename: args.path, babelrc: false, configFile: false, compact: false, sourceMaps: false, plugins: [angularLinkerPlugin] });
      return { contents: out.code, loader: 'js' };
    });
  },
};

test('the Angular guide shows the files that are tested', () => {
  assertGuideShowsFiles('angular.md', ['examples/angular/call-page.component.ts', 'examples/angular/main.ts']);
});

test('the Angular compiler (strictTemplates) accepts the guide and rejects exactly the typing checks', { timeout: 120_000 }, async () => {
  const diagnostics = await compileAngular();
  assert.deepEqual(
    diagnostics.map(({ file, line, code }) => ({ file, line, code })).sort((a, b) => a.line - b.line),
    [
      // NG8001 (Angular reports it as -998001): 'call-session' is not a known element, without CUSTOM_ELEMENTS_SCHEMA
      { file: 'typing-checks/angular.ts', line: 10, code: -998001 },
      // $event of (call-ended) is CustomEvent<CallEndedDetail>, from HTMLElementEventMap
      { file: 'typing-checks/angular.ts', line: 19, code: 2345 },
    ],
    diagnostics.map((d) => d.text).join('\n'),
  );
  assert.match(diagnostics.find((d) => d.code === 2345).text, /CustomEvent<CallEndedDetail>/);
});

test('Angular binds [providerOptions] as a property and runs (call-ended) / (call-error)', { timeout: 120_000 }, async () => {
  await compileAngular();
  const js = await bundle(join(outDir, 'angular/main.js'), { plugins: [angularLinker] });
  const { page, problems } = await openPage(browser, { js, html: '<!doctype html><html lang="en"><body><app-call-page></app-call-page></body></html>' });
  const result = await exerciseGuide(page, TAGS).catch((error) => assert.fail(`${error.message}\n${problems.join('\n')}`));
  assertGuideResult(result, TAGS);
  assert.deepEqual(problems, []);
  await page.close();
});
