import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import type { CallStatus } from '../../src/elements/call-status/call-status.js';
import { formatDuration } from '../../src/elements/call-status/call-status.js';
import '../../src/elements/call-status/define.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { brokenImageFailed } from '../harness/injection.js';
import { settle, until } from '../harness/recording-provider.js';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(scenario: string, options: Record<string, unknown> = {}, provider = 'simulated', participants = 1, lang = 'en') {
  const clock = new ManualClock(Date.now());
  const session = await fixture<CallSession>(
    html`<call-session lang=${lang} provider=${provider} scenario=${scenario} participants=${participants} .providerOptions=${{ clock, speaking: false, ...options }}>
      <call-status></call-status>
    </call-session>`,
  );
  const controller: CallController = await session.whenReady();
  const el = session.querySelector<CallStatus>('call-status')!;
  return { el, controller, clock, provider: controller.provider as SimulatedProvider };
}

async function connected(scenario: string, options: Record<string, unknown> = {}) {
  const mounted = await mount(scenario, options);
  await until(() => mounted.controller.snapshot.connection === 'connected', 'connection');
  await rendered(mounted.el);
  return mounted;
}

async function rendered(el: CallStatus): Promise<void> {
  await settle();
  await el.updateComplete;
}

describe('<call-status>', () => {
  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).to.equal('0:00');
    expect(formatDuration(65_400)).to.equal('1:05');
    expect(formatDuration(3_726_000)).to.equal('1:02:06');
    expect(formatDuration(-5_000)).to.equal('0:00'); // a platform clock slightly ahead of ours
  });

  it('says there is no call, in a polite live region', async () => {
    const { el } = await connected('idle');
    const region = part(el, 'status')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.getAttribute('role')).to.equal('status');
    expect(text(region)).to.equal('No call');
    await expect(el).to.be.accessible();
  });

  it('shows who the call is with, its state and a running timer', async () => {
    const { el } = await connected('one-to-one');
    expect(text(part(el, 'party'))).to.equal('Call with Alex Morgan');
    expect(text(part(el, 'state'))).to.equal('Connected');
    expect(part(el, 'state')!.dataset.state).to.equal('connected');
    const timer = part(el, 'timer')!;
    expect(part(el, 'status')!.contains(timer), 'timer inside the live region').to.equal(true);
    // The scenario's call started 42 s ago; the timer is inside the live region but not re-announced each second.
    expect(text(timer)).to.match(/^0:4[2-3]$/);
    expect(timer.getAttribute('role')).to.equal('timer');
    const before = text(timer);
    await until(() => text(part(el, 'timer')) !== before, 'the timer to tick', 2500);
    await expect(el).to.be.accessible();
  });

  it('follows an outgoing call through ringing to its end reason ("Busy", "No answer", "Call ended")', async () => {
    const { el, controller, clock } = await connected('idle', { ringMs: 1000, noAnswerMs: 3000 });
    await controller.startCall('busy-line');
    clock.advance(0);
    await rendered(el);
    expect(text(part(el, 'state'))).to.equal('Ringing…');
    expect(part(el, 'timer') === null, 'no timer').to.equal(true);
    await expect(el).to.be.accessible();
    clock.advance(1000);
    await rendered(el);
    expect(text(part(el, 'end-reason'))).to.equal('Busy');
    expect(part(el, 'end-reason')!.dataset.reason).to.equal('busy');
    expect(text(part(el, 'party'))).to.equal('Call with busy-line');
    await expect(el).to.be.accessible();

    await controller.startCall('no-answer-line');
    clock.advance(3000);
    await rendered(el);
    expect(text(part(el, 'end-reason'))).to.equal('No answer');

    await controller.startCall('+12025550123');
    clock.advance(1000);
    await rendered(el);
    expect(text(part(el, 'state'))).to.equal('Connected');
    expect(part(el, 'end-reason') === null, 'no end-reason').to.equal(true);
    await controller.hangUp();
    await rendered(el);
    expect(text(part(el, 'end-reason'))).to.equal('Call ended');
    expect(part(el, 'timer') === null, 'no timer').to.equal(true);
  });

  it('says "On hold" and "Incoming call"', async () => {
    const held = await connected('on-hold');
    expect(text(part(held.el, 'state'))).to.equal('On hold');
    const ringing = await connected('incoming');
    expect(text(part(ringing.el, 'state'))).to.equal('Incoming call');
  });

  it('shows an error clearly by its code with its message, until dismissed', async () => {
    const { el, controller, provider } = await connected('one-to-one');
    provider.failNext('setMuted', 'device-in-use');
    await controller.setMuted(true).catch(() => undefined);
    await rendered(el);
    const alert = part(el, 'error')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.dataset.code).to.equal('device-in-use');
    expect(text(part(el, 'error-title'))).to.equal('Error');
    expect(text(part(el, 'error-message'))).to.equal('The device is in use by another application.');
    expect(text(part(el, 'error-detail'))).to.equal('Simulated setMuted failure');
    await expect(el).to.be.accessible();
    const dismiss = part(el, 'dismiss') as HTMLButtonElement;
    expect(text(dismiss)).to.equal('Dismiss');
    dismiss.click();
    await rendered(el);
    expect(part(el, 'error') === null, 'no error').to.equal(true);
    expect(controller.snapshot.error).to.equal(null);
  });

  it('shows a platform error no action awaited', async () => {
    const { el, provider } = await connected('one-to-one');
    provider.simulatePlatformError('network', 'Socket closed');
    await rendered(el);
    expect(text(part(el, 'error-message'))).to.equal('Network problem. Check your connection.');
    expect(text(part(el, 'error-detail'))).to.equal('Socket closed');
  });

  it('shows the connection state when not connected, and why', async () => {
    const { el, controller } = await mount('idle', {}, 'no-such-platform');
    await until(() => controller.snapshot.connection === 'failed', 'the failure');
    await rendered(el);
    const connection = part(el, 'connection')!;
    expect(connection.dataset.state).to.equal('failed');
    expect(text(connection)).to.equal('Could not connect');
    expect(part(el, 'error') !== null, 'an error shown').to.equal(true);
    expect(text(part(el, 'error-detail'))).to.contain('no-such-platform');
    await expect(el).to.be.accessible();
  });

  it('renders a hostile display name as text', async () => {
    const { el, provider } = await connected('idle');
    const evil = '<img src=x onerror=alert(1)>';
    let alerted = false;
    const original = window.alert;
    window.alert = () => {
      alerted = true;
    };
    try {
      provider.simulateIncomingCall({ name: evil });
      await rendered(el);
      await brokenImageFailed(); // by then an <img> parsed from the name would have run its onerror
      expect(text(part(el, 'party'))).to.equal(`Call with ${evil}`);
      expect(el.shadowRoot!.querySelector('img') === null, 'no element from the name').to.equal(true);
      expect(alerted).to.equal(false);
    } finally {
      window.alert = original;
    }
  });

  it('stops its timer when removed', async () => {
    const { el } = await connected('one-to-one');
    let renders = 0;
    const original = el.requestUpdate.bind(el);
    el.requestUpdate = (...args: Parameters<typeof el.requestUpdate>) => {
      renders++;
      original(...args);
    };
    // A twin in the same session keeps ticking: once its timer has fired twice, the removed one's would have too.
    const twin = el.parentElement!.appendChild(document.createElement('call-status'));
    await rendered(twin);
    let ticks = 0;
    const twinUpdate = twin.requestUpdate.bind(twin);
    twin.requestUpdate = (...args: Parameters<typeof twin.requestUpdate>) => (ticks++, twinUpdate(...args));
    el.remove();
    await until(() => ticks >= 2, 'the twin ticked twice', 10000);
    expect(renders).to.equal(0);
  });

  describe('group calls and names', () => {
    async function group(participants: number, lang = 'en') {
      const mounted = await mount('group', {}, 'simulated', participants, lang);
      await until(() => mounted.controller.snapshot.calls.length > 0, 'the call');
      await rendered(mounted.el);
      return mounted;
    }

    it('titles a group call by the call and counts everyone in it, you included', async () => {
      const { el } = await group(5);
      expect(text(part(el, 'party'))).to.equal('Design review · 6 people');
      await expect(el).to.be.accessible();
    });

    it('pluralizes with the language’s rules, in Spanish and German too', async () => {
      const es = await group(2, 'es');
      await until(() => text(part(es.el, 'party')) === 'Design review · 3 personas', 'Spanish');
      const de = await group(3, 'de');
      await until(() => text(part(de.el, 'party')) === 'Design review · 4 Personen', 'German');
    });

    it('keeps "Call with …" for a one-to-one call, with the name isolated for right-to-left text', async () => {
      const { el } = await connected('one-to-one');
      const party = part(el, 'party')!;
      expect(text(party)).to.equal('Call with Alex Morgan');
      expect(party.querySelector('bdi')!.textContent).to.equal('Alex Morgan');
    });

    it('ignores a page’s generic variables and takes its own error background', async () => {
      const style = document.createElement('style');
      style.textContent = ':root { --gap: 60px; --width: 1px; --shadow: none; --error-background: rgb(255, 0, 0); --_error-bg: rgb(255, 0, 0) }';
      document.head.append(style);
      try {
        const { el, controller } = await connected('one-to-one');
        await controller.startCall('').catch(() => undefined); // an invalid destination: an error to show
        await until(() => !!part(el, 'error'), 'error shown');
        expect(getComputedStyle(part(el, 'error')!).backgroundColor).to.not.equal('rgb(255, 0, 0)');
        el.style.setProperty('--call-status-error-background', 'rgb(1, 2, 3)');
        expect(getComputedStyle(part(el, 'error')!).backgroundColor).to.equal('rgb(1, 2, 3)');
      } finally {
        style.remove();
      }
    });
  });
});
