import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { transform } from 'esbuild';
import { minify } from 'terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';
import { axiosBrowser, nodeOnlyRequire } from './scripts/rollup-plugins.mjs';

/**
 * Minifies each output chunk: terser (smallest output) for our code, esbuild for huge vendor SDK chunks
 * (already minified by their vendors; terser would spend ~35 s on the 7 MB ACS SDK for 5%).
 */
function minifyChunks() {
  return {
    name: 'minify-chunks',
    async renderChunk(code, chunk) {
      if (code.length > 400_000) {
        const out = await transform(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none', sourcemap: true, sourcefile: chunk.fileName });
        return { code: out.code, map: out.map };
      }
      const out = await minify(code, { ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false }, sourceMap: true });
      return { code: out.code, map: out.map };
    },
  };
}

/**
 * dist/call-elements.js: one self-contained, minified ES module (Lit bundled) that defines every element.
 * Providers and languages loaded with dynamic import() become their own chunks (dist/providers/,
 * dist/i18n/), fetched relative to the module's own URL only when chosen.
 */
export default {
  input: { 'call-elements': 'src/cdn.ts' },
  // Provider and language chunks import what they share from the main module itself (extra, minified
  // exports), so call-elements.js stays one self-contained file rather than a facade over a shared chunk.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    // Stable, readable names: dist/providers/<provider>.js (named after its folder, not its index file),
    // dist/i18n/<lang>.js; shared and vendor code in dist/chunks/ with content hashes.
    chunkFileNames: (chunk) => {
      const id = chunk.facadeModuleId ?? '';
      const provider = /\/src\/providers\/([^/]+)\/index\.ts$/.exec(id)?.[1];
      if (provider) return `providers/${provider}.js`;
      if (id.includes('/src/i18n/')) return 'i18n/[name].js';
      return 'chunks/[name]-[hash].js';
    },
    plugins: [minifyChunks()],
  },
  plugins: [
    axiosBrowser(),
    nodeResolve({ browser: true, preferBuiltins: false }),
    nodeOnlyRequire(),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
    minifyTemplates(),
  ],
};
