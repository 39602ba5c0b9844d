// Sums the totals of every test runner in an `npm test` log and prints one line: `N passed, N failed`.
// The log is split at npm's script headers (`> call-elements@x script`); in each part, web-test-runner's
// last `… test files | N passed, N failed` line is that run's total (it repeats progress lines, and
// sometimes its whole status block), node's test runner prints `# pass N` / `# fail N`. A non-zero exit
// with no counted failure (type errors, lint, a failing hook) counts as one failure, so the line never
// claims success for a red run.
import { readFileSync } from 'node:fs';

const [file, statusArg] = process.argv.slice(2);
// eslint-disable-next-line no-control-regex
const text = readFileSync(file, 'utf8').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
const status = Number(statusArg ?? 0);

let passed = 0;
let failed = 0;
for (const part of text.split(/^> \S+@\S+ \S+$/m)) {
  const wtr = [...part.matchAll(/test files \| (\d+) passed, (\d+) failed/g)].at(-1);
  if (wtr) {
    passed += Number(wtr[1]);
    failed += Number(wtr[2]);
  }
  for (const m of part.matchAll(/^# pass (\d+)$/gm)) passed += Number(m[1]);
  for (const m of part.matchAll(/^# fail (\d+)$/gm)) failed += Number(m[1]);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
