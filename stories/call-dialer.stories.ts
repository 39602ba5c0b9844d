import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, waitFor } from 'storybook/test';
import type { CallDialer } from '../src/elements/call-dialer/call-dialer.js';
import { inSession, part, quietly, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

type DialerArgs = SessionArgs & { value?: string; 'default-country'?: string; video?: boolean };

/**
 * The dialer on the simulated platform: a destination field, the keypad and "Call"; during a connected call
 * with DTMF the keypad sends tones instead.
 */
const meta: Meta<DialerArgs> = {
  title: 'Elements/call-dialer',
  component: 'call-dialer',
  args: { scenario: 'idle', 'default-country': 'US', video: false, value: '' },
  argTypes: {
    ...sessionArgTypes,
    // The manifest also has a CSS part named "video"; the control is the attribute's.
    video: { control: 'boolean', description: 'Whether "Video" is checked.', table: { category: 'attributes', type: { summary: 'boolean' } } },
  },
  render: (args, { parameters }) =>
    inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<call-dialer value=${args.value ?? ''} default-country=${ifDefined(args['default-country'] || undefined)} ?video=${!!args.video}></call-dialer>`,
    ),
};
export default meta;

type Story = StoryObj<DialerArgs>;

const dialer = (canvas: HTMLElement) => canvas.querySelector<CallDialer>('call-dialer')!;

/** Nothing typed yet, on a media platform: the "Video" checkbox is offered. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(part(canvasElement, 'call-dialer', '[part~="video"]')).toBeTruthy();
    await expect(part(canvasElement, 'call-dialer', '[part~="call"]').getAttribute('aria-disabled')).toBe('false');
  },
};

/** A pasted, formatted US number with "Video" checked, ready to dial. */
export const NumberTyped: Story = {
  args: { value: '(202) 555-0142', video: true },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(part<HTMLInputElement>(canvasElement, 'call-dialer', '[part="field"]').value).toBe('(202) 555-0142');
    await expect(part<HTMLInputElement>(canvasElement, 'call-dialer', '[part="video"] input').checked).toBe(true);
  },
};

/** Input that is no phone number, user or address: an inline alert, and nothing is dialled. */
export const InvalidInput: Story = {
  args: { value: '12#$%' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await dialer(canvasElement).dial();
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-dialer', '[part="error"]'))).toBe('Enter a valid phone number or user.');
    await expect(part(canvasElement, 'call-dialer', '[part="field"]').getAttribute('aria-invalid')).toBe('true');
    await expect(controller.snapshot.calls.length).toBe(0);
  },
};

/** Digits that are not a valid number for the default country. */
export const InvalidPhoneNumber: Story = {
  args: { value: '555 01' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await dialer(canvasElement).dial();
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-dialer', '[part="error"]'))).toBe('That phone number is not valid.');
  },
};

/**
 * "Call" was pressed and the platform has not answered yet: the button says so with `aria-disabled` (focus
 * stays on it) and a turning icon, and a second press dials nothing.
 */
export const Dialing: Story = {
  args: { value: '+1 202 555 0142' },
  parameters: { simulated: { frozen: true, latencyMs: 1000 } },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    quietly(dialer(canvasElement).dial());
    await until(controller, (s) => s.pending.some((p) => p.action === 'startCall'), 'a pending startCall');
    await rendered(canvasElement);
    await expect(part(canvasElement, 'call-dialer', '[part~="call"]').getAttribute('aria-disabled')).toBe('true');
    await expect(part(canvasElement, 'call-dialer', '[part~="call"] svg').getAttribute('data-icon')).toBe('busy');
  },
};

/** In a connected call with DTMF, the keypad sends tones and shows the digits sent. */
export const DtmfDuringCall: Story = {
  args: { scenario: 'one-to-one' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    const keys = [...part(canvasElement, 'call-dialer', '[part="keypad"]').querySelectorAll('button')];
    for (const digit of ['1', '2', '3', '#']) keys.find((k) => textOf(k) === digit)!.click();
    await until(controller, (s) => s.calls[0]?.dtmf === '123#', 'the tones sent');
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-dialer', '[part="digits"]'))).toBe('123#');
  },
};

/**
 * An agent console (a call-control platform) between calls: it dials phones, users and queues
 * (`queue:Support`), has no local media and so offers no "Video".
 */
export const CallControlDestinations: Story = {
  args: { scenario: 'call-control', value: 'queue:Support', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    // The scripted console starts with live conversations; end them so the dialer is a dialer again.
    await Promise.all(controller.snapshot.calls.map((c) => controller.hangUp(c.id)));
    await rendered(canvasElement);
    await expect(shadowOf(canvasElement, 'call-dialer').querySelector('[part~="video"]')).toBeNull();
    await expect(part<HTMLInputElement>(canvasElement, 'call-dialer', '[part="field"]').value).toBe('queue:Support');
  },
};

/** A SIP URI on the agent console, which does not dial SIP: "This service cannot call that kind of destination." */
export const UnsupportedKind: Story = {
  args: { scenario: 'call-control', value: 'sip:alex@example.com', 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await Promise.all(controller.snapshot.calls.map((c) => controller.hangUp(c.id)));
    await rendered(canvasElement);
    await dialer(canvasElement).dial();
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'call-dialer', '[part="error"]'))).toBe('This service cannot call that kind of destination.');
  },
};

/** The dialer in Spanish (the table loads on demand), with a validation message. */
export const Spanish: Story = {
  args: { lang: 'es', value: 'x!' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await dialer(canvasElement).dial();
    await waitFor(() => expect(textOf(part(canvasElement, 'call-dialer', '[part="error"]'))).toBe('Introduce un número de teléfono o usuario válido.'));
    await expect(textOf(part(canvasElement, 'call-dialer', '[part="label"]'))).toBe('Número o usuario');
  },
};
