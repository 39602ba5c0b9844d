/** `<call-controls>`: Transfer (blind and consultative), Merge calls and Pause recording, on the simulated platform. */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CallController } from '../../src/core/controller.js';
import type { CallError } from '../../src/core/errors.js';
import type { CallControls } from '../../src/elements/call-controls/call-controls.js';
import '../../src/elements/call-controls/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/call-status/define.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { until } from '../harness/recording-provider.js';
import { mountControls } from '../fixtures/elements/controls.js';

const TIMEOUT = 15000;
const names = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part="controls"] > button')].map((b) => b.textContent.replace(/\s+/g, ' ').trim());
const q = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Presses "Transfer" and waits for its panel (a chunk of its own) to open. */
async function openPanel(el: CallControls): Promise<HTMLElement> {
  q(el, '[part~="transfer"]')!.click();
  await until(() => !!q(el, '[part="transfer-panel"]'), 'the transfer panel', TIMEOUT);
  return q<HTMLElement>(el, '[part="transfer-panel"]') as HTMLElement;
}

function errorsOf(target: EventTarget): CallError[] {
  const seen: CallError[] = [];
  target.addEventListener('call-error', (e) => seen.push((e as CustomEvent<{ error: CallError }>).detail.error));
  return seen;
}

describe('<call-controls> transfer, merge and recording pause', () => {
  it('shows Transfer only where the call can be transferred, and Merge only with a second call', async () => {
    const one = await mountControls('one-to-one');
    expect(names(one.el)).to.deep.equal(['Mute', 'Camera', 'Share screen', 'Hold', 'Transfer', 'Hang up']);
    const group = await mountControls('group', { participants: 3 });
    expect(names(group.el)).to.not.include('Transfer');
    const control = await mountControls('call-control');
    expect(names(control.el)).to.deep.equal(['Hold', 'Record', 'Transfer', 'Merge calls', 'Hang up']);
  });

  it('opens a panel with focus in its field; a bad number shows a typed error, fires call-error and transfers nothing', async () => {
    const { el, controller } = await mountControls('one-to-one');
    const errors = errorsOf(el);
    const panel = await openPanel(el);
    expect(q(el, '[part~="transfer"]')!.getAttribute('aria-expanded')).to.equal('true');
    const field = q<HTMLInputElement>(el, '[part="transfer-field"]')!;
    await until(() => el.shadowRoot!.activeElement === field, 'focus in the field', TIMEOUT);
    expect(text(q(el, '[part="transfer-label"]'))).to.equal('Number or user');
    await sendKeys({ type: '+1 555' });
    await sendKeys({ press: 'Enter' });
    await until(() => !!q(el, '[part="transfer-error"]'), 'the error', TIMEOUT);
    const error = q(el, '[part="transfer-error"]')!;
    expect(text(error)).to.equal('That phone number is not valid.');
    expect(error.getAttribute('data-code')).to.equal('invalid-argument');
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-argument']);
    expect(controller.snapshot.calls).to.have.length(1);
    await expect(panel).to.be.accessible();
  });

  it('transfers to a valid number: busy while pending, then the call ends as transferred', async () => {
    const { el, controller, clock } = await mountControls('one-to-one', { latencyMs: 500 });
    await openPanel(el);
    const field = q<HTMLInputElement>(el, '[part="transfer-field"]')!;
    field.value = '(202) 555-0199';
    field.dispatchEvent(new Event('input'));
    el.defaultCountry = 'US';
    q(el, '[part~="transfer-submit"]')!.click();
    await until(() => q(el, '[part~="transfer-submit"]')?.getAttribute('aria-disabled') === 'true', 'a busy Transfer', TIMEOUT);
    expect(q(el, '[part~="transfer-submit"] svg')!.getAttribute('data-icon')).to.equal('busy');
    expect(controller.snapshot.pending.map((p) => p.action)).to.deep.equal(['transfer']);
    clock.advance(500);
    await until(() => controller.snapshot.calls.length === 0, 'the call gone', TIMEOUT);
    expect(controller.snapshot.lastEndedCall!.endReason!.code).to.equal('transferred');
  });

  it('Escape closes the panel and puts focus back on Transfer; Cancel does too', async () => {
    const { el } = await mountControls('one-to-one');
    await openPanel(el);
    await until(() => el.shadowRoot!.activeElement?.getAttribute('part') === 'transfer-field', 'focus in the field', TIMEOUT);
    await sendKeys({ press: 'Escape' });
    await until(() => !q(el, '[part="transfer-panel"]'), 'the panel closed', TIMEOUT);
    const transfer = q(el, '[part~="transfer"]')!;
    await until(() => el.shadowRoot!.activeElement === transfer, 'focus back on Transfer', TIMEOUT);
    expect(transfer.getAttribute('aria-expanded')).to.equal('false');
    await sendKeys({ press: 'Enter' }); // the keyboard opens it again
    await until(() => !!q(el, '[part="transfer-panel"]'), 'the panel again', TIMEOUT);
    q(el, '[part~="transfer-cancel"]')!.click();
    await until(() => !q(el, '[part="transfer-panel"]') && el.shadowRoot!.activeElement === transfer, 'closed by Cancel, focus back', TIMEOUT);
  });

  it('a failure of the platform stays in the panel with its code, and is fired by the session', async () => {
    const { el, provider } = await mountControls('one-to-one');
    const session = el.closest('call-session')!;
    const errors = errorsOf(session);
    provider.failNext('transfer', 'forbidden');
    await openPanel(el);
    const field = q<HTMLInputElement>(el, '[part="transfer-field"]')!;
    field.value = '+12025550199';
    field.dispatchEvent(new Event('input'));
    q(el, '[part~="transfer-submit"]')!.click();
    await until(() => !!q(el, '[part="transfer-error"]'), 'the error', TIMEOUT);
    expect(q(el, '[part="transfer-error"]')!.getAttribute('data-code')).to.equal('forbidden');
    expect(text(q(el, '[part="transfer-error"]'))).to.contain('You are not allowed to do that.');
    expect(errors.map((e) => e.code)).to.deep.equal(['forbidden']);
  });

  it('consultative transfer: "Transfer to {name}" hands the call onto the held call; both leave the list', async () => {
    const { el, controller } = await mountControls('call-control');
    const panel = await openPanel(el);
    const consult = q(el, '[part~="transfer-to-call"]')!;
    expect(text(consult)).to.equal('Transfer to Jordan Lee');
    await expect(panel).to.be.accessible();
    consult.click();
    await until(() => !controller.snapshot.calls.some((c) => c.id === 'conv-1' || c.id === 'conv-2'), 'both calls gone', TIMEOUT);
    expect(controller.snapshot.calls.map((c) => c.id)).to.deep.equal(['conv-3']);
  });

  it('Merge calls joins the held call into the active one, busy while pending', async () => {
    const { el, controller, clock } = await mountControls('call-control', { latencyMs: 300 });
    const merge = q(el, '[part~="merge"]')!;
    merge.click();
    await until(() => merge.getAttribute('aria-disabled') === 'true', 'a busy Merge', TIMEOUT);
    clock.advance(300);
    await until(() => !controller.snapshot.calls.some((c) => c.id === 'conv-2'), 'conv-2 merged', TIMEOUT);
    const merged = controller.snapshot.calls.find((c) => c.id === 'conv-1')!;
    expect(merged.participants.map((p) => p.displayName)).to.include('Jordan Lee');
    expect(merged.state).to.equal('connected');
  });

  it('Merge calls with two other calls: a panel to pick which one, Escape closes it, and the picked call is merged', async () => {
    const { el, controller } = await mountControls('call-control');
    await controller.accept('conv-3');
    controller.setActiveCall('conv-3');
    await until(() => controller.snapshot.calls.filter((c) => c.state === 'connected' || c.state === 'on-hold').length === 3, 'three live calls', TIMEOUT);
    await until(() => q(el, '[part~="merge"]')?.getAttribute('aria-expanded') === 'false', 'Merge calls opens a panel', TIMEOUT);
    const merge = q(el, '[part~="merge"]')!;
    expect(text(merge)).to.equal('Merge calls');
    expect(merge.getAttribute('aria-controls')).to.equal('merge-panel');
    merge.click();
    await until(() => !!q(el, '[part="merge-panel"]'), 'the merge panel', TIMEOUT);
    const panel = q(el, '[part="merge-panel"]')!;
    expect(merge.getAttribute('aria-expanded')).to.equal('true');
    expect(panel.getAttribute('role')).to.equal('group');
    expect(text(q(el, '#merge-title'))).to.equal('Merge calls');
    const buttons = () => [...panel.querySelectorAll('button')].map((b) => text(b));
    expect(buttons()).to.deep.equal(['Merge with Alex Morgan', 'Merge with Jordan Lee', 'Cancel']);
    expect(el.shadowRoot!.activeElement, 'focus moves into the panel').to.equal(q(el, '[part~="merge-with"]'));
    expect(q(el, '[part~="merge-with"] svg[aria-hidden="true"]')!.getAttribute('data-icon')).to.equal('merge');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await until(() => !q(el, '[part="merge-panel"]') && el.shadowRoot!.activeElement === merge, 'closed by Escape, focus back', TIMEOUT);
    expect(controller.snapshot.calls).to.have.length(3);

    merge.click();
    await until(() => !!q(el, '[part="merge-panel"]'), 'the merge panel again', TIMEOUT);
    // Alex Morgan's call is not the most recent other call: the user's pick wins, not a guess.
    [...q(el, '[part="merge-panel"]')!.querySelectorAll<HTMLElement>('[part~="merge-with"]')].find((b) => text(b) === 'Merge with Alex Morgan')!.click();
    await until(() => !controller.snapshot.calls.some((c) => c.id === 'conv-1'), 'conv-1 merged', TIMEOUT);
    expect(controller.snapshot.calls.map((c) => c.id)).to.deep.equal(['conv-2', 'conv-3']);
    expect(controller.snapshot.calls.find((c) => c.id === 'conv-3')!.participants.map((p) => p.displayName)).to.include('Alex Morgan');
    await until(() => !q(el, '[part="merge-panel"]'), 'the panel closes', TIMEOUT);
    expect(q(el, '[part~="merge"]')!.hasAttribute('aria-expanded'), 'one other call left: a plain button').to.equal(false);
  });

  it('Pause recording: only while recording, aria-pressed with a constant name; call-status says so with an icon', async () => {
    const clock = new ManualClock(Date.now());
    const session = await fixture<CallSession>(
      html`<call-session provider="simulated" scenario="call-control" .providerOptions=${{ clock }}><call-status></call-status><call-controls></call-controls></call-session>`,
    );
    const controller: CallController = await session.whenReady();
    await until(() => controller.snapshot.calls.length > 0, 'calls', TIMEOUT);
    const el = session.querySelector('call-controls')!;
    const status = session.querySelector('call-status')!;
    await until(() => names(el).includes('Record'), 'Record', TIMEOUT);
    expect(names(el)).to.not.include('Pause recording');
    q(el, '[part~="record"]')!.click();
    await until(() => names(el).includes('Pause recording'), 'Pause recording', TIMEOUT);
    await until(() => text(q(status, '[part="recording"]')) === 'Recording', 'Recording in the status', TIMEOUT);
    const pause = q(el, '[part~="pause-recording"]')!;
    expect(pause.getAttribute('aria-pressed')).to.equal('false');
    pause.click();
    await until(() => pause.getAttribute('aria-pressed') === 'true', 'paused', TIMEOUT);
    expect(text(pause)).to.equal('Pause recording');
    await until(() => text(q(status, '[part="recording"]')) === 'Recording paused', 'Recording paused in the status', TIMEOUT);
    expect(q(status, '[part="recording"] svg')!.getAttribute('data-icon')).to.equal('pause-recording');
    expect((controller.provider as SimulatedProvider).scenario).to.equal('call-control');
    await expect(status).to.be.accessible();
    await expect(el).to.be.accessible();
  });

  it('speaks German and Spanish', async () => {
    for (const [lang, transfer, to, mergeWith] of [
      ['de', 'Weiterleiten', 'An Jordan Lee weiterleiten', ['Mit Alex Morgan zusammenführen', 'Mit Jordan Lee zusammenführen', 'Abbrechen']],
      ['es', 'Transferir', 'Transferir a Jordan Lee', ['Unir con Alex Morgan', 'Unir con Jordan Lee', 'Cancelar']],
    ] as const) {
      const clock = new ManualClock(Date.now());
      const session = await fixture<CallSession>(
        html`<call-session provider="simulated" scenario="call-control" lang=${lang} .providerOptions=${{ clock }}><call-controls></call-controls></call-session>`,
      );
      const el = session.querySelector('call-controls')!;
      await until(() => names(el).includes(transfer), `${lang}: ${transfer}`, TIMEOUT);
      await openPanel(el);
      expect(text(q(el, '[part~="transfer-to-call"]'))).to.equal(to);
      const controller = await session.whenReady();
      await controller.accept('conv-3');
      controller.setActiveCall('conv-3');
      await until(() => q(el, '[part~="merge"]')?.getAttribute('aria-expanded') === 'false', `${lang}: merge opens a panel`, TIMEOUT);
      q(el, '[part~="merge"]')!.click();
      await until(() => !!q(el, '[part="merge-panel"]'), `${lang}: the merge panel`, TIMEOUT);
      expect([...q(el, '[part="merge-panel"]')!.querySelectorAll('button')].map((b) => text(b))).to.deep.equal(mergeWith);
    }
  });
});
