// Rollup plugins for the platform clients that need help to run in a page.
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';

/**
 * axios (inside the Genesys Platform API client) has both `exports` and `browser` fields; node-resolve
 * follows `exports` to its Node build. Its own ESM browser build is the right one for a page.
 */
export function axiosBrowser() {
  const path = fileURLToPath(new URL('../node_modules/axios/dist/esm/axios.js', import.meta.url));
  return { name: 'axios-browser', resolveId: (id) => (id === 'axios' ? path : null) };
}

/**
 * The Genesys Platform API client's sources call require('fs' | 'os' | 'path' | 'crypto' | 'https' |
 * 'configparser' | 'winston') only on paths guarded by `typeof window === 'undefined'`. Bundlers still try
 * to resolve those (esbuild and webpack fail on Node built-ins), so in those modules `require` becomes a
 * local function that throws if a Node-only path is ever reached in a page.
 */
export function nodeOnlyRequire({ include = /purecloud-platform-client-v2[\\/]src[\\/]/ } = {}) {
  return {
    name: 'node-only-require',
    transform(code, id) {
      if (!include.test(id) || !/\brequire\(/.test(code)) return null;
      const out = new MagicString(code);
      out.prepend("const require = (name) => { throw new Error(`${name} is only available in Node`); };\n");
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}
