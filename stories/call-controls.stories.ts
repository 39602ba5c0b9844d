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
    await expect(buttons(canvasElement)).toEqual(['Mute', 'Camera', 'Share screen', 'Hold', 'Transfer', 'Hang up']);
    await expect(pressed(canvasElement, 'camera')).toBe('true');
  },
};

/** The microphone is muted: "Mute" is pressed, drawn as a warning with a crossed-out microphone. */
export const Muted: Story = {
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.setMuted(true);
    await rendered(canvasElement);
    await expect(pressed(canvasElement, 'mute')).toBe('true');
    await expect(part(canvasElement, 'call-controls', '[part~="mute"]').part.contains('warning')).toBe(true);
    await expect(part(canvasElement, 'call-controls', '[part~="mute"] svg').getAttribute('data-icon')).toBe('mic-off');
  },
};

/** The camera is off (a warning, crossed-out camera) and the screen is shared (pressed, with a bar beneath). */
export const CameraOffSharingScreen: Story = {
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.setVideo(false);
    await controller.setScreenShare(true);
    await rendered(canvasElement);
    await expect(pressed(canvasElement, 'camera')).toBe('false');
    await expect(part(canvasElement, 'call-controls', '[part~="camera"]').part.contains('warning')).toBe(true);
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
    await expect(buttons(canvasElement)).toEqual(['Hold', 'Record', 'Transfer', 'Merge calls', 'Hang up']);
  },
};

/** "Mute" and "Hang up" were pressed and the platform has not answered: both are busy (`aria-disabled`, a turning icon). */
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
    await expect(part(canvasElement, 'call-controls', '[part~="mute"] svg').getAttribute('data-icon')).toBe('busy');
  },
};

/** In a narrow box (here 320 px) the buttons show icons only; the words stay as their names, visually hidden. */
export const Narrow: Story = {
  args: { scenario: 'group', participants: 4 },
  render: (args, { parameters }) =>
    inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<call-controls></call-controls>`),
  decorators: [(story) => html`<div style="max-width: 320px">${story()}</div>`],
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(buttons(canvasElement)).toEqual(['Mute', 'Camera', 'Share screen', 'Hang up', 'End for everyone']);
    await waitFor(() => expect(part(canvasElement, 'call-controls', '[part="label"]').getBoundingClientRect().width).toBeLessThanOrEqual(1));
  },
};

/** A page's own buttons before and after the built-in ones, through the `start` and `end` slots. */
export const ExtraButtons: Story = {
  render: (args, { parameters }) =>
    inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<call-controls><button slot="start" type="button">Raise hand</button><button slot="end" type="button">Chat</button></call-controls>`,
    ),
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    const slot = (name: string) => part<HTMLSlotElement>(canvasElement, 'call-controls', `slot[name="${name}"]`).assignedElements().map(textOf);
    await expect([slot('start'), slot('end')]).toEqual([['Raise hand'], ['Chat']]);
  },
};

/** In German (the table loads on demand). */
export const German: Story = {
  args: { lang: 'de' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await waitFor(() => expect(buttons(canvasElement)).toEqual(['Stumm', 'Kamera', 'Bildschirm teilen', 'Halten', 'Weiterleiten', 'Auflegen']));
  },
};

/** The Transfer panel open on a one-to-one call: a destination field checked like the dialer's, Transfer and Cancel. */
export const TransferPanel: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'call-controls', '[part~="transfer"]').click();
    await waitFor(() => expect(shadowOf(canvasElement, 'call-controls').querySelector('[part="transfer-panel"]')).not.toBeNull());
    await rendered(canvasElement);
    await expect(part(canvasElement, 'call-controls', '[part~="transfer"]').getAttribute('aria-expanded')).toBe('true');
  },
};

/** An invalid destination: the panel says why (and `call-error` fires with `invalid-argument`); nothing is transferred. */
export const TransferInvalidNumber: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'call-controls', '[part~="transfer"]').click();
    await waitFor(() => expect(shadowOf(canvasElement, 'call-controls').querySelector('[part="transfer-field"]')).not.toBeNull());
    const field = part<HTMLInputElement>(canvasElement, 'call-controls', '[part="transfer-field"]');
    field.value = '+1 555';
    field.dispatchEvent(new Event('input'));
    part(canvasElement, 'call-controls', '[part~="transfer-submit"]').click();
    await waitFor(() => expect(textOf(shadowOf(canvasElement, 'call-controls').querySelector('[part="transfer-error"]'))).toBe('That phone number is not valid.'));
  },
};

/**
 * Consultative transfer on an agent's console with a second call on hold: "Transfer to Jordan Lee" hands the
 * customer over to the held call; "Merge calls" would join both into one instead.
 */
export const ConsultTransfer: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'call-controls', '[part~="transfer"]').click();
    await waitFor(() => expect(textOf(shadowOf(canvasElement, 'call-controls').querySelector('[part~="transfer-to-call"]'))).toBe('Transfer to Jordan Lee'));
    await rendered(canvasElement);
  },
};

/**
 * Merge with a choice: three live calls on an agent's console. "Merge calls" opens a panel with "Merge with
 * {name}" for each other call (with one other call it merges at once).
 */
export const MergePicker: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.accept('conv-3');
    controller.setActiveCall('conv-3');
    await rendered(canvasElement);
    await waitFor(() => expect(part(canvasElement, 'call-controls', '[part~="merge"]').getAttribute('aria-expanded')).toBe('false'));
    part(canvasElement, 'call-controls', '[part~="merge"]').click();
    await waitFor(() => expect(shadowOf(canvasElement, 'call-controls').querySelector('[part="merge-panel"]')).not.toBeNull());
    await rendered(canvasElement);
    const names = [...shadowOf(canvasElement, 'call-controls').querySelectorAll('[part="merge-panel"] button')].map(textOf);
    await expect(names).toEqual(['Merge with Alex Morgan', 'Merge with Jordan Lee', 'Cancel']);
  },
};

/** A recording that is paused: "Pause recording" is pressed, and `<call-status>` reads "Recording paused" with its icon. */
export const RecordingPaused: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  render: (args, { parameters }) =>
    inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<call-status></call-status><call-controls></call-controls>`),
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.setRecording(true);
    await controller.setRecordingPaused(true);
    await rendered(canvasElement);
    await expect(pressed(canvasElement, 'pause-recording')).toBe('true');
    await expect(textOf(part(canvasElement, 'call-status', '[part="recording"]'))).toBe('Recording paused');
  },
};
