import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
const dir = process.argv[2];
const { minifyTemplates } = await import(dir + '/scripts/minify-templates.mjs');
const plugin = minifyTemplates();
const strip = {
  name: 'strip', setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const ts = await esbuild.transform(readFileSync(args.path, 'utf8'), { loader: 'ts', tsconfigRaw: readFileSync(dir + '/tsconfig.json', 'utf8'), format: 'esm', target: 'es2022' });
      const out = plugin.transform.call({ parse: (c) => parse(c, { ecmaVersion: 'latest', sourceType: 'module' }) }, ts.code, args.path);
      return { contents: out ? (out.code ?? out) : ts.code, loader: 'js' };
    });
  },
};
const r = await esbuild.build({ entryPoints: [dir + '/src/cdn.ts'], bundle: true, write: false, format: 'esm', minify: true, target: 'es2022', splitting: true, outdir: '/tmp/x', logLevel: 'silent', platform: 'browser', metafile: true, plugins: [strip], external: ['purecloud-platform-client-v2', 'purecloud-platform-client-v2/*', '@azure/*', '@kandy-io/*', 'path', 'fs', 'util', 'os'], define: { 'process.env.NODE_ENV': '"production"' } });
const main = r.outputFiles.find((f) => f.path.endsWith('cdn.js'));
console.log(dir, main.contents.length, gzipSync(main.contents, { level: 9 }).length);
const out = Object.entries(r.metafile.outputs).find(([k]) => k.endsWith('cdn.js'))[1];
if (process.argv[3]) for (const [k, v] of Object.entries(out.inputs)) if (k.includes('src/')) console.log(k.replace(/.*src\//, ''), v.bytesInOutput);
