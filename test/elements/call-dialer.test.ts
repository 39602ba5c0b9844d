import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { CallController } from '../../src/core/controller.js';
import type { CallDialDetail, CallDialer } from '../../src/elements/call-dialer/call-dialer.js';
import '../../src/elements/call-dialer/define.js';
import { classifyDestination } from '../../src/elements/call-dialer/destination.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { settle, until } from '../harness/recording-provider.js';

const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const buttons = (el: Element) => [...el.shadowRoot!.querySelectorAll('button')];
const nameOf = (b: Element) => (b.getAttribute('aria-label') ?? text(b)).trim();
function button(el: Element, name: string): HTMLButtonElement {
  const found = buttons(el).find((b) => nameOf(b) === name);
  if (!found) throw new Error(`No button "${name}" in ${buttons(el).map(nameOf).join(', ')}`);
  return found;
}
const field = (el: CallDialer) => el.shadowRoot!.querySelector<HTMLInputElement>('input[type="text"]')!;
const checkbox = (el: CallDialer) => el.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]');

async function mount(scenario = 'idle', attrs: { country?: string } = {}, options: Record<string, unknown> = {}) {
  const clock = new ManualClock(Date.now());
  const session = await fixture<CallSession>(
    html`<call-session provider="simulated" scenario=${scenario} .providerOptions=${{ clock, speaking: false, ...options }}>
      <call-dialer default-country=${attrs.country ?? 'US'}></call-dialer>
    </call-session>`,
  );
  const controller: CallController = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected', 'connection');
  const el = session.querySelector<CallDialer>('call-dialer')!;
  await rendered(el);
  const dials: CallDialDetail[] = [];
  session.addEventListener('call-dial', (e) => dials.push(e.detail));
  return { el, controller, clock, dials, provider: controller.provider as SimulatedProvider };
}

async function rendered(el: CallDialer): Promise<void> {
  await settle();
  await el.updateComplete;
}

/** Types into the field like a user (real key events), then clicks Call. */
async function dial(el: CallDialer, value: string): Promise<void> {
  field(el).focus();
  field(el).select();
  await sendKeys({ press: 'Backspace' });
  await sendKeys({ type: value });
  button(el, 'Call').click();
  await settle(); // classification is async; the phone library is preloaded (see before())
  await rendered(el);
}

const dialled = (controller: CallController) => controller.snapshot.calls.map((c) => c.remoteParties[0]?.address);

// The phone-number library loads on first use, as its own chunk; load it once so each dial settles in a task.
before(() => classifyDestination('+12025550123', ['phone']));

describe('<call-dialer>', () => {
  it('has a labelled field, a 12-key pad, Video and Call', async () => {
    const { el } = await mount();
    const input = field(el);
    const label = el.shadowRoot!.querySelector(`label[for="${input.id}"]`);
    expect(text(label)).to.equal('Number or user');
    const keys = [...el.shadowRoot!.querySelectorAll('[part~="key"]')].map(nameOf);
    expect(keys).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    expect(text(checkbox(el)!.closest('label'))).to.equal('Video');
    button(el, 'Call');
    button(el, 'Delete last digit');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    await expect(el).to.be.accessible();
  });

  it('normalizes a pasted formatted number to E.164 with default-country and dials it', async () => {
    const { el, controller, dials } = await mount();
    await dial(el, '(202) 555-0123');
    expect(dials).to.deep.equal([{ destination: '+12025550123', kind: 'phone', video: false }]);
    expect(dialled(controller)).to.deep.equal(['+12025550123']);
    expect(field(el).getAttribute('aria-invalid')).to.equal('false');
  });

  it('accepts tel: URIs and numbers of the default country', async () => {
    const us = await mount();
    await dial(us.el, 'tel:+1-202-555-0199;ext=12');
    expect(dialled(us.controller)).to.deep.equal(['+12025550199']);
    const de = await mount('idle', { country: 'DE' });
    await dial(de.el, '030 1234567');
    expect(dialled(de.controller)).to.deep.equal(['+49301234567']);
  });

  it('shows invalid input inline, described by the message, and dials nothing', async () => {
    const { el, controller, dials } = await mount();
    await dial(el, '12345');
    const input = field(el);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const message = el.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!);
    expect(text(message)).to.equal('That phone number is not valid.');
    expect(message!.getAttribute('role')).to.equal('alert');
    expect(controller.snapshot.calls).to.have.length(0);
    expect(controller.snapshot.pending).to.have.length(0);
    expect(dials).to.have.length(0);
    await expect(el).to.be.accessible();
    // typing again clears the error
    await sendKeys({ type: '6' });
    await rendered(el);
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(input.hasAttribute('aria-describedby')).to.equal(false);
  });

  it('refuses destinations the platform does not dial', async () => {
    const { el, controller } = await mount();
    await dial(el, '8:acs:1234-abcd');
    expect(text(el.shadowRoot!.querySelector('[part="error"]'))).to.equal('This service cannot call that kind of destination.');
    await dial(el, 'weird:thing');
    expect(text(el.shadowRoot!.querySelector('[part="error"]'))).to.equal('Enter a valid phone number or user.');
    expect(controller.snapshot.calls).to.have.length(0);
  });

  it('dials SIP URIs, user@domain and user names as the platform takes them', async () => {
    const { el, controller, dials } = await mount();
    await dial(el, 'sip:alice@example.com');
    await dial(el, 'bob@example.com');
    await dial(el, 'carol');
    expect(dials.map((d) => `${d.kind}:${d.destination}`)).to.deep.equal(['sip:sip:alice@example.com', 'user:bob@example.com', 'user:carol']);
    expect(dialled(controller)).to.deep.equal(['sip:alice@example.com', 'bob@example.com', 'carol']);
  });

  it('dials on Enter, and the pad works from the physical keyboard', async () => {
    const { el, controller } = await mount();
    field(el).focus();
    await sendKeys({ type: '202555' });
    // on the pad: digits, * and # type; Backspace deletes
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="key"]')!.focus();
    await sendKeys({ type: '01#' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '23' });
    await rendered(el);
    expect(el.value).to.equal('2025550123');
    expect(field(el).value).to.equal('2025550123');
    field(el).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => controller.snapshot.calls.length === 1, 'the call');
    expect(dialled(controller)).to.deep.equal(['+12025550123']);
  });

  it('appends clicked keys and deletes with "Delete last digit"', async () => {
    const { el } = await mount();
    button(el, '4').click();
    button(el, '4').click();
    button(el, '9').click();
    button(el, 'Delete last digit').click();
    button(el, '*').click();
    await rendered(el);
    expect(field(el).value).to.equal('44*');
  });

  it('asks for video when "Video" is checked', async () => {
    const { el, controller } = await mount();
    checkbox(el)!.click();
    await dial(el, '+12025550123');
    expect(controller.snapshot.calls[0]!.video).to.equal(true);
  });

  it('is busy while the call is being placed, and places one call', async () => {
    const { el, controller, clock } = await mount('idle', {}, { latencyMs: 300 });
    await dial(el, '+12025550123');
    expect(button(el, 'Call').getAttribute('aria-disabled')).to.equal('true');
    button(el, 'Call').click();
    await rendered(el);
    expect(controller.snapshot.pending.filter((p) => p.action === 'startCall')).to.have.length(1);
    await expect(el).to.be.accessible();
    clock.advance(300);
    await until(() => controller.snapshot.calls.length === 1, 'placed');
    await rendered(el);
    expect(button(el, 'Call').getAttribute('aria-disabled')).to.equal('false');
  });

  it('lets the page cancel a dial through call-dial', async () => {
    const { el, controller } = await mount();
    el.addEventListener('call-dial', (e) => e.preventDefault());
    await dial(el, '+12025550123');
    expect(controller.snapshot.calls).to.have.length(0);
  });

  it('sends DTMF during a connected call and shows the digits sent', async () => {
    const { el, controller } = await mount('one-to-one');
    expect(field(el) === null, 'no destination field during the call').to.equal(true);
    expect(() => button(el, 'Call')).to.throw();
    button(el, '1').click();
    button(el, '2').click();
    await until(() => controller.snapshot.calls[0]!.dtmf === '12', 'tones sent');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="key"]')!.focus();
    await sendKeys({ press: '#' });
    await until(() => controller.snapshot.calls[0]!.dtmf === '12#', 'tone from the keyboard');
    await rendered(el);
    expect(text(el.shadowRoot!.querySelector('[part="tones"]'))).to.equal('Tones sent 12#');
    expect(el.shadowRoot!.querySelector('[part="digits"]')!.getAttribute('aria-live')).to.equal('polite');
    await expect(el).to.be.accessible();
  });

  it('on a call-control platform: no Video option, queues dialable', async () => {
    const { el, controller, dials } = await mount('call-control');
    // the scenario's active call is connected but an agent console still dials: hang it up first
    await controller.hangUp('conv-1');
    await rendered(el);
    expect(checkbox(el) === null, 'no Video option').to.equal(true);
    await dial(el, 'queue:Billing');
    expect(dials.map((d) => d.kind)).to.deep.equal(['queue']);
    expect(dialled(controller)).to.include('Billing');
  });

  it('renders a hostile destination as text', async () => {
    const { el } = await mount();
    el.value = '<img src=x onerror=alert(1)>';
    await rendered(el);
    expect(field(el).value).to.equal('<img src=x onerror=alert(1)>');
    expect(el.shadowRoot!.querySelector('img') === null, 'no element from the text').to.equal(true);
  });
});

describe('classifyDestination', () => {
  const all = ['phone', 'user', 'sip', 'acs', 'teams', 'queue', 'email'] as const;
  it('recognizes every kind', async () => {
    const cases: [string, string][] = [
      ['+44 20 7946 0958', 'phone:+442079460958'],
      ['8:acs:abc-123', 'acs:8:acs:abc-123'],
      ['8:orgid:0000-1111', 'teams:8:orgid:0000-1111'],
      ['sips:bob@example.com', 'sip:sips:bob@example.com'],
      ['queue: Support ', 'queue:Support'],
      ['ann@example.com', 'email:ann@example.com'],
      ['María García', 'user:María García'],
    ];
    for (const [input, expected] of cases) {
      const r = await classifyDestination(input, all);
      expect(r.ok ? `${r.kind}:${r.destination}` : r.reason, input).to.equal(expected);
    }
  });

  it('reads user@domain as the platform takes it, and digits as a user id where there are no phone numbers', async () => {
    const sipOnly = await classifyDestination('ann@example.com', ['sip']);
    expect(sipOnly).to.deep.equal({ ok: true, kind: 'sip', destination: 'sip:ann@example.com' });
    const extension = await classifyDestination('1234', ['user']);
    expect(extension).to.deep.equal({ ok: true, kind: 'user', destination: '1234' });
  });

  it('rejects empty, overlong and malformed input', async () => {
    for (const input of ['', '   ', 'x'.repeat(300), 'a@b@c', 'http://example.com', '<script>']) {
      const r = await classifyDestination(input, all);
      expect(r.ok, JSON.stringify(input)).to.equal(false);
    }
    expect(await classifyDestination('+1 202', all)).to.deep.equal({ ok: false, reason: 'invalid-phone' });
    expect(await classifyDestination('+12025550123', ['user'])).to.deep.equal({ ok: true, kind: 'user', destination: '+12025550123' });
    expect(await classifyDestination('ann@example.com', ['phone'])).to.deep.equal({ ok: false, reason: 'unsupported-kind' });
  });

  describe('looks', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('keys, backspace and Call are at least 44×44 px at 375 px, the checkbox at least 24×24, all inside the dialer', async () => {
      await setViewport({ width: 375, height: 800 });
      const { el } = await mount();
      const box = el.getBoundingClientRect();
      for (const b of buttons(el)) {
        const r = b.getBoundingClientRect();
        expect(r.width, `${nameOf(b)} width`).to.be.at.least(44);
        expect(r.height, `${nameOf(b)} height`).to.be.at.least(44);
        expect(r.right, `${nameOf(b)} inside`).to.be.at.most(box.right + 0.5);
      }
      const check = checkbox(el)!.getBoundingClientRect();
      expect(Math.min(check.width, check.height)).to.be.at.least(24);
    });

    it('draws icons for backspace and Call, decorative, with the names unchanged; Call turns busy while dialling', async () => {
      const { el, clock } = await mount('idle', {}, { latencyMs: 200 });
      const back = button(el, 'Delete last digit');
      expect(back.querySelector('svg[aria-hidden="true"]')!.getAttribute('data-icon')).to.equal('backspace');
      expect(text(back)).to.equal('');
      expect(button(el, 'Call').querySelector('svg')!.getAttribute('data-icon')).to.equal('call');
      checkbox(el)!.click();
      await rendered(el);
      expect(button(el, 'Call').querySelector('svg')!.getAttribute('data-icon'), 'a video call').to.equal('video-call');
      field(el).value = '2025550123';
      field(el).dispatchEvent(new Event('input'));
      button(el, 'Call').click();
      await until(() => button(el, 'Call').getAttribute('aria-disabled') === 'true', 'busy');
      expect(button(el, 'Call').querySelector('svg')!.getAttribute('data-icon')).to.equal('busy');
      clock.advance(200);
      await expect(el).to.be.accessible();
    });

    it('ignores a page’s generic variables and takes its own', async () => {
      const style = document.createElement('style');
      style.textContent = ':root { --gap: 60px; --width: 1px; --shadow: none; --key-size: 200px; --_key-size: 200px; --_width: 1px }';
      document.head.append(style);
      try {
        const { el } = await mount();
        const key = () => button(el, '5').getBoundingClientRect().height;
        expect(el.getBoundingClientRect().width).to.be.greaterThan(200);
        expect(key()).to.be.within(44, 60);
        el.style.setProperty('--call-dialer-key-size', '64px');
        el.style.setProperty('--call-dialer-width', '400px');
        expect(key()).to.equal(64);
        expect(getComputedStyle(el).maxWidth).to.equal('400px');
      } finally {
        style.remove();
      }
    });
  });
});
