import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { transform } from 'esbuild';
import { minify } from 'terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';
import { axiosBrowser, nodeOnlyRequire } from './scripts/rollup-plugins.mjs';

/**
 * The vendor SDKs we may not redistribute (see README, "Platform SDKs"): their bare specifiers stay in the
 * output, for the page's import map or the app's bundler to resolve, so not one byte of them is in dist/.
 */
export const VENDOR_SDKS = ['@azure/communication-calling', '@azure/communication-common', '@kandy-io/cpaas-sdk'];

/** True for a chunk made only of third-party modules (the Genesys client, libphonenumber's data). */
const thirdPartyOnly = (chunk) => chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => id.includes('/node_modules/'));

/**
 * Source maps are for our own code: a chunk made only of third-party modules ships without one (its map
 * would only republish someone else's sources, and triple the package).
 */
function noThirdPartyMaps() {
  return {
    name: 'no-third-party-maps',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !thirdPartyOnly(chunk)) continue;
        delete bundle[`${chunk.fileName}.map`];
        chunk.map = null;
        chunk.sourcemapFileName = null;
        chunk.code = chunk.code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
      }
    },
  };
}

/**
 * Third-party notices (PURE annotations, `this` at module level, circular imports inside a dependency)
 * are not ours to fix and drown the build's output; warnings about our own modules still show.
 */
export function onwarn(warning, warn) {
  const ids = [warning.id, warning.exporter, ...(warning.ids ?? []), ...(warning.cycle ?? [])].filter(Boolean);
  if (ids.length > 0 && ids.every((id) => id.includes('/node_modules/'))) return;
  warn(warning);
}

/**
 * Minifies each output chunk: terser (smallest output) for our code, esbuild (ten times faster, a few
 * per cent larger) for chunks made only of third-party code, which a page loads only with its provider.
 * keep_fargs off: unused trailing parameters go; nothing here (nor Lit) reads a function's `length`.
 */
function minifyChunks() {
  return {
    name: 'minify-chunks',
    async renderChunk(code, chunk) {
      if (thirdPartyOnly(chunk)) {
        const out = await transform(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none', sourcefile: chunk.fileName });
        return { code: out.code, map: null };
      }
      const out = await minify(code, { ecma: 2022, module: true, compress: { passes: 2, keep_fargs: false }, format: { comments: false }, sourceMap: true });
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
  external: VENDOR_SDKS,
  onwarn,
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
    plugins: [minifyChunks(), noThirdPartyMaps()],
  },
  plugins: [
    axiosBrowser(),
    nodeResolve({ browser: true, preferBuiltins: false }),
    nodeOnlyRequire(),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
    minifyTemplates(),
  ],
};
