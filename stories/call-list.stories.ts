import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { inSession, part, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

/**
 * Every call in the session with party, direction, state and duration; selecting one makes it the active
 * call, and each can be hung up (a ringing incoming call is declined).
 */
const meta: Meta<SessionArgs> = {
  title: 'Elements/call-list',
  component: 'call-list',
  args: { scenario: 'one-to-one' },
  argTypes: sessionArgTypes,
  render: (args, { parameters }) =>
    inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<call-list style="max-width:480px"></call-list>`),
};
export default meta;

type Story = StoryObj<SessionArgs>;

const rows = (canvas: HTMLElement) => [...shadowOf(canvas, 'call-list').querySelectorAll<HTMLElement>('[part~="call"]')];
const summary = (canvas: HTMLElement) =>
  rows(canvas).map((r) => `${textOf(r.querySelector('[part="party"]'))}: ${textOf(r.querySelector('[part="state"]'))}${r.getAttribute('part')!.includes('active') ? ' (active)' : ''}`);

/** No calls. */
export const NoCalls: Story = {
  args: { scenario: 'idle' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-list', '[part="empty"]'))).toBe('No calls yet. Calls you make or receive appear here.');
  },
};

/** One connected call with its duration. */
export const OneCall: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(summary(canvasElement)).toEqual(['Alex Morgan: Connected (active)']);
    await expect(textOf(rows(canvasElement)[0]!.querySelector('[part="duration"]'))).toMatch(/^Duration \d+:\d\d$/);
  },
};

/** Call waiting: a second call rings in during the first. */
export const CallWaiting: Story = {
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.simulateIncomingCall({ name: 'Sam Rivera', address: '+12025550102' });
    await until(controller, (s) => s.calls.length === 2, 'a waiting call');
    await rendered(canvasElement);
    await expect(summary(canvasElement)).toEqual(['Alex Morgan: Connected (active)', 'Sam Rivera: Incoming call']);
  },
};

/** An agent console: a live conversation, one on hold, one ringing in. */
export const AgentConsole: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(summary(canvasElement)).toEqual(['Alex Morgan: Connected (active)', 'Jordan Lee: On hold', 'Sam Rivera: Incoming call']);
  },
};

/** After-call work: the conversation is over, its talk time stays as it ended and it has no "Hang up". */
export const AfterCallWork: Story = {
  args: { scenario: 'wrap-up', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(summary(canvasElement)).toEqual(['Alex Morgan: After-call work (active)', 'Jordan Lee: On hold']);
    const row = rows(canvasElement)[0]!;
    await expect(textOf(row.querySelector('[part="duration"]'))).toMatch(/^Duration 1:3\d$/);
    await expect(row.querySelector('[part~="hang-up"]')).toBeNull();
  },
};

/** The agent picked the held conversation: it is the active call now (`aria-current`). */
export const HeldCallSelected: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    rows(canvasElement)[1]!.querySelector<HTMLElement>('[part="select"]')!.click();
    await until(controller, (s) => s.activeCallId === 'conv-2', 'the held call selected');
    await rendered(canvasElement);
    await expect(rows(canvasElement)[1]!.querySelector('[part="select"]')!.getAttribute('aria-current')).toBe('true');
  },
};

/** "Hang up" was pressed and the platform has not answered: that button is busy (`aria-disabled`, a turning icon). */
export const HangingUp: Story = {
  parameters: { simulated: { frozen: true, latencyMs: 1000 } },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'call-list', '[part~="hang-up"]').click();
    await until(controller, (s) => s.pending.length === 1, 'a pending hang-up');
    await rendered(canvasElement);
    const hangUp = part<HTMLButtonElement>(canvasElement, 'call-list', '[part~="hang-up"]');
    await expect(hangUp.getAttribute('aria-disabled')).toBe('true');
    await expect(hangUp.querySelector('svg')!.getAttribute('data-icon')).toBe('busy');
  },
};

/** No calls, with the page's own empty state in the `empty` slot. */
export const CustomEmptyState: Story = {
  args: { scenario: 'idle' },
  render: (args, { parameters }) =>
    inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<call-list><p slot="empty">Your queue is clear.</p></call-list>`),
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    const slot = part<HTMLSlotElement>(canvasElement, 'call-list', 'slot[name="empty"]');
    await expect(slot.assignedElements().map(textOf)).toEqual(['Your queue is clear.']);
  },
};
