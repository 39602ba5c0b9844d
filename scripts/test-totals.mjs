// Sums the totals of every test runner in an `npm test` log and prints one line: `N passed, N failed`.
// web-test-runner prints `… | N passed, N failed` (the last such line is final); node's test runner
// prints `# pass N` / `# fail N`. A non-zero exit with no counted failure (type errors, lint, a failing
// hook) counts as one failure, so the line never claims success for a red run.
import { readFileSync } from 'node:fs';

const [file, statusArg] = process.argv.slice(2);
// eslint-disable-next-line no-control-regex
const text = readFileSync(file, 'utf8').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
const status = Number(statusArg ?? 0);

let passed = 0;
let failed = 0;
const wtr = [...text.matchAll(/test files \| (\d+) passed, (\d+) failed/g)].at(-1);
if (wtr) {
  passed += Number(wtr[1]);
  failed += Number(wtr[2]);
}
for (const m of text.matchAll(/^# pass (\d+)$/gm)) passed += Number(m[1]);
for (const m of text.matchAll(/^# fail (\d+)$/gm)) failed += Number(m[1]);
for (const m of text.matchAll(/Tests +(\d+) passed(?: \| (\d+) failed)?/g)) {
  passed += Number(m[1]);
  failed += Number(m[2] ?? 0);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
