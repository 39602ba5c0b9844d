import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { inSession, part, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

/**
 * One non-modal alert dialog per call ringing in, with "Accept", "Accept with video" (for a video call) and
 * "Decline". A new call takes focus so it is announced.
 */
const meta: Meta<SessionArgs> = {
  title: 'Elements/incoming-call',
  component: 'incoming-call',
  args: { scenario: 'idle' },
  argTypes: sessionArgTypes,
  render: (args, { parameters }) => inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<incoming-call></incoming-call>`),
};
export default meta;

type Story = StoryObj<SessionArgs>;

/** The dialogs' names, in order. */
const cards = (canvas: HTMLElement) => [...shadowOf(canvas, 'incoming-call').querySelectorAll('[part="call"]')].map((c) => c.getAttribute('aria-label'));
const buttonsOf = (canvas: HTMLElement) => [...shadowOf(canvas, 'incoming-call').querySelectorAll('[part="call"]:last-child button')].map(textOf);

/** A voice call ringing in: "Accept" and "Decline". */
export const VoiceCall: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulateIncomingCall({ name: 'Jordan Lee', address: '+12025550101', video: false });
    await until(controller, (s) => s.calls.length === 1, 'a ringing call');
    await rendered(canvasElement);
    await expect(cards(canvasElement)).toEqual(['Incoming call from Jordan Lee']);
    await expect(buttonsOf(canvasElement)).toEqual(['Accept', 'Decline']);
  },
};

/** A video call ringing in: "Accept with video" too. */
export const VideoCall: Story = {
  args: { scenario: 'incoming' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(cards(canvasElement)).toEqual(['Incoming video call from Jordan Lee']);
    await expect(buttonsOf(canvasElement)).toEqual(['Accept', 'Accept with video', 'Decline']);
  },
};

/** Several calls at once: one card each, the newest focused. */
export const SeveralCalls: Story = {
  args: { scenario: 'incoming' },
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulateIncomingCall({ name: 'Priya Patel', address: '+12025550103', video: false });
    await until(controller, (s) => s.calls.length === 2, 'two ringing calls');
    await rendered(canvasElement);
    await expect(cards(canvasElement)).toEqual(['Incoming video call from Jordan Lee', 'Incoming call from Priya Patel']);
  },
};

/** Call waiting: a second call rings in during a connected one (accepting it holds the first). */
export const CallWaiting: Story = {
  args: { scenario: 'one-to-one' },
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulateIncomingCall({ name: 'Sam Rivera', address: '+12025550102', video: false });
    await until(controller, (s) => s.calls.length === 2, 'a waiting call');
    await rendered(canvasElement);
    await expect(cards(canvasElement)).toEqual(['Incoming call from Sam Rivera']);
  },
};

/** "Accept" was pressed and the platform has not answered: every button of the card is busy, and the accept buttons show a turning icon. */
export const Accepting: Story = {
  args: { scenario: 'incoming' },
  parameters: { simulated: { frozen: true, latencyMs: 1000 } },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'incoming-call', '[part~="accept"]').click();
    await until(controller, (s) => s.pending.some((p) => p.action === 'accept'), 'a pending accept');
    await rendered(canvasElement);
    const states = [...shadowOf(canvasElement, 'incoming-call').querySelectorAll('button')].map((b) => b.getAttribute('aria-disabled'));
    await expect(states).toEqual(['true', 'true', 'true']);
    await expect(part(canvasElement, 'incoming-call', '[part~="accept"] svg').getAttribute('data-icon')).toBe('busy');
  },
};

/** A caller whose name is markup: shown as text, never as HTML. */
export const UntrustedCallerName: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulateIncomingCall({ name: '<img src=x onerror=alert(1)> Mallory', address: 'sip:mallory@example.com' });
    await until(controller, (s) => s.calls.length === 1, 'a ringing call');
    await rendered(canvasElement);
    await expect(shadowOf(canvasElement, 'incoming-call').querySelector('img')).toBeNull();
    await expect(textOf(part(canvasElement, 'incoming-call', '[part="caller"]'))).toBe('Incoming call from <img src=x onerror=alert(1)> Mallory');
  },
};

/** In German. */
export const German: Story = {
  args: { scenario: 'incoming', lang: 'de' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await waitFor(() => expect(buttonsOf(canvasElement)).toEqual(['Annehmen', 'Mit Video annehmen', 'Ablehnen']));
  },
};
