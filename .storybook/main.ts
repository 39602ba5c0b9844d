import type { StorybookConfig } from '@storybook/web-components-vite';
import { createLogger, type Logger } from 'vite';
import { axiosBrowser, nodeOnlyRequire } from '../scripts/rollup-plugins.mjs';

/**
 * The build prints what needs attention: warnings and errors, not the chunk list, and not notices about
 * dependencies' own code (which are not ours to fix).
 */
function quietLogger(): Logger {
  const logger = createLogger('warn');
  const ours = (msg: string) => !msg.includes('/node_modules/');
  const warn = logger.warn.bind(logger);
  const warnOnce = logger.warnOnce.bind(logger);
  logger.warn = (msg, options) => (ours(msg) ? warn(msg, options) : undefined);
  logger.warnOnce = (msg, options) => (ours(msg) ? warnOnce(msg, options) : undefined);
  return logger;
}

// Legacy decorators (tsconfig) are lowered by Vite 8's transformer as they are.
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  // Autodocs pages (description, attributes, events, parts, CSS properties from custom-elements.json).
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'Docs' },
  // package.json's `sideEffects` names only the shipped lib/ define modules, so the production build would
  // drop src/define.ts and every src/elements/*/define.ts that the preview imports for their side effect:
  // the static catalogue rendered undefined tags. Mark them as having side effects (a transform hook's
  // `moduleSideEffects` wins over package.json).
  viteFinal: (vite) => ({
    ...vite,
    customLogger: quietLogger(),
    // Storybook's own preview runtime (~1.1 MB) and docs renderer (~1.0 MB) are over Vite's 500 kB
    // default, and not ours to split; a chunk of ours past this limit still warns.
    // Rolldown's "plugins took N s" notice depends on the machine's load, and needs no action.
    build: {
      ...vite.build,
      chunkSizeWarningLimit: 1200,
      rolldownOptions: { ...vite.build?.rolldownOptions, checks: { ...vite.build?.rolldownOptions?.checks, bundlerTimings: false } },
    },
    plugins: [
      ...(vite.plugins ?? []),
      // As in our rollup build: the Genesys client's axios in its browser build, its Node-only requires
      // never resolved (Vite would externalize fs, os, path… with a warning each).
      axiosBrowser(),
      nodeOnlyRequire(),
      {
        name: 'define-modules-have-side-effects',
        transform: (code: string, id: string) => (/\/src\/(elements\/[^/]+\/)?define\.ts$/.test(id) ? { code, moduleSideEffects: true } : null),
      },
    ],
  }),
};
export default config;
