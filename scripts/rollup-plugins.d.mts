// Types for rollup-plugins.mjs, which .storybook/main.ts (TypeScript) imports too.
import type { Plugin } from 'rollup';
export function axiosBrowser(): Plugin;
export function nodeOnlyRequire(options?: { include?: RegExp }): Plugin;
