import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { inSession, rendered, sessionArgTypes, shadowOf, simulated, textOf, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

/**
 * After-call work on the simulated agent console: the first conversation is over and waits for a wrap-up
 * code. `<call-wrap-up>` shows the platform's codes, a notes field and Submit; the call leaves the list after.
 */
const meta: Meta<SessionArgs> = {
  title: 'Elements/call-wrap-up',
  component: 'call-wrap-up',
  args: { scenario: 'wrap-up', 'display-name': 'Agent' },
  argTypes: sessionArgTypes,
  render: (args, { parameters }) =>
    inSession(args, parameters.simulated as SimulatedParameters | undefined, html`<call-status></call-status><call-wrap-up></call-wrap-up>`),
};
export default meta;

type Story = StoryObj<SessionArgs>;

const form = async (canvas: HTMLElement) => {
  await simulated(canvas);
  await waitFor(() => expect(shadowOf(canvas, 'call-wrap-up').querySelector('[part="form"]')).not.toBeNull());
  await rendered(canvas);
  return shadowOf(canvas, 'call-wrap-up');
};

/** A code is required: no way out without one. */
export const Required: Story = {
  play: async ({ canvasElement }) => {
    const root = await form(canvasElement);
    await expect(root.querySelector('[part~="skip"]')).toBeNull();
    await expect(textOf(shadowOf(canvasElement, 'call-status').querySelector('[part="state"]'))).toBe('After-call work');
  },
};

/** Submitted without the required code: the form says so. */
export const CodeMissing: Story = {
  play: async ({ canvasElement }) => {
    const root = await form(canvasElement);
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitFor(() => expect(textOf(root.querySelector('[part="error"]'))).toBe('Choose a wrap-up code.'));
  },
};

/** The code is optional: "Done without code" leaves wrap-up without one. */
export const Optional: Story = {
  parameters: { simulated: { wrapUp: { required: false } } },
  play: async ({ canvasElement }) => {
    const root = await form(canvasElement);
    await expect(textOf(root.querySelector('[part~="skip"]'))).toBe('Done without code');
  },
};

/** The platform ends wrap-up by itself after two minutes: a countdown shows the time left. */
export const WithDeadline: Story = {
  parameters: { simulated: { frozen: true, wrapUp: { deadlineMs: 120_000 } } },
  play: async ({ canvasElement }) => {
    const root = await form(canvasElement);
    await expect(textOf(root.querySelector('[part="deadline"]'))).toMatch(/^Time left (2:00|1:5\d)$/);
  },
};

/** Submitting: the button is busy until the platform answers; then the call leaves the list. */
export const Submitting: Story = {
  parameters: { simulated: { frozen: true, latencyMs: 1000 } },
  play: async ({ canvasElement }) => {
    const root = await form(canvasElement);
    const select = root.querySelector<HTMLSelectElement>('[part="code"]')!;
    select.value = 'resolved';
    select.dispatchEvent(new Event('change'));
    root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitFor(() => expect(root.querySelector('[part~="submit"]')!.getAttribute('aria-disabled')).toBe('true'));
  },
};

/** In German. */
export const German: Story = {
  args: { lang: 'de' },
  play: async ({ canvasElement }) => {
    const root = await form(canvasElement);
    await waitFor(() => expect(textOf(root.querySelector('label[for="code"]'))).toBe('Abschlusscode'));
  },
};
