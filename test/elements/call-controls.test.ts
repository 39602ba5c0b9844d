import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import { activeCall } from '../../src/core/state.js';
import type { CallControls } from '../../src/elements/call-controls/call-controls.js';
import '../../src/elements/call-controls/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { settle, until } from '../harness/recording-provider.js';

const buttons = (el: Element) => [...el.shadowRoot!.querySelectorAll('button')];
const names = (el: Element) => buttons(el).map((b) => (b.getAttribute('aria-label') ?? b.textContent).trim());
function button(el: Element, name: string): HTMLButtonElement {
  const found = buttons(el).find((b) => (b.getAttribute('aria-label') ?? b.textContent).trim() === name);
  if (!found) throw new Error(`No button "${name}" in ${names(el).join(', ')}`);
  return found;
}

async function mount(scenario: string, options: Record<string, unknown> = {}) {
  const clock = new ManualClock(Date.now());
  const session = await fixture<CallSession>(
    html`<call-session provider="simulated" scenario=${scenario} .providerOptions=${{ clock, speaking: false, ...options }}>
      <call-controls></call-controls>
    </call-session>`,
  );
  const controller: CallController = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected', 'connection');
  const el = session.querySelector<CallControls>('call-controls')!;
  await settle();
  await el.updateComplete;
  return { el, controller, clock, provider: controller.provider as SimulatedProvider };
}

/** Lets the controller notify and the element render. */
async function rendered(el: CallControls): Promise<void> {
  await settle();
  await el.updateComplete;
}

describe('<call-controls>', () => {
  it('shows the toggles the call is capable of, with constant names and aria-pressed, and Hang up', async () => {
    const { el } = await mount('one-to-one');
    expect(names(el)).to.deep.equal(['Mute', 'Camera', 'Share screen', 'Hold', 'Hang up']);
    expect(el.shadowRoot!.querySelector('[part="controls"]')!.getAttribute('aria-label')).to.equal('Call controls');
    expect(button(el, 'Mute').getAttribute('aria-pressed')).to.equal('false');
    expect(button(el, 'Camera').getAttribute('aria-pressed')).to.equal('true'); // the scenario's camera is on
    expect(button(el, 'Hang up').hasAttribute('aria-pressed')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('toggles mute: the button is busy while pending, then pressed, and keeps its name', async () => {
    const { el, controller, clock } = await mount('one-to-one', { latencyMs: 200 });
    const mute = button(el, 'Mute');
    mute.click();
    await rendered(el);
    expect(mute.getAttribute('aria-disabled')).to.equal('true');
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    await expect(el).to.be.accessible();
    mute.click(); // ignored while busy: no second action starts
    await rendered(el);
    expect(controller.snapshot.pending.filter((p) => p.action === 'setMuted')).to.have.length(1);
    clock.advance(200);
    await rendered(el);
    expect(button(el, 'Mute') === mute, 'the same Mute button').to.equal(true);
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(mute.getAttribute('aria-disabled')).to.equal('false');
    expect(activeCall(controller.snapshot)!.local.muted).to.equal(true);
    mute.click();
    clock.advance(200);
    await until(() => mute.getAttribute('aria-pressed') === 'false', 'unmute');
  });

  it('holds and resumes the call through one "Hold" toggle', async () => {
    const { el, controller } = await mount('one-to-one');
    button(el, 'Hold').click();
    await until(() => activeCall(controller.snapshot)?.state === 'on-hold', 'hold');
    await rendered(el);
    expect(button(el, 'Hold').getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
    button(el, 'Hold').click();
    await until(() => activeCall(controller.snapshot)?.state === 'connected', 'resume');
    await rendered(el);
    expect(button(el, 'Hold').getAttribute('aria-pressed')).to.equal('false');
  });

  it('turns the camera and screen sharing on and off', async () => {
    const { el, controller } = await mount('one-to-one');
    button(el, 'Camera').click();
    await until(() => button(el, 'Camera').getAttribute('aria-pressed') === 'false', 'camera off');
    expect(activeCall(controller.snapshot)!.local.video).to.equal(false);
    button(el, 'Share screen').click();
    await until(() => button(el, 'Share screen').getAttribute('aria-pressed') === 'true', 'sharing');
    expect(activeCall(controller.snapshot)!.local.screenSharing).to.equal(true);
  });

  it('hides what a call-control platform cannot do and offers Record there', async () => {
    const { el, controller } = await mount('call-control');
    expect(names(el)).to.deep.equal(['Hold', 'Record', 'Hang up']);
    button(el, 'Record').click();
    await until(() => activeCall(controller.snapshot)?.recording === true, 'recording');
    await rendered(el);
    expect(button(el, 'Record').getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('offers "End for everyone" where the call can be ended for everyone', async () => {
    const { el, controller } = await mount('group');
    expect(names(el)).to.deep.equal(['Mute', 'Camera', 'Share screen', 'Hang up', 'End for everyone']);
    button(el, 'End for everyone').click();
    await until(() => controller.snapshot.calls.length === 0, 'call ended');
  });

  it('hangs up, then renders nothing while there is no call', async () => {
    const { el, controller } = await mount('one-to-one');
    button(el, 'Hang up').click();
    await until(() => controller.snapshot.calls.length === 0, 'call ended');
    await rendered(el);
    expect(buttons(el)).to.have.length(0);
    expect(controller.snapshot.lastEndedCall?.endReason?.code).to.equal('hung-up');
  });

  it('leaves a ringing incoming call to <incoming-call>', async () => {
    const { el } = await mount('incoming');
    expect(buttons(el)).to.have.length(0);
  });

  it('disables Hold and Share screen until an outgoing call connects', async () => {
    const { el, controller, clock } = await mount('idle', { ringMs: 1000 });
    await controller.startCall('+12025550123');
    await rendered(el);
    expect(button(el, 'Hold').getAttribute('aria-disabled')).to.equal('true');
    expect(button(el, 'Mute').getAttribute('aria-disabled')).to.equal('false');
    button(el, 'Hold').click();
    await rendered(el);
    expect(controller.snapshot.pending).to.have.length(0);
    clock.advance(1000);
    await until(() => button(el, 'Hold').getAttribute('aria-disabled') === 'false', 'connected');
  });

  it('shows a failed toggle as it really is, and the error reaches the snapshot', async () => {
    const { el, controller, provider } = await mount('one-to-one');
    provider.failNext('setMuted', 'device-in-use');
    button(el, 'Mute').click();
    await until(() => controller.snapshot.error?.code === 'device-in-use', 'error');
    await rendered(el);
    expect(button(el, 'Mute').getAttribute('aria-pressed')).to.equal('false');
    expect(button(el, 'Mute').getAttribute('aria-disabled')).to.equal('false');
  });

  it('uses an explicit .controller over the session', async () => {
    const { controller } = await mount('one-to-one');
    const outside = await fixture<CallControls>(html`<call-controls .controller=${controller}></call-controls>`);
    await outside.updateComplete;
    expect(names(outside)).to.include('Hang up');
  });
});
