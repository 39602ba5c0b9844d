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

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true },
    layout: 'padded',
  },
};
export default preview;
