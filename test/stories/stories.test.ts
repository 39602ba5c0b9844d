/**
 * Every story of the catalogue, rendered in real Chromium through Storybook's portable stories, with an
 * accessibility check once its elements have settled.
 */
import { expect } from '@open-wc/testing';
import { setProjectAnnotations } from '@storybook/web-components-vite';
import { composeStories } from 'storybook/preview-api';
import * as preview from '../../.storybook/preview.js';
import * as callControls from '../../stories/call-controls.stories.js';
import * as callDialer from '../../stories/call-dialer.stories.js';
import * as callList from '../../stories/call-list.stories.js';
import * as callSession from '../../stories/call-session.stories.js';
import * as callStatus from '../../stories/call-status.stories.js';
import * as devicePicker from '../../stories/device-picker.stories.js';
import * as fullCall from '../../stories/full-call.stories.js';
import * as incomingCall from '../../stories/incoming-call.stories.js';
import * as participantList from '../../stories/participant-list.stories.js';
import * as videoGrid from '../../stories/video-grid.stories.js';
import { rendered, until } from '../../stories/simulated-session.js';

const annotations = setProjectAnnotations([preview]);

type CsfModule = Parameters<typeof composeStories>[0];
interface RunnableStory {
  run(context: { canvasElement: HTMLElement }): Promise<void>;
}

const modules: Record<string, CsfModule> = {
  fullCall: fullCall as unknown as CsfModule,
  callDialer: callDialer as unknown as CsfModule,
  callControls: callControls as unknown as CsfModule,
  callStatus: callStatus as unknown as CsfModule,
  incomingCall: incomingCall as unknown as CsfModule,
  videoGrid: videoGrid as unknown as CsfModule,
  participantList: participantList as unknown as CsfModule,
  callList: callList as unknown as CsfModule,
  devicePicker: devicePicker as unknown as CsfModule,
  callSession: callSession as unknown as CsfModule,
};

describe('stories', () => {
  for (const [file, mod] of Object.entries(modules)) {
    const composed = composeStories(mod, annotations) as unknown as Record<string, RunnableStory>;
    for (const [name, story] of Object.entries(composed)) {
      it(`${file} / ${name} renders and is accessible`, async () => {
        const canvas = document.createElement('div');
        document.body.append(canvas);
        try {
          await story.run({ canvasElement: canvas });
          // Stories without a play function are checked once their sessions are up and every element rendered.
          const sessions = [...canvas.querySelectorAll('call-session')];
          expect(sessions).to.not.be.empty;
          for (const session of sessions) {
            const controller = await session.whenReady();
            if (controller.snapshot.connection === 'connecting') await until(controller, (s) => s.connection !== 'connecting', 'a settled connection');
          }
          await rendered(canvas);
          await expect(canvas).to.be.accessible();
        } finally {
          canvas.remove();
        }
      });
    }
  }
});
