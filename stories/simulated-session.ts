/**
 * What every element's stories share: the `<call-session provider="simulated">` around the element, the
 * session's controls, and what a story's `play` needs to reach the simulated far side and to wait until the
 * elements show the state the story is about (events, not sleeps, so the catalogue's tests stay fast).
 */
import type { ArgTypes } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { CallController } from '../src/core/controller.js';
import type { CallSnapshot } from '../src/core/state.js';
import type { CallSession } from '../src/elements/call-session/call-session.js';
import { ManualClock } from '../src/providers/simulated/clock.js';
import { SCENARIOS, type Scenario } from '../src/providers/simulated/scenarios.js';
import type { SimulatedOptions, SimulatedProvider } from '../src/providers/simulated/simulated-provider.js';

/** The simulated session's configuration, shown as controls next to the element's own attributes. */
export interface SessionArgs {
  scenario: Scenario;
  participants?: number;
  lang?: 'en' | 'es' | 'de';
  'display-name'?: string;
}

/**
 * Per story, in `parameters.simulated`: provider options (`latencyMs`, `ringMs`, `busy`, `permissions`…)
 * and `frozen`, a clock that only moves when the story says so: a pending action stays pending and a ringing
 * call keeps ringing, so the story shows that state for as long as anyone looks.
 */
export type SimulatedParameters = Omit<SimulatedOptions, 'clock' | 'speaking'> & { frozen?: boolean; speaking?: boolean };

const SESSION = { category: 'simulated session' };

export const sessionArgTypes: Partial<ArgTypes<SessionArgs>> = {
  scenario: { control: 'select', options: [...SCENARIOS], description: 'The scripted situation the simulated provider plays.', table: SESSION },
  participants: { control: { type: 'range', min: 1, max: 49 }, description: 'Remote participants in a group scenario.', table: SESSION },
  lang: { control: 'inline-radio', options: ['en', 'es', 'de'], description: 'The language of every element in the session.', table: SESSION },
  'display-name': { control: 'text', description: 'The local user’s display name.', table: SESSION },
};

/** The session's `providerOptions`: deterministic by default (no speaking rotation), plus the story's own. */
function providerOptions(parameters: SimulatedParameters = {}): SimulatedOptions {
  const { frozen, ...options } = parameters;
  return { speaking: false, ...options, ...(frozen ? { clock: new ManualClock(Date.now()) } : {}) };
}

/** `content` inside a simulated `<call-session>` configured by the story's args and parameters. */
export function inSession(args: SessionArgs, parameters: SimulatedParameters | undefined, content: TemplateResult): TemplateResult {
  return html`<call-session
    provider="simulated"
    scenario=${args.scenario}
    participants=${ifDefined(args.participants)}
    lang=${ifDefined(args.lang)}
    display-name=${ifDefined(args['display-name'])}
    .providerOptions=${providerOptions(parameters)}
  >
    ${content}
  </call-session>`;
}

const TIMEOUT_MS = 4000;

/** Resolves once `predicate` holds for the controller's snapshot; rejects, naming `what`, if it never does. */
export function until(controller: CallController, predicate: (s: CallSnapshot) => boolean, what: string): Promise<CallSnapshot> {
  if (predicate(controller.snapshot)) return Promise.resolve(controller.snapshot);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`The story never reached: ${what}`));
    }, TIMEOUT_MS);
    const unsubscribe = controller.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(s);
    });
  });
}

export interface Simulated {
  session: CallSession;
  controller: CallController;
  provider: SimulatedProvider;
  /** The frozen clock of a `frozen` story. */
  clock: ManualClock | undefined;
}

/** The story's session once it is connected to the simulated platform. */
export async function simulated(canvas: HTMLElement): Promise<Simulated> {
  const session = canvas.querySelector('call-session');
  if (!session) throw new Error('The story renders no <call-session>');
  const controller = await session.whenReady();
  await until(controller, (s) => s.connection === 'connected', 'a connected session');
  const provider = controller.provider as SimulatedProvider;
  return { session, controller, provider, clock: provider.clock instanceof ManualClock ? provider.clock : undefined };
}

/** Waits until every Lit element in `root` has rendered what it was last told (renders can chain). */
export async function rendered(root: ParentNode): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const elements = [...root.querySelectorAll('*')].filter((el): el is Element & { updateComplete: Promise<boolean> } => 'updateComplete' in el);
    const done = await Promise.all(elements.map((el) => el.updateComplete));
    await new Promise((r) => requestAnimationFrame(r));
    if (done.every(Boolean) && elements.every((el) => !(el as Element & { isUpdatePending?: boolean }).isUpdatePending)) return;
  }
}

/** The shadow root of the first `tag` in the story. */
export function shadowOf(canvas: HTMLElement, tag: string): ShadowRoot {
  const root = canvas.querySelector(tag)?.shadowRoot;
  if (!root) throw new Error(`The story renders no <${tag}>`);
  return root;
}

/** The element matching `selector` inside the story's first `tag`; throws when the story does not show it. */
export function part<T extends Element = HTMLElement>(canvas: HTMLElement, tag: string, selector: string): T {
  const el = shadowOf(canvas, tag).querySelector<T>(selector);
  if (!el) throw new Error(`<${tag}> shows no ${selector}`);
  return el;
}

/** Text as a user reads it: whitespace collapsed. */
export const textOf = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Rejects what a story must not leave unhandled: user-gesture actions that are meant to stay pending or fail. */
export const quietly = (promise: Promise<unknown>): void => {
  promise.catch(() => undefined);
};
