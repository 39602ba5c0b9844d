// Prints the size of every file in dist/ (bytes, gzip -9) and fails when the CDN module is over budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

// gzipped bytes; the vendor kits weigh 36–228 kB. 27,400 since transfer, merge, recording pause and
// <call-wrap-up> (their panel and form load on first use; the buttons, icons and English strings cannot);
// 27,450 since the controller stamps when after-call work began (`endedAt`) for every element, where
// <call-list> kept its own per-call clock.
const BUDGET = { 'call-elements.js': 27_450 };
const root = new URL('../dist/', import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.js')) yield path;
  }
}

let over = false;
console.log('file'.padEnd(40), 'bytes'.padStart(10), 'gzip'.padStart(10), '  budget');
for (const path of files(root)) {
  const name = relative(root, path);
  const data = readFileSync(path);
  const gz = gzipSync(data, { level: 9 }).length;
  const budget = BUDGET[name];
  const verdict = budget ? (gz <= budget ? `  ≤ ${budget} ok` : `  > ${budget} OVER BUDGET`) : '';
  if (budget && gz > budget) over = true;
  console.log(name.padEnd(40), String(data.length).padStart(10), String(gz).padStart(10), verdict);
}
if (over) {
  console.error('dist/call-elements.js is over its size budget');
  process.exit(1);
}
