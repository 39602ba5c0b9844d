import type { StorybookConfig } from '@storybook/web-components-vite';

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
    plugins: [
      ...(vite.plugins ?? []),
      {
        name: 'define-modules-have-side-effects',
        transform: (code: string, id: string) => (/\/src\/(elements\/[^/]+\/)?define\.ts$/.test(id) ? { code, moduleSideEffects: true } : null),
      },
    ],
  }),
};
export default config;
