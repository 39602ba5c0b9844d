// lib/ (the npm package) gets the Genesys Platform API client pre-bundled next to the provider, as lazy
// chunks with axios's browser build and no Node-only requires, so any bundler (esbuild, webpack, Vite)
// can build an app that imports call-elements without tripping over the client's Node code paths.
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { axiosBrowser, nodeOnlyRequire } from './rollup-plugins.mjs';

const dir = fileURLToPath(new URL('../lib/providers/genesys/', import.meta.url));
const bundle = await rollup({
  input: `${dir}platform-client.js`,
  // Our own modules stay imports of lib/; only the client and its dependencies are bundled.
  external: (id, importer) => !!importer && /\/lib\//.test(importer) && id.startsWith('.'),
  plugins: [axiosBrowser(), nodeResolve({ browser: true, preferBuiltins: false }), nodeOnlyRequire()],
  onwarn: (warning, warn) => (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(warning)),
});
await bundle.write({ dir, format: 'es', entryFileNames: 'platform-client.js', chunkFileNames: 'vendor/[name]-[hash].js' });
await bundle.close();
// tsc's map described the file rollup has just replaced.
rmSync(`${dir}platform-client.js.map`, { force: true });
