import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect } from 'storybook/test';
import { inSession, part, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

type ListArgs = SessionArgs & { 'call-id'?: string };

/**
 * The people in a call with their state and indicators, and the actions the call supports on each of them:
 * a media call's list, and an agent console's (call control: mute, hold, record, listen pause, whisper).
 */
const meta: Meta<ListArgs> = {
  title: 'Elements/participant-list',
  component: 'participant-list',
  args: { scenario: 'one-to-one' },
  argTypes: sessionArgTypes,
  render: (args, { parameters }) =>
    inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<participant-list style="max-width:640px" call-id=${ifDefined(args['call-id'] || undefined)}></participant-list>`,
    ),
};
export default meta;

type Story = StoryObj<ListArgs>;

const names = (canvas: HTMLElement) => [...shadowOf(canvas, 'participant-list').querySelectorAll('[part~="participant"] [part="name"]')].map(textOf);
const item = (canvas: HTMLElement, name: string) => {
  const found = [...shadowOf(canvas, 'participant-list').querySelectorAll<HTMLElement>('[part~="participant"]')].find(
    (li) => textOf(li.querySelector('[part="name"]')) === name,
  );
  if (!found) throw new Error(`No participant named ${name}`);
  return found;
};
const actionsOf = (canvas: HTMLElement, name: string) => [...item(canvas, name).querySelectorAll('[part~="action"]')].map((b) => b.getAttribute('aria-label') ?? textOf(b));

/** A one-to-one media call: you and the other person, who can be removed; an "Add participant" field. */
export const MediaCall: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(names(canvasElement)).toEqual(['You', 'Alex Morgan']);
    await expect(actionsOf(canvasElement, 'Alex Morgan')).toEqual(['Remove Alex Morgan']);
    await expect(part(canvasElement, 'participant-list', '[part="add"]')).toBeTruthy();
  },
};

/** A group call: someone muted, someone speaking; the host can mute others. */
export const GroupWithBadges: Story = {
  args: { scenario: 'group', participants: 4 },
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.setParticipantMuted('call-1', 'p1', true);
    provider.setSpeaking('call-1', 'p2', true);
    await until(controller, (s) => !!s.calls[0]?.participants[1]?.speaking, 'the badges');
    await rendered(canvasElement);
    await expect(textOf(item(canvasElement, 'Alex Morgan').querySelector('[part~="muted"]'))).toBe('Muted');
    await expect(textOf(item(canvasElement, 'Jordan Lee').querySelector('[part~="speaking"]'))).toBe('Speaking');
    await expect(actionsOf(canvasElement, 'Sam Rivera')).toEqual(['Mute Sam Rivera', 'Remove Sam Rivera']);
  },
};

/**
 * An agent console (call control): the agent and the customer with their roles; mute, hold, record, listen
 * pause, whisper and remove on each.
 */
export const AgentConsole: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(names(canvasElement)).toEqual(['Agent', 'Alex Morgan']);
    await expect(textOf(item(canvasElement, 'Alex Morgan').querySelector('[part="role"]'))).toBe('Customer');
    await expect(actionsOf(canvasElement, 'Alex Morgan')).toEqual([
      'Mute Alex Morgan',
      'Hold Alex Morgan',
      'Record Alex Morgan',
      'Pause listen stream of Alex Morgan',
      'Whisper to Alex Morgan',
      'Remove Alex Morgan',
    ]);
  },
};

/** The agent opened the whisper form for the customer. */
export const WhisperOpen: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    item(canvasElement, 'Alex Morgan').querySelector<HTMLElement>('[part~="whisper"]')!.click();
    await rendered(canvasElement);
    await expect(item(canvasElement, 'Alex Morgan').querySelector('[part~="whisper"]')!.getAttribute('aria-expanded')).toBe('true');
    await expect(part(canvasElement, 'participant-list', 'form[part="whisper"] input')).toBeTruthy();
  },
};

/** The customer is held and recorded; their listen stream is paused. */
export const HeldAndRecorded: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await controller.participantAction('customer-0', { type: 'hold', held: true });
    await controller.participantAction('customer-0', { type: 'record', recording: true });
    await controller.participantAction('customer-0', { type: 'listen', status: 'paused' });
    await rendered(canvasElement);
    const customer = item(canvasElement, 'Alex Morgan');
    await expect(customer.dataset.state).toBe('on-hold');
    await expect(textOf(customer.querySelector('[part~="recording"]'))).toBe('Recording');
    await expect(customer.querySelector('[part~="listen"]')!.getAttribute('aria-pressed')).toBe('true');
  },
};

/** "Mute" on a participant was pressed and the platform has not answered: that button is busy (`aria-disabled`, a turning icon). */
export const ActionPending: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  parameters: { simulated: { frozen: true, latencyMs: 1000 } },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    item(canvasElement, 'Alex Morgan').querySelector<HTMLButtonElement>('[part~="mute"]')!.click();
    await until(controller, (s) => s.pending.length === 1, 'a pending mute');
    await rendered(canvasElement);
    const mute = item(canvasElement, 'Alex Morgan').querySelector<HTMLButtonElement>('[part~="mute"]')!;
    await expect(mute.getAttribute('aria-disabled')).toBe('true');
    await expect(mute.querySelector('svg')!.getAttribute('data-icon')).toBe('busy');
  },
};

/** A participant action the platform refused: the list says why. */
export const ActionFailed: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    await rendered(canvasElement);
    provider.failNext('participant-mute', 'forbidden');
    item(canvasElement, 'Alex Morgan').querySelector<HTMLButtonElement>('[part~="mute"]')!.click();
    await until(controller, (s) => s.error?.code === 'forbidden', 'the refusal');
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'participant-list', '[part="error"]'))).toBe('You are not allowed to do that.');
  },
};

/** `call-id` picks a call other than the active one: the agent's held conversation. */
export const OtherCall: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent', 'call-id': 'conv-2' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(names(canvasElement)).toEqual(['Agent', 'Jordan Lee']);
    await expect(item(canvasElement, 'Jordan Lee').dataset.state).toBe('on-hold');
  },
};

/** No call: the default empty state. */
export const NoCall: Story = {
  args: { scenario: 'idle' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'participant-list', '[part="empty"]'))).toBe('Participants appear here during a call.');
  },
};

/** No call, with the page's own empty state in the `empty` slot. */
export const CustomEmptyState: Story = {
  args: { scenario: 'idle' },
  render: (args, { parameters }) =>
    inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<participant-list><p slot="empty">Nobody here yet. Share the meeting link to invite people.</p></participant-list>`,
    ),
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    const slot = part<HTMLSlotElement>(canvasElement, 'participant-list', 'slot[name="empty"]');
    await expect(slot.assignedElements().map(textOf)).toEqual(['Nobody here yet. Share the meeting link to invite people.']);
  },
};
