// Fails when custom-elements.json is not what the analyzer makes of the sources now (run `npm run analyze`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The analyzer resolves --outdir against the working directory, so the scratch folder lives inside.
const out = join('node_modules', '.cache', `cem-check-${process.pid}`);
mkdirSync(out, { recursive: true });
try {
  execFileSync('npx', ['cem', 'analyze', '--outdir', out], { stdio: 'pipe' });
  const fresh = readFileSync(join(out, 'custom-elements.json'), 'utf8');
  const committed = readFileSync('custom-elements.json', 'utf8');
  if (fresh !== committed) {
    console.error('custom-elements.json is stale: run `npm run analyze` and commit it.');
    process.exit(1);
  }
  console.log('custom-elements.json is up to date');
} finally {
  rmSync(out, { recursive: true, force: true });
}
