import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/define.js';

interface Member {
  readonly privacy?: string;
}
interface Declaration {
  readonly members?: readonly Member[];
}

// Docs and controls come from the manifest the analyzer generates from the elements' JSDoc; its private
// and protected members (recorded with their `privacy`) are implementation, not API, so they stay out.
setCustomElementsManifest({
  ...manifest,
  modules: manifest.modules.map((mod) => ({
    ...mod,
    declarations: (mod.declarations as readonly Declaration[]).map((d) =>
      d.members ? { ...d, members: d.members.filter((m) => m.privacy !== 'private' && m.privacy !== 'protected') } : d,
    ),
  })),
});

/** The toolbar's colour schemes, as the `color-scheme` the canvas's root gets. */
const SCHEMES: Record<string, string> = { system: 'light dark', light: 'light', dark: 'dark' };

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true },
    layout: 'padded',
  },
  globalTypes: {
    scheme: {
      description: 'Colour scheme of the canvas and the elements (color-scheme on the page root)',
      toolbar: {
        title: 'Scheme',
        icon: 'contrast',
        dynamicTitle: true,
        items: [
          { value: 'system', title: 'System', icon: 'browser' },
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
      },
    },
  },
  initialGlobals: { scheme: 'system' },
  decorators: [
    (story, { globals }) => {
      // On the root, as a page would set it: the canvas (preview-head.html paints it in Canvas colours)
      // and every element inherit it.
      document.documentElement.style.colorScheme = SCHEMES[String(globals.scheme)] ?? 'light dark';
      return story();
    },
  ],
};
export default preview;
