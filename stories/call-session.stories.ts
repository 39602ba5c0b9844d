import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { Call } from '../src/core/state.js';
import type { Scenario } from '../src/providers/simulated/scenarios.js';
import { inSession, part, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

type SessionStoryArgs = SessionArgs & { provider?: string; server?: string; user?: string };

/**
 * The context root: it creates the controller for its provider, hands it to every call element inside,
 * sets their language, and re-fires the controller's `call-*` events from itself. Always
 * `provider="simulated"` here; `server` and `user` belong to the local provider.
 */
const meta: Meta<SessionStoryArgs> = {
  title: 'Elements/call-session',
  component: 'call-session',
  args: { scenario: 'one-to-one', lang: 'en', 'display-name': 'You' },
  argTypes: {
    ...sessionArgTypes,
    provider: { control: false },
    server: { control: false },
    user: { control: false },
  },
  render: (args, { parameters }) =>
    inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<div style="display:grid;gap:12px;max-width:720px">
        <call-status></call-status>
        <incoming-call></incoming-call>
        <call-controls></call-controls>
        <participant-list></participant-list>
      </div>`,
    ),
};
export default meta;

type Story = StoryObj<SessionStoryArgs>;

const controlNames = (canvas: HTMLElement) => [...shadowOf(canvas, 'call-controls').querySelectorAll('button')].map(textOf);

/** English, the default language. */
export const English: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(controlNames(canvasElement)).toEqual(['Mute', 'Camera', 'Share screen', 'Hold', 'Transfer', 'Hang up']);
  },
};

/** `lang="es"` on the session: every element inside speaks Spanish. */
export const Spanish: Story = {
  args: { lang: 'es', 'display-name': 'Tú' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await waitFor(() => expect(controlNames(canvasElement)).toEqual(['Silenciar', 'Cámara', 'Compartir pantalla', 'En espera', 'Transferir', 'Colgar']));
  },
};

/** `lang="de"`, with a call ringing in. */
export const German: Story = {
  args: { lang: 'de', scenario: 'incoming', 'display-name': 'Sie' },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await waitFor(() => expect(part(canvasElement, 'incoming-call', '[part="call"]').getAttribute('aria-label')).toBe('Eingehender Videoanruf von Jordan Lee'));
  },
};

/** A scenario the simulated provider does not know: the session still renders, and the error is shown. */
export const Misconfigured: Story = {
  args: { scenario: 'no-such-scenario' as Scenario },
  play: async ({ canvasElement }) => {
    const controller = await canvasElement.querySelector('call-session')!.whenReady();
    await until(controller, (s) => s.connection === 'failed' && s.error !== null, 'the failed connection');
    await rendered(canvasElement);
    await expect(part(canvasElement, 'call-status', '[part="error"]').dataset.code).toBe('invalid-argument');
    await expect(textOf(part(canvasElement, 'call-status', '[part="error-detail"]'))).toContain('Unknown scenario "no-such-scenario"');
  },
};

/** Renders an event as one line of the log: its type and what it is about. */
function describeEvent(event: Event): string {
  const detail = (event as CustomEvent<{ call?: Call; state?: string; error?: { code: string } }>).detail ?? {};
  const about = detail.call ? `${detail.call.remoteParties[0]?.displayName ?? detail.call.id}: ${detail.call.state}` : (detail.state ?? detail.error?.code ?? '');
  return about ? `${event.type} (${about})` : event.type;
}

const EVENTS = ['call-session-ready', 'call-connection-change', 'call-incoming', 'call-state-change', 'call-ended', 'call-error'];

/**
 * The session's events as a page would listen to them (`addEventListener` on `<call-session>`), logged below
 * the elements: accept, decline or hang up to see them.
 */
export const Events: Story = {
  args: { scenario: 'incoming' },
  render: (args, { parameters }) => {
    const log = (event: Event) => {
      const list = (event.currentTarget as Element).parentElement?.querySelector('[data-log]');
      const line = document.createElement('li');
      line.textContent = describeEvent(event);
      list?.append(line);
    };
    const session = inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<div style="display:grid;gap:12px;max-width:720px">
        <call-status></call-status>
        <incoming-call></incoming-call>
        <call-controls></call-controls>
      </div>`,
    );
    return html`<div
      style="display:grid;gap:12px"
      @call-session-ready=${log}
      @call-connection-change=${log}
      @call-incoming=${log}
      @call-state-change=${log}
      @call-ended=${log}
      @call-error=${log}
    >
      ${session}
      <section aria-label="Events fired by call-session">
        <ol data-log></ol>
      </section>
    </div>`;
  },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'incoming-call', '[part~="accept"]').click();
    await until(controller, (s) => s.calls[0]?.state === 'connected', 'the accepted call');
    const lines = () => [...canvasElement.querySelectorAll('[data-log] li')].map(textOf);
    await waitFor(() => expect(lines()).toContain('call-state-change (Jordan Lee: connected)'));
    await expect(lines().every((line) => EVENTS.includes(line.split(' ')[0]!))).toBe(true);
  },
};

/** Two sessions on one page are independent: each element follows its own session. */
export const TwoSessions: Story = {
  render: (args, { parameters }) => {
    const simulatedParameters = parameters.simulated as SimulatedParameters | undefined;
    const panel = (scenario: Scenario) =>
      inSession({ ...args, scenario }, simulatedParameters, html`<call-status></call-status><call-controls></call-controls>`);
    return html`<div style="display:grid;gap:24px;grid-template-columns:repeat(auto-fit,minmax(280px,1fr))">
      <div data-panel>${panel('one-to-one')}</div>
      <div data-panel>${panel('call-control')}</div>
    </div>`;
  },
  args: { 'display-name': 'Agent' },
  play: async ({ canvasElement }) => {
    const [first, second] = [...canvasElement.querySelectorAll<HTMLElement>('[data-panel]')];
    await simulated(first!);
    await simulated(second!);
    await rendered(canvasElement);
    await expect(controlNames(first!)).toEqual(['Mute', 'Camera', 'Share screen', 'Hold', 'Transfer', 'Hang up']);
    await expect(controlNames(second!)).toEqual(['Hold', 'Record', 'Transfer', 'Merge calls', 'Hang up']);
  },
};
