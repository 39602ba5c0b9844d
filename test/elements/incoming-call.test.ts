import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import type { IncomingCall } from '../../src/elements/incoming-call/incoming-call.js';
import '../../src/elements/incoming-call/define.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { brokenImageFailed } from '../harness/injection.js';
import { settle, until } from '../harness/recording-provider.js';

/** Identity checks as booleans: a failing chai diff of two DOM nodes serializes the whole page. */
const same = (a: unknown, b: unknown, what: string) => expect(a === b, what).to.equal(true);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const cards = (el: IncomingCall) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="call"]')];
const names = (card: Element) => [...card.querySelectorAll('button')].map((b) => text(b));
function button(card: Element, name: string): HTMLButtonElement {
  const found = [...card.querySelectorAll('button')].find((b) => text(b) === name);
  if (!found) throw new Error(`No button "${name}" in ${names(card).join(', ')}`);
  return found;
}

async function mount(scenario: string, options: Record<string, unknown> = {}) {
  const clock = new ManualClock(Date.now());
  const root = await fixture<HTMLElement>(
    html`<div>
      <button id="page-button">Page button</button>
      <call-session provider="simulated" scenario=${scenario} .providerOptions=${{ clock, speaking: false, ...options }}>
        <incoming-call></incoming-call>
      </call-session>
    </div>`,
  );
  const session = root.querySelector<CallSession>('call-session')!;
  const controller: CallController = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected', 'connection');
  const el = session.querySelector<IncomingCall>('incoming-call')!;
  await rendered(el);
  return { root, el, controller, clock, provider: controller.provider as SimulatedProvider, pageButton: root.querySelector<HTMLButtonElement>('#page-button')! };
}

async function rendered(el: IncomingCall): Promise<void> {
  await settle();
  await el.updateComplete;
}

describe('<incoming-call>', () => {
  it('renders nothing while no call rings in', async () => {
    const { el } = await mount('idle');
    expect(cards(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
  });

  it('announces a video call with the caller, the number and Accept / Accept with video / Decline, and takes focus', async () => {
    const { el } = await mount('incoming');
    const [card] = cards(el);
    expect(card!.getAttribute('role')).to.equal('alertdialog');
    expect(card!.getAttribute('aria-label')).to.equal('Incoming video call from Jordan Lee');
    expect(text(card!.querySelector('[part="caller"]'))).to.equal('Incoming video call from Jordan Lee');
    expect(text(card!.querySelector('[part="address"]'))).to.equal('+12025550101');
    expect(names(card!)).to.deep.equal(['Accept', 'Accept with video', 'Decline']);
    same(el.shadowRoot!.activeElement, button(card!, 'Accept'), 'focus on Accept');
    await expect(el).to.be.accessible();
  });

  it('accepts without video, or with video', async () => {
    const { el, controller, provider } = await mount('idle');
    const first = provider.simulateIncomingCall({ name: 'Ana', video: true });
    await rendered(el);
    button(cards(el)[0]!, 'Accept').click();
    await until(() => controller.snapshot.calls.find((c) => c.id === first)?.state === 'connected', 'accepted');
    expect(controller.snapshot.calls[0]!.local.video).to.equal(false);
    await rendered(el);
    expect(cards(el)).to.have.length(0);
    await controller.hangUp(first);

    const second = provider.simulateIncomingCall({ name: 'Ben', video: true });
    await rendered(el);
    button(cards(el)[0]!, 'Accept with video').click();
    await until(() => controller.snapshot.calls.find((c) => c.id === second)?.state === 'connected', 'accepted with video');
    expect(controller.snapshot.calls.find((c) => c.id === second)!.local.video).to.equal(true);
  });

  it('declines', async () => {
    const { el, controller } = await mount('incoming');
    button(cards(el)[0]!, 'Decline').click();
    await until(() => controller.snapshot.lastEndedCall?.endReason?.code === 'declined', 'declined');
    await rendered(el);
    expect(cards(el)).to.have.length(0);
  });

  it('offers no "Accept with video" for an audio call', async () => {
    const { el, provider } = await mount('idle');
    provider.simulateIncomingCall({ name: 'Ana', address: '+4930123456', video: false });
    await rendered(el);
    const [card] = cards(el);
    expect(card!.getAttribute('aria-label')).to.equal('Incoming call from Ana');
    expect(names(card!)).to.deep.equal(['Accept', 'Decline']);
    await expect(el).to.be.accessible();
  });

  it('handles several calls at once, and focus follows the calls, then returns to the page', async () => {
    const { el, controller, provider, pageButton } = await mount('idle');
    pageButton.focus();
    const a = provider.simulateIncomingCall({ name: 'Ana' });
    await rendered(el);
    const b = provider.simulateIncomingCall({ name: 'Ben' });
    await rendered(el);
    expect(cards(el).map((c) => c.dataset.callId)).to.deep.equal([a, b]);
    expect(cards(el).map((c) => c.getAttribute('aria-label'))).to.deep.equal(['Incoming call from Ana', 'Incoming call from Ben']);
    same(el.shadowRoot!.activeElement, button(cards(el)[1]!, 'Accept'), 'focus on the newest arrival');
    await expect(el).to.be.accessible();

    const anaCard = cards(el)[0]!;
    button(cards(el)[1]!, 'Decline').click();
    await until(() => controller.snapshot.calls.length === 1, 'Ben declined');
    await rendered(el);
    expect(cards(el)).to.have.length(1);
    same(cards(el)[0], anaCard, 'the remaining card is the same node');
    same(el.shadowRoot!.activeElement, button(anaCard, 'Accept'), 'focus on the remaining call');

    provider.simulateRemoteHangUp(a); // Ana gives up
    await rendered(el);
    expect(cards(el)).to.have.length(0);
    expect(controller.snapshot.lastEndedCall?.endReason?.code).to.equal('cancelled');
    same(document.activeElement, pageButton, 'focus back on the page');
  });

  it('does not take focus back from where the user moved it', async () => {
    const { el, provider, root } = await mount('idle');
    const a = provider.simulateIncomingCall({ name: 'Ana' });
    await rendered(el);
    const other = document.createElement('input');
    other.setAttribute('aria-label', 'Notes');
    root.append(other);
    other.focus();
    provider.simulateRemoteHangUp(a);
    await rendered(el);
    same(document.activeElement, other, 'focus left where the user put it');
  });

  it('is busy while the answer is pending, and takes no second answer', async () => {
    const { el, controller, clock } = await mount('incoming', { latencyMs: 300 });
    const card = cards(el)[0]!;
    button(card, 'Accept').click();
    await rendered(el);
    expect(names(card).map((n) => button(card, n).getAttribute('aria-disabled'))).to.deep.equal(['true', 'true', 'true']);
    button(card, 'Decline').click();
    await rendered(el);
    expect(controller.snapshot.pending.map((p) => p.action)).to.deep.equal(['accept']);
    await expect(el).to.be.accessible();
    clock.advance(300);
    await until(() => controller.snapshot.calls[0]?.state === 'connected', 'connected');
  });

  it('shows a call ringing in during a call (call waiting); accepting holds the first', async () => {
    const { el, controller, provider } = await mount('one-to-one');
    const waiting = provider.simulateIncomingCall({ name: 'Ben' });
    await rendered(el);
    expect(cards(el)).to.have.length(1);
    button(cards(el)[0]!, 'Accept').click();
    await until(() => controller.snapshot.activeCallId === waiting, 'the new call active');
    expect(controller.snapshot.calls.find((c) => c.id !== waiting)!.state).to.equal('on-hold');
  });

  it('renders a hostile caller name as text', async () => {
    const { el, provider } = await mount('idle');
    let alerted = false;
    const original = window.alert;
    window.alert = () => {
      alerted = true;
    };
    try {
      const evil = '<img src=x onerror=alert(1)>';
      provider.simulateIncomingCall({ name: evil, address: '"><script>alert(2)</script>' });
      await rendered(el);
      await brokenImageFailed(); // by then an <img> parsed from the name would have run its onerror
      const card = cards(el)[0]!;
      expect(text(card.querySelector('[part="caller"]'))).to.equal(`Incoming call from ${evil}`);
      expect(text(card.querySelector('[part="address"]'))).to.equal('"><script>alert(2)</script>');
      expect(el.shadowRoot!.querySelector('img, script') === null, 'no element from the name').to.equal(true);
      expect(alerted).to.equal(false);
    } finally {
      window.alert = original;
    }
  });

  describe('looks', () => {
    it('draws decorative icons on Accept, Accept with video and Decline, names unchanged, the caller isolated', async () => {
      const { el } = await mount('incoming');
      const [card] = cards(el);
      expect(names(card!)).to.deep.equal(['Accept', 'Accept with video', 'Decline']);
      expect([...card!.querySelectorAll('button svg[aria-hidden="true"]')].map((s) => s.getAttribute('data-icon'))).to.deep.equal([
        'accept',
        'accept-video',
        'decline',
      ]);
      const caller = card!.querySelector('[part="caller"]')!;
      expect(text(caller)).to.equal(card!.getAttribute('aria-label'));
      expect(card!.getAttribute('aria-label')).to.equal(`Incoming video call from ${caller.querySelector('bdi')!.textContent}`);
      for (const b of card!.querySelectorAll('button')) expect(b.getBoundingClientRect().height).to.be.at.least(44);
      await expect(el).to.be.accessible();
    });

    it('shows the pending action as busy', async () => {
      const { el, clock } = await mount('incoming', { latencyMs: 200 });
      const [card] = cards(el);
      button(card!, 'Decline').click();
      await rendered(el);
      const decline = button(card!, 'Decline');
      expect(decline.getAttribute('aria-disabled')).to.equal('true');
      expect(decline.querySelector('svg')!.getAttribute('data-icon')).to.equal('busy');
      expect(button(card!, 'Accept').querySelector('svg')!.getAttribute('data-icon'), 'only the pending one turns').to.equal('accept');
      clock.advance(200);
    });

    it('ignores a page’s --shadow and takes --incoming-call-shadow', async () => {
      const style = document.createElement('style');
      style.textContent = ':root { --shadow: none; --_shadow: none; --gap: 60px }';
      document.head.append(style);
      try {
        const { el } = await mount('incoming');
        expect(getComputedStyle(cards(el)[0]!).boxShadow).to.not.equal('none');
        el.style.setProperty('--incoming-call-shadow', 'none');
        expect(getComputedStyle(cards(el)[0]!).boxShadow).to.equal('none');
      } finally {
        style.remove();
      }
    });
  });
});
