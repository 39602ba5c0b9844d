// Builds dist/ (rollup: the CDN module and its lazy chunks) and lib/ (tsc, plus the pre-bundled Genesys
// client), quietly: one line when done, and only warnings or errors besides (all on stderr, so the stdout
// of `npm pack --json`, whose prepack runs this, stays JSON).
//
//   node scripts/build.mjs             always build (npm run build)
//   node scripts/build.mjs --if-stale  build only when an input changed since the last build (npm start,
//                                      prepack): a hash of every input is kept in node_modules/.cache.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const stampFile = join(root, 'node_modules/.cache/call-elements/build-stamp.json');
/** Everything dist/ and lib/ are made from. */
const INPUTS = [
  'src', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json',
  'scripts/build.mjs', 'scripts/minify-templates.mjs', 'scripts/rollup-plugins.mjs', 'scripts/vendor-genesys.mjs',
];
/** A build that stopped half-way leaves one of these missing. */
const OUTPUTS = ['dist/call-elements.js', 'lib/index.js', 'lib/index.d.ts', 'lib/providers/genesys/platform-client.js'];

function* walk(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) yield* walk(join(path, name));
  else yield path;
}

export function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of walk(join(root, input))) hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function isFresh(hash = inputsHash()) {
  if (!OUTPUTS.every((file) => existsSync(join(root, file)))) return false;
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).inputs === hash;
  } catch {
    return false;
  }
}

/** Runs a Node script; its output is shown only if it says something or fails. */
function node(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (out.trim()) process.stderr.write(out);
      if (code === 0) resolve();
      else reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

async function rollupBuild() {
  const { rollup } = await import('rollup');
  const { default: config } = await import(join(root, 'rollup.config.mjs'));
  const bundle = await rollup(config);
  try {
    await bundle.write(config.output);
  } finally {
    await bundle.close();
  }
}

export async function build() {
  for (const dir of ['dist', 'lib']) rmSync(join(root, dir), { recursive: true, force: true });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  // Two independent halves, one per core: the rollup bundle, and tsc followed by the Genesys vendoring.
  await Promise.all([rollupBuild(), node([tsc, '-p', 'tsconfig.build.json']).then(() => node(['scripts/vendor-genesys.mjs']))]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const hash = inputsHash();
  if (process.argv.includes('--if-stale') && isFresh(hash)) {
    console.error('build: dist/ and lib/ are up to date');
  } else {
    try {
      await build();
    } catch (error) {
      console.error(`build failed: ${error instanceof Error ? error.message : String(error)}${error?.frame ? `\n${error.frame}` : ''}`);
      process.exit(1);
    }
    mkdirSync(dirname(stampFile), { recursive: true });
    writeFileSync(stampFile, JSON.stringify({ inputs: hash, builtAt: new Date().toISOString() }));
    console.error(`build: dist/ and lib/ built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
