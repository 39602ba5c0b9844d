import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { inSession, part, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

/**
 * The active call's controls on the simulated platform. Each toggle is shown only where the call has the
 * capability, keeps its name and reports its state with `aria-pressed`.
 */
const meta: Meta<SessionArgs> = {
  title: 'Elements/call-controls',
  component: 'call-controls',
  args: { scenario: 'one-to-one' },
  argTypes: sessionArgTypes,
  render: (args, { parameters }) => inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<call-controls></call-controls>`),
};
export default meta;

type Story = StoryObj<SessionArgs>;

/** The names of the buttons shown, in order. */
const buttons = (canvas: HTMLElement) => [...shadowOf(canvas, 'call-controls').querySelectorAll('button')].map(textOf);
const pressed = (canvas: HTMLElement, name: string) => part(canvas, 'call-controls', `[part~="${name}"]`).getAttribute('aria-pressed');

/** A one-to-one video call: mute, camera, screen share, hold and hang up. */
export const OneToOne: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(buttons(canvasElement)).toEqual(['Mute', 'Camera', 'Share screen', 'Hold', 'Hang up']);
    await expect(pressed(canvasElement, 'camera')).toBe('true');
  },
};

/** The microphone is muted: "Mute" is pressed. */
export const Muted: Story = {
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.setMuted(true);
    await rendered(canvasElement);
    await expect(pressed(canvasElement, 'mute')).toBe('true');
  },
};

/** The camera is off and the screen is shared. */
export const CameraOffSharingScreen: Story = {
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.setVideo(false);
    await controller.setScreenShare(true);
    await rendered(canvasElement);
    await expect(pressed(canvasElement, 'camera')).toBe('false');
    await expect(pressed(canvasElement, 'screen-share')).toBe('true');
  },
};

/** The call is on hold: "Hold" is pressed (press it again to resume). */
export const OnHold: Story = {
  args: { scenario: 'on-hold' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(pressed(canvasElement, 'hold')).toBe('true');
  },
};

/** A group call: no hold, and "End for everyone" where the platform can end the meeting. */
export const GroupCall: Story = {
  args: { scenario: 'group', participants: 4 },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(buttons(canvasElement)).toEqual(['Mute', 'Camera', 'Share screen', 'Hang up', 'End for everyone']);
  },
};

/** Ringing out: hold and screen share wait (`aria-disabled`) until the call is answered. */
export const RingingOut: Story = {
  args: { scenario: 'idle' },
  parameters: { simulated: { frozen: true } },
  play: async ({ canvasElement }) => {
    const { controller, clock } = await simulated(canvasElement);
    await controller.startCall('+12025550142', { video: true });
    clock!.advance(0);
    await until(controller, (s) => s.calls[0]?.state === 'ringing', 'a ringing outgoing call');
    await rendered(canvasElement);
    await expect(part(canvasElement, 'call-controls', '[part~="hold"]').getAttribute('aria-disabled')).toBe('true');
    await expect(part(canvasElement, 'call-controls', '[part~="mute"]').getAttribute('aria-disabled')).toBe('false');
  },
};

/** An agent console's call (call control, no local media): hold, record and hang up; no mute or camera. */
export const CallControl: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(buttons(canvasElement)).toEqual(['Hold', 'Record', 'Hang up']);
  },
};

/** "Mute" and "Hang up" were pressed and the platform has not answered: both are busy (`aria-disabled`). */
export const Pending: Story = {
  parameters: { simulated: { frozen: true, latencyMs: 1000 } },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'call-controls', '[part~="mute"]').click();
    part(canvasElement, 'call-controls', '[part~="hang-up"]').click();
    await until(controller, (s) => s.pending.length === 2, 'two pending actions');
    await rendered(canvasElement);
    await expect(part(canvasElement, 'call-controls', '[part~="mute"]').getAttribute('aria-disabled')).toBe('true');
    await expect(part(canvasElement, 'call-controls', '[part~="hang-up"]').getAttribute('aria-disabled')).toBe('true');
  },
};

/** In German (the table loads on demand). */
export const German: Story = {
  args: { lang: 'de' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await waitFor(() => expect(buttons(canvasElement)).toEqual(['Stumm', 'Kamera', 'Bildschirm teilen', 'Halten', 'Auflegen']));
  },
};
