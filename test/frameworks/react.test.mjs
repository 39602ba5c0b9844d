// The React 19 guide: its files type-check with the shipped JSX typings (tsc), bundle, and run in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertGuideResult, assertGuideShowsFiles, assertLibBuilt, bundle, examples, exerciseGuide, launch, openPage, runBin } from './harness.mjs';

const TAGS = ['call-session', 'call-status', 'call-controls', 'call-dialer', 'incoming-call'];
let browser;
before(async () => {
  assertLibBuilt();
  browser = await launch();
});
after(() => browser?.close());

test('the React guide shows the files that are tested', () => {
  assertGuideShowsFiles('react.md', ['examples/react/CallPage.tsx', 'examples/react/main.tsx']);
});

test('the React example and the typing checks compile with tsc (JSX IntrinsicElements from the element classes)', { timeout: 120_000 }, async () => {
  // typing-checks/react.tsx holds @ts-expect-error lines: were the typings `any`, tsc would fail on them.
  await runBin('tsc', ['-p', join(examples, 'tsconfig.json')]);
});

test('React 19 sets providerOptions as a property and runs oncall-ended / oncall-error', { timeout: 60_000 }, async () => {
  const js = await bundle(join(examples, 'react/main.tsx'));
  const { page, problems } = await openPage(browser, { js });
  const result = await exerciseGuide(page, TAGS);
  assertGuideResult(result, TAGS);
  assert.deepEqual(problems, []);
  await page.close();
});

test('React 19 falls back to attributes when the tags are defined after the first render (why the guide imports define first)', { timeout: 60_000 }, async () => {
  const js = await bundle('late-define.tsx', {
    stdin: {
      resolveDir: join(examples, 'react'),
      loader: 'tsx',
      contents: `
        import { createRoot } from 'react-dom/client';
        import { flushSync } from 'react-dom';
        const options = { token: 'secret' };
        const root = createRoot(document.getElementById('app')!);
        flushSync(() => root.render(<call-session provider="simulated" providerOptions={options}></call-session>));
        const el = document.querySelector('call-session')!;
        (window as unknown as { late: unknown }).late = { attribute: el.getAttribute('provideroptions') ?? el.getAttribute('providerOptions') };
      `,
    },
  });
  const { page } = await openPage(browser, { js });
  const late = await page.waitForFunction(() => window.late).then((h) => h.jsonValue());
  assert.deepEqual(late, { attribute: '[object Object]' });
  await page.close();
});
