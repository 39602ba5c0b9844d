import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';

/**
 * dist/call-elements.js: one self-contained, minified ES module (Lit bundled) that defines every element.
 * Providers loaded with dynamic import() become their own chunks under dist/providers/, fetched relative
 * to the module's URL only when chosen.
 */
export default {
  input: { 'call-elements': 'src/define.ts' },
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: (chunk) =>
      chunk.facadeModuleId?.includes('/providers/') ? 'providers/[name].js'
      : chunk.facadeModuleId?.includes('/i18n/') ? 'i18n/[name].js'
      : 'chunks/[name]-[hash].js',
    plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
  },
  plugins: [
    nodeResolve({ browser: true }),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
};
