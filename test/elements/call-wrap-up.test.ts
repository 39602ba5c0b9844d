/** `<call-wrap-up>` on the simulated platform: codes, notes, required or optional, deadline, pending, errors. */
import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallError } from '../../src/core/errors.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/call-status/define.js';
import '../../src/elements/call-list/define.js';
import type { CallWrapUp } from '../../src/elements/call-wrap-up/call-wrap-up.js';
import '../../src/elements/call-wrap-up/define.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import type { SimulatedOptions, SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { until } from '../harness/recording-provider.js';

const TIMEOUT = 15000;
const q = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(scenario: string, options: SimulatedOptions = {}, lang = 'en') {
  const clock = new ManualClock(Date.now());
  const session = await fixture<CallSession>(
    html`<call-session provider="simulated" scenario=${scenario} lang=${lang} .providerOptions=${{ clock, speaking: false, ...options }}>
      <call-status></call-status>
      <call-list></call-list>
      <call-wrap-up></call-wrap-up>
    </call-session>`,
  );
  const controller: CallController = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected', 'connection', TIMEOUT);
  const el = session.querySelector<CallWrapUp>('call-wrap-up')!;
  const errors: CallError[] = [];
  session.addEventListener('call-error', (e) => errors.push((e as CustomEvent<{ error: CallError }>).detail.error));
  return { session, el, controller, clock, errors, provider: controller.provider as SimulatedProvider };
}

const formShown = (el: CallWrapUp) => until(() => !!q(el, '[part="form"]'), 'the wrap-up form', TIMEOUT);

function choose(el: CallWrapUp, codeId: string): void {
  const select = q<HTMLSelectElement>(el, '[part="code"]')!;
  select.value = codeId;
  select.dispatchEvent(new Event('change'));
}

describe('<call-wrap-up>', () => {
  it('is empty while no call needs after-call work', async () => {
    const { el, controller } = await mount('call-control');
    await until(() => controller.snapshot.calls.length === 3, 'the calls', TIMEOUT);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    expect(el.getBoundingClientRect().height).to.equal(0);
  });

  it('offers the codes under an accessible name; a required code is asked for (typed error, call-error); submitting removes the call', async () => {
    const { el, controller, clock, errors, session } = await mount('wrap-up', { latencyMs: 400 });
    await formShown(el);
    expect(text(q(el, '[part="title"]'))).to.equal('After-call work');
    expect(text(q(el, '[part="party"]'))).to.contain('Alex Morgan');
    const select = q<HTMLSelectElement>(el, '[part="code"]')!;
    expect(text(q(el, 'label[for="code"]'))).to.equal('Wrap-up code');
    expect([...select.options].map((o) => o.text)).to.deep.equal(['Choose a code', 'Resolved', 'Follow-up needed', 'Escalated', 'Wrong number']);
    expect(q(el, '[part~="skip"]'), 'no skipping a required code').to.equal(null);
    const status = session.querySelector('call-status')!;
    await until(() => text(q(status, '[part="state"]')) === 'After-call work', 'the status', TIMEOUT);
    const list = session.querySelector('call-list')!;
    expect(text(q(list, '[data-state="wrap-up"] [part="state"]'))).to.equal('After-call work');
    await expect(el).to.be.accessible();

    q(el, '[part~="submit"]')!.click();
    await until(() => !!q(el, '[part="error"]'), 'the error', TIMEOUT);
    expect(text(q(el, '[part="error"]'))).to.equal('Choose a wrap-up code.');
    expect(q(el, '[part="error"]')!.getAttribute('data-code')).to.equal('invalid-argument');
    expect(select.getAttribute('aria-invalid')).to.equal('true');
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-argument']);

    choose(el, 'follow-up');
    const notes = q<HTMLTextAreaElement>(el, '[part="notes"]')!;
    notes.value = 'Call back on Monday.\nAsked about the invoice.';
    notes.dispatchEvent(new Event('input'));
    q(el, '[part~="submit"]')!.click();
    await until(() => q(el, '[part~="submit"]')?.getAttribute('aria-disabled') === 'true', 'a busy Submit', TIMEOUT);
    expect(controller.snapshot.calls.some((c) => c.id === 'conv-1')).to.equal(true);
    clock.advance(400);
    await until(() => !controller.snapshot.calls.some((c) => c.id === 'conv-1'), 'the call gone', TIMEOUT);
    expect(controller.snapshot.lastEndedCall!.meta.wrapUpCode).to.equal('follow-up');
    await until(() => !q(el, '[part="form"]'), 'the form gone', TIMEOUT);
  });

  it('an optional wrap-up can be left with "Done without code"', async () => {
    const { el, controller } = await mount('wrap-up', { wrapUp: { required: false } });
    await formShown(el);
    expect(q(el, '[part="code"]')!.getAttribute('aria-required')).to.equal('false');
    const skip = q(el, '[part~="skip"]')!;
    expect(text(skip)).to.equal('Done without code');
    skip.click();
    await until(() => !controller.snapshot.calls.some((c) => c.id === 'conv-1'), 'the call gone', TIMEOUT);
  });

  it('counts down to the deadline, and the platform ends wrap-up when it passes', async () => {
    const { el, controller, clock } = await mount('wrap-up', { wrapUp: { deadlineMs: 90_000 } });
    await formShown(el);
    expect(text(q(el, '[part="deadline"]'))).to.match(/^Time left 1:(30|29)$/);
    clock.advance(90_000);
    await until(() => !controller.snapshot.calls.some((c) => c.id === 'conv-1'), 'the call gone at the deadline', TIMEOUT);
  });

  it('a call whose conversation ends goes into wrap-up (where the platform asks for it) and the form appears', async () => {
    const { el, controller } = await mount('call-control', { wrapUp: { required: true } });
    await until(() => controller.snapshot.calls.length === 3, 'the calls', TIMEOUT);
    await controller.hangUp('conv-1');
    await until(() => controller.snapshot.calls.find((c) => c.id === 'conv-1')?.state === 'wrap-up', 'conv-1 in wrap-up', TIMEOUT);
    await formShown(el);
  });

  it('a failure of the platform is shown with its code', async () => {
    const { el, provider, errors } = await mount('wrap-up');
    await formShown(el);
    provider.failNext('submitWrapUp', 'timeout');
    choose(el, 'resolved');
    q(el, '[part~="submit"]')!.click();
    await until(() => q(el, '[part="error"]')?.getAttribute('data-code') === 'timeout', 'the error', TIMEOUT);
    expect(errors.map((e) => e.code)).to.deep.equal(['timeout']);
  });

  it('speaks German and Spanish', async () => {
    for (const [lang, code, submit] of [
      ['de', 'Abschlusscode', 'Absenden'],
      ['es', 'Código de cierre', 'Enviar'],
    ] as const) {
      const { el } = await mount('wrap-up', {}, lang);
      await until(() => text(q(el, 'label[for="code"]')) === code, `${lang}: ${code}`, TIMEOUT);
      expect(text(q(el, '[part~="submit"]'))).to.equal(submit);
    }
  });
});
