import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { inSession, part, quietly, rendered, sessionArgTypes, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

/**
 * What is going on, in a polite live region: the connection while not connected, the active call's party,
 * state and timer, why the last call ended, and the latest error with "Dismiss".
 */
const meta: Meta<SessionArgs> = {
  title: 'Elements/call-status',
  component: 'call-status',
  args: { scenario: 'one-to-one' },
  argTypes: sessionArgTypes,
  render: (args, { parameters }) => inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<call-status></call-status>`),
};
export default meta;

type Story = StoryObj<SessionArgs>;

const status = (canvas: HTMLElement) => textOf(part(canvas, 'call-status', '[part="status"]'));

/** A group call is titled by the call: its room name and how many people are in it, you included. */
export const GroupCall: Story = {
  args: { scenario: 'group', participants: 5 },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(status(canvasElement)).toMatch(/^Design review · 6 people Connected/);
  },
};

/** The same group call in German: the count pluralized by German's rules. */
export const GroupCallGerman: Story = {
  args: { scenario: 'group', participants: 2, lang: 'de' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await waitFor(() => expect(status(canvasElement)).toMatch(/^Design review · 3 Personen Verbunden/));
  },
};

/** Online, no call. */
export const NoCall: Story = {
  args: { scenario: 'idle' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(status(canvasElement)).toBe('No call');
  },
};

/** An outgoing call still ringing at the far end (the clock is frozen, so it keeps ringing). */
export const Ringing: Story = {
  args: { scenario: 'idle' },
  parameters: { simulated: { frozen: true } },
  play: async ({ canvasElement }) => {
    const { controller, clock } = await simulated(canvasElement);
    await controller.startCall('+12025550142');
    clock!.advance(0);
    await until(controller, (s) => s.calls[0]?.state === 'ringing', 'a ringing outgoing call');
    await rendered(canvasElement);
    await expect(status(canvasElement)).toBe('Call with +12025550142 Ringing…');
  },
};

/** A connected call with its running timer. */
export const ConnectedWithTimer: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(status(canvasElement)).toMatch(/^Call with Alex Morgan Connected \d+:\d\d$/);
  },
};

/** A call being recorded: "Recording" with its icon. */
export const Recording: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.setRecording(true);
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-status', '[part="recording"]'))).toBe('Recording');
    await expect(part(canvasElement, 'call-status', '[part="recording"]').dataset.state).toBe('on');
  },
};

/** A recording that is paused: "Recording paused" with the pause icon. */
export const RecordingPaused: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.setRecording(true);
    await controller.setRecordingPaused(true);
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-status', '[part="recording"]'))).toBe('Recording paused');
    await expect(part(canvasElement, 'call-status', '[part="recording"]').dataset.state).toBe('paused');
  },
};

/** A call ringing in. */
export const Incoming: Story = {
  args: { scenario: 'incoming' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(status(canvasElement)).toBe('Call with Jordan Lee Incoming call');
  },
};

/** On hold. */
export const OnHold: Story = {
  args: { scenario: 'on-hold' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(status(canvasElement)).toMatch(/^Call with Alex Morgan On hold/);
  },
};

/** Held by the other party. */
export const HeldByOtherParty: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulateRemoteHold(controller.snapshot.calls[0]!.id, true);
    await until(controller, (s) => s.calls[0]?.state === 'remote-hold', 'a remote hold');
    await rendered(canvasElement);
    await expect(status(canvasElement)).toMatch(/^Call with Alex Morgan Held by the other party/);
  },
};

/** The number called was busy: the call ended, and the status says why. */
export const EndedBusy: Story = {
  args: { scenario: 'idle' },
  parameters: { simulated: { frozen: true, busy: ['+12025550188'] } },
  play: async ({ canvasElement }) => {
    const { controller, clock } = await simulated(canvasElement);
    await controller.startCall('+12025550188');
    clock!.advance(2000);
    await until(controller, (s) => s.lastEndedCall?.endReason?.code === 'busy', 'a busy call');
    await rendered(canvasElement);
    await expect(status(canvasElement)).toBe('Call with +12025550188 Busy');
  },
};

/** Nobody answered. */
export const EndedNoAnswer: Story = {
  args: { scenario: 'idle' },
  parameters: { simulated: { frozen: true, noAnswer: ['+12025550177'] } },
  play: async ({ canvasElement }) => {
    const { controller, clock } = await simulated(canvasElement);
    await controller.startCall('+12025550177');
    clock!.advance(10_000);
    await until(controller, (s) => s.lastEndedCall?.endReason?.code === 'no-answer', 'an unanswered call');
    await rendered(canvasElement);
    await expect(status(canvasElement)).toBe('Call with +12025550177 No answer');
  },
};

/** The other party hung up. */
export const EndedByOtherParty: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulateRemoteHangUp(controller.snapshot.calls[0]!.id);
    await until(controller, (s) => s.calls.length === 0, 'the call to end');
    await rendered(canvasElement);
    await expect(status(canvasElement)).toBe('Call with Alex Morgan Call ended');
  },
};

/** An action failed: the alert explains the code, shows the error's own message, and can be dismissed. */
export const ErrorShown: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.failNext('hold', 'network');
    quietly(controller.hold());
    await until(controller, (s) => s.error?.code === 'network', 'the error');
    await rendered(canvasElement);
    const alert = part(canvasElement, 'call-status', '[part="error"]');
    await expect(alert.getAttribute('role')).toBe('alert');
    await expect(textOf(part(canvasElement, 'call-status', '[part="error-message"]'))).toBe('Network problem. Check your connection.');
  },
};

/** The platform reported an error no action was waiting for. */
export const PlatformError: Story = {
  args: { scenario: 'idle' },
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulatePlatformError('token-expired', 'The access token expired at 10:42');
    await until(controller, (s) => s.error !== null, 'the error');
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-status', '[part="error-detail"]'))).toBe('The access token expired at 10:42');
  },
};

/** In Spanish. */
export const Spanish: Story = {
  args: { lang: 'es' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await waitFor(() => expect(status(canvasElement)).toMatch(/^Llamada con Alex Morgan Conectada/));
  },
};
