// Honest engines: `npm ci` on the Node this machine runs (20.19+, our `engines` floor) must not warn that a
// dependency wants a newer Node. A dry run resolves the same locked tree and runs the same engine check as
// the real install, in seconds and without touching node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

test('npm ci on this Node prints no EBADENGINE', { timeout: 120_000 }, () => {
  const floor = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
  assert.equal(floor, '>=20.19', 'the engines floor the README states');
  const dir = mkdtempSync(join(tmpdir(), 'call-elements-engines-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(dir, file));
    const npm = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'warn' },
    });
    assert.equal(npm.status, 0, `npm ci --dry-run failed:\n${npm.stderr}`);
    const warnings = `${npm.stdout}\n${npm.stderr}`.split('\n').filter((line) => line.includes('EBADENGINE'));
    console.log(`node ${process.version}: ${warnings.length} EBADENGINE lines`);
    assert.deepEqual(warnings, [], 'no dependency declares a Node newer than this one');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
