import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect } from 'storybook/test';
import type { VideoGrid } from '../src/elements/video-grid/video-grid.js';
import { inSession, part, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

type GridArgs = SessionArgs & {
  layout?: 'grid' | 'speaker';
  scaling?: 'crop' | 'fit';
  'max-tiles'?: number;
  'no-mirror'?: boolean;
  pinned?: string;
};

/**
 * A tile per video stream of the active call, on the simulated platform's synthetic video (each tile shows
 * its person's name): grid and speaker layouts, screen shares on the stage, paging with `max-tiles`.
 */
const meta: Meta<GridArgs> = {
  title: 'Elements/video-grid',
  component: 'video-grid',
  args: { scenario: 'group', participants: 4, layout: 'grid', scaling: 'crop', 'max-tiles': 0, 'no-mirror': false },
  argTypes: {
    ...sessionArgTypes,
    layout: { control: 'inline-radio', options: ['grid', 'speaker'] },
    scaling: { control: 'inline-radio', options: ['crop', 'fit'] },
    'max-tiles': { control: { type: 'number', min: 0, max: 49 } },
  },
  render: (args, { parameters }) =>
    inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<video-grid
        style="max-width:960px"
        layout=${ifDefined(args.layout)}
        scaling=${ifDefined(args.scaling)}
        max-tiles=${ifDefined(args['max-tiles'])}
        ?no-mirror=${!!args['no-mirror']}
        pinned=${ifDefined(args.pinned || undefined)}
      ></video-grid>`,
    ),
};
export default meta;

type Story = StoryObj<GridArgs>;

const tiles = (canvas: HTMLElement) => [...shadowOf(canvas, 'video-grid').querySelectorAll<HTMLElement>('[part~="tile"]')];
const names = (canvas: HTMLElement) => tiles(canvas).map((t) => textOf(t.querySelector('[part="name"] .label')));
const tile = (canvas: HTMLElement, id: string) => part(canvas, 'video-grid', `[data-tile="${id}"]`);

/** The grid has taken its final size: a resize reaches it a frame later (ResizeObserver), its re-render after that. */
async function gridSettled(canvas: HTMLElement): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    await rendered(canvas);
  }
}

/**
 * Renders, and checks the grid shows `count` tiles (or, where it is too small for them all, pages of them)
 * with a live <video> in each tile shown.
 */
const showsTiles = (count: number) => async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  await simulated(canvasElement);
  await gridSettled(canvasElement);
  const shown = tiles(canvasElement).length;
  if (shown < count) await expect(textOf(part(canvasElement, 'video-grid', '[part="page"]'))).toBe(`Page 1 of ${Math.ceil(count / shown)}`);
  else await expect(shown).toBe(count);
  await expect(shadowOf(canvasElement, 'video-grid').querySelectorAll('video')).toHaveLength(shown);
};

/** A one-to-one call: the other person and you (mirrored, as in a mirror). */
export const OneToOne: Story = {
  args: { scenario: 'one-to-one' },
  play: async (context) => {
    await showsTiles(2)(context);
    await expect(names(context.canvasElement)).toEqual(['Alex Morgan', 'You']);
    await expect(tile(context.canvasElement, 'self-camera').getAttribute('part')).toContain('local');
  },
};

/** Four people and you. */
export const FourPeople: Story = { play: showsTiles(5) };

/** Nine people and you. */
export const NinePeople: Story = { args: { participants: 9 }, play: showsTiles(10) };

/** Twenty-five people and you. */
export const TwentyFivePeople: Story = { args: { participants: 25 }, play: showsTiles(26) };

/** Someone is speaking: their tile is outlined. */
export const Speaking: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.setSpeaking('call-1', 'p2', true);
    await until(controller, (s) => !!s.calls[0]?.participants.find((p) => p.id === 'p2')?.speaking, 'Jordan speaking');
    await rendered(canvasElement);
    await expect(tile(canvasElement, 'p2-camera').getAttribute('part')).toContain('speaking');
  },
};

/** The speaker layout: one person large, everyone else in a strip. */
export const SpeakerLayout: Story = {
  args: { layout: 'speaker', participants: 6 },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(shadowOf(canvasElement, 'video-grid').querySelectorAll('[part~="stage"]')).toHaveLength(1);
  },
};

/** A shared screen takes the stage, fitted whole, in any layout. */
export const ScreenShare: Story = {
  args: { scenario: 'screen-share', participants: 3 },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    const stage = part(canvasElement, 'video-grid', '[part~="stage"]');
    await expect(stage.getAttribute('part')).toContain('screen');
    await expect(textOf(stage.querySelector('[part="name"]'))).toBe('Alex Morgan’s screen');
  },
};

/** A pinned tile takes the stage; its pin button is pressed. */
export const Pinned: Story = {
  args: { pinned: 'p3-camera' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    const stage = part(canvasElement, 'video-grid', '[part~="stage"]');
    await expect(stage.dataset.tile).toBe('p3-camera');
    await expect(stage.querySelector('[part="pin"]')!.getAttribute('aria-pressed')).toBe('true');
  },
};

/** Twelve people, at most four tiles a page (fewer where the grid is too small for four): a pager. */
export const Paged: Story = {
  args: { participants: 12, 'max-tiles': 4 },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await gridSettled(canvasElement);
    const shown = tiles(canvasElement).length;
    await expect(shown).toBeGreaterThan(0);
    await expect(shown).toBeLessThanOrEqual(4);
    await expect(textOf(part(canvasElement, 'video-grid', '[part="page"]'))).toBe(`Page 1 of ${Math.ceil(13 / shown)}`);
  },
};

/** The second page of the same call: the next people, none from the first page. */
export const PagedSecondPage: Story = {
  args: { participants: 12, 'max-tiles': 4 },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await gridSettled(canvasElement);
    const first = names(canvasElement);
    part(canvasElement, 'video-grid', '[part="next"]').click();
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'video-grid', '[part="page"]'))).toBe(`Page 2 of ${Math.ceil(13 / first.length)}`);
    const second = names(canvasElement);
    await expect(second.length).toBeGreaterThan(0);
    await expect(second.filter((n) => first.includes(n))).toEqual([]);
  },
};

/** `scaling="fit"`: whole pictures, letterboxed. */
export const Fit: Story = {
  args: { scenario: 'one-to-one', scaling: 'fit' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(canvasElement.querySelector<VideoGrid>('video-grid')!.scaling).toBe('fit');
    await expect(tiles(canvasElement)).toHaveLength(2);
  },
};

/** A camera is off: that person's initials instead of video. */
export const CameraOff: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.setParticipantVideo('call-1', 'p2', false);
    await until(controller, (s) => s.calls[0]?.participants.find((p) => p.id === 'p2')?.video[0]?.available === false, 'Jordan’s camera off');
    await rendered(canvasElement);
    const off = tile(canvasElement, 'p2-camera');
    await expect(off.getAttribute('part')).toContain('no-video');
    await expect(off.querySelector('video')).toBeNull();
    await expect(textOf(off.querySelector('[part="placeholder"]'))).toBe('JL');
  },
};
