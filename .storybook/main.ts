import type { StorybookConfig } from '@storybook/web-components-vite';

// Legacy decorators (tsconfig) are lowered by Vite 8's transformer as they are; no viteFinal needed.
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'Docs' },
};
export default config;
