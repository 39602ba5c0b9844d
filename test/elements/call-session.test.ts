import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { html as litHtml } from 'lit';
import { CallController } from '../../src/core/controller.js';
import { CallElement } from '../../src/elements/call-element.js';
import { CallSession } from '../../src/elements/call-session/call-session.js';
import { defineElement } from '../../src/elements/define-element.js';
import '../../src/define.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { RecordingProvider, settle, until } from '../harness/recording-provider.js';

/** A minimal connected element: shows what its controller says. */
class ProbeElement extends CallElement {
  renders = 0;
  protected override render() {
    this.renders++;
    const s = this.snapshot;
    return litHtml`<span>${this.callController ? s.connection : 'none'}:${s.calls.length}</span>`;
  }
}
customElements.define('probe-element', ProbeElement);

const text = (el: Element) => el.shadowRoot!.textContent.trim();

async function sessionReady(session: CallSession): Promise<CallController> {
  const controller = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected', 'connection');
  return controller;
}

describe('<call-session>', () => {
  it('provides its controller to elements inside it', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario="one-to-one"><probe-element></probe-element></call-session>`);
    const controller = await sessionReady(session);
    const probe = session.querySelector('probe-element') as ProbeElement;
    await until(() => text(probe) === 'connected:1', 'probe to render');
    expect(probe.callController).to.equal(controller);
  });

  it('reaches elements that upgraded before their session was defined (CDN load order)', async () => {
    const root = await fixture(html`<div><late-session provider="simulated" scenario="one-to-one"><div><late-probe></late-probe></div></late-session></div>`);
    customElements.define('late-probe', class extends ProbeElement {});
    const probe = root.querySelector('late-probe') as ProbeElement;
    await probe.updateComplete;
    expect(text(probe)).to.equal('none:0');
    customElements.define('late-session', class extends CallSession {});
    await until(() => text(probe) === 'connected:1', 'late probe to connect');
  });

  it('reaches elements defined after their session, and elements added later', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario="group"><after-probe></after-probe></call-session>`);
    await sessionReady(session);
    customElements.define('after-probe', class extends ProbeElement {});
    const first = session.querySelector('after-probe')!;
    await until(() => text(first) === 'connected:1', 'upgraded probe');
    const added = document.createElement('probe-element');
    session.append(added);
    await until(() => text(added) === 'connected:1', 'added probe');
  });

  it('lets an explicit .controller win over the context', async () => {
    const provider = new RecordingProvider();
    const own = new CallController(provider);
    await own.connect();
    const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario="group"><probe-element .controller=${own}></probe-element></call-session>`);
    await sessionReady(session);
    const probe = session.querySelector('probe-element') as ProbeElement;
    provider.addCall();
    provider.addCall();
    await until(() => text(probe) === 'connected:2', 'explicit controller state');
    expect(probe.callController).to.equal(own);
  });

  it('keeps two sessions on one page fully independent', async () => {
    const root = await fixture(html`<div>
      <call-session id="a" provider="simulated" scenario="one-to-one"><probe-element></probe-element></call-session>
      <call-session id="b" provider="simulated" scenario="idle"><probe-element></probe-element></call-session>
    </div>`);
    const a = root.querySelector<CallSession>('#a')!;
    const b = root.querySelector<CallSession>('#b')!;
    const [ca, cb] = [await sessionReady(a), await sessionReady(b)];
    expect(ca).not.to.equal(cb);
    const errorsB: Event[] = [];
    b.addEventListener('call-error', (e) => errorsB.push(e));
    await ca.setMuted(true);
    await ca.hangUp();
    await settle();
    expect(ca.snapshot.calls).to.have.length(0);
    expect(cb.snapshot.calls).to.have.length(0);
    await until(() => text(a.querySelector('probe-element')!) === 'connected:0', 'a updated');
    expect(text(b.querySelector('probe-element')!)).to.equal('connected:0');
    (ca.provider as SimulatedProvider).simulateIncomingCall();
    await settle();
    expect(cb.snapshot.calls).to.have.length(0);
    expect(errorsB).to.have.length(0);
  });

  it('re-dispatches controller events as bubbling, composed DOM events with typed detail', async () => {
    const root = await fixture(html`<div><call-session provider="simulated" scenario="idle"></call-session></div>`);
    const session = root.querySelector<CallSession>('call-session')!;
    const controller = await sessionReady(session);
    const seen: string[] = [];
    for (const type of ['call-incoming', 'call-state-change', 'call-ended', 'call-error']) {
      root.addEventListener(type, (e) => {
        const detail = (e as CustomEvent<{ call?: { state: string }; error?: { code: string } }>).detail;
        seen.push(`${type}:${detail.call?.state ?? detail.error?.code ?? ''}:${String(e.bubbles && e.composed)}`);
      });
    }
    const id = (controller.provider as SimulatedProvider).simulateIncomingCall({ name: 'Eve' });
    await settle();
    await controller.reject(id);
    await settle();
    await controller.setMuted(true).catch(() => undefined);
    expect(seen).to.deep.equal([
      'call-incoming:ringing:true',
      'call-state-change:ringing:true',
      'call-state-change:ended:true',
      'call-ended:ended:true',
      'call-error:invalid-state:true',
    ]);
  });

  it('releases every MediaView and subscription when removed', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario="group"><probe-element></probe-element><probe-element></probe-element></call-session>`);
    const controller = await sessionReady(session);
    const provider = controller.provider as SimulatedProvider;
    const streams = controller.snapshot.calls[0]!.participants.flatMap((p) => p.video);
    const views = streams.map((s) => controller.createView(s));
    await Promise.all(views.map((v) => v.ready));
    expect(controller.subscriberCount).to.equal(2);
    expect(provider.video.size).to.equal(streams.length);
    session.remove();
    await until(() => controller.disposed, 'disposal');
    expect(views.every((v) => v.disposed)).to.equal(true);
    expect(views.every((v) => (v.element.querySelector('video')?.srcObject ?? null) === null)).to.equal(true);
    expect(controller.viewCount).to.equal(0);
    expect(controller.subscriberCount).to.equal(0);
    expect(provider.video.size).to.equal(0);
  });

  it('survives being moved in the DOM: same controller, same call', async () => {
    const root = await fixture(html`<div><section id="one"><call-session provider="simulated" scenario="one-to-one"><probe-element></probe-element></call-session></section><section id="two"></section></div>`);
    const session = root.querySelector<CallSession>('call-session')!;
    const controller = await sessionReady(session);
    root.querySelector('#two')!.append(session);
    await settle();
    await settle();
    expect(controller.disposed).to.equal(false);
    expect(session.callController).to.equal(controller);
    expect(controller.snapshot.calls).to.have.length(1);
    const probe = session.querySelector('probe-element')!;
    await controller.hangUp();
    await until(() => text(probe) === 'connected:0', 'probe still subscribed after the move');
  });

  it('rebuilds when the provider configuration changes', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario="idle"></call-session>`);
    const first = await sessionReady(session);
    session.scenario = 'group';
    await until(() => session.callController !== undefined && session.callController !== first, 'new controller');
    const second = await sessionReady(session);
    expect(first.disposed).to.equal(true);
    expect(second.snapshot.calls).to.have.length(1);
  });

  it('shows an unknown provider or scenario as a call-error, not a crash', async () => {
    const errors: string[] = [];
    const root = document.createElement('div');
    root.addEventListener('call-error', (e) => errors.push((e as CustomEvent<{ error: { code: string } }>).detail.error.code));
    root.innerHTML = '<call-session provider="nonesuch"></call-session><call-session provider="simulated" scenario="bogus"></call-session>';
    document.body.append(root);
    const [a, b] = [...root.querySelectorAll<CallSession>('call-session')];
    const ca = await a!.whenReady();
    const cb = await b!.whenReady();
    await until(() => ca.snapshot.connection === 'failed' && cb.snapshot.connection === 'failed', 'failure');
    expect(errors).to.deep.equal(['invalid-argument', 'invalid-argument']);
    expect(ca.snapshot.error?.message).to.contain('nonesuch');
    expect(cb.snapshot.error?.message).to.contain('bogus');
    root.remove();
  });

  it('can be defined again (two bundles on a page) without throwing, and registered under another name', () => {
    expect(() => defineElement('call-session', CallSession)).not.to.throw();
    expect(customElements.get('call-session')).to.equal(CallSession);
    defineElement('my-own-call-session', class extends CallSession {});
    expect(document.createElement('my-own-call-session')).to.be.instanceOf(CallSession);
  });

  it('warns, naming both classes, when another class already holds the tag', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      defineElement('call-session', class TheirSession extends HTMLElement {});
      defineElement('call-session', CallSession);
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('call-session')).to.equal(CallSession);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<call-session>').and.contain('CallSession').and.contain('TheirSession');
  });

  it('never reflects providerOptions (where secrets go) into attributes', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="simulated" .providerOptions=${{ token: 'secret-token-123' }}></call-session>`);
    await session.whenReady();
    expect(session.outerHTML).not.to.contain('secret-token-123');
  });
});

describe('theming', () => {
  const LIGHT_SURFACE = 'rgb(255, 255, 255)';
  const DARK_SURFACE = 'rgb(21, 23, 27)';

  /** A session with a grid and a participant list inside `wrapper` markup; their computed surface and text colours. */
  async function colours(wrapperStyle: string): Promise<{ background: string; color: string }[]> {
    const root = await fixture<HTMLElement>(html`<div></div>`);
    // Test-controlled constant markup.
    root.append(
      document.createRange().createContextualFragment(`<div style="${wrapperStyle}"><call-session provider="simulated" scenario="idle"><participant-list></participant-list><call-status></call-status></call-session></div>`),
    );
    const elements = [...root.querySelectorAll<HTMLElement & { updateComplete: Promise<boolean> }>('participant-list, call-status')];
    await Promise.all(elements.map((el) => el.updateComplete));
    return elements.map((el) => ({ background: getComputedStyle(el).backgroundColor, color: getComputedStyle(el).color }));
  }

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.style.colorScheme = '';
  });

  it('elements paint their own surface, light by default on a light system', async () => {
    await emulateMedia({ colorScheme: 'light' });
    for (const c of await colours('')) expect(c).to.deep.equal({ background: LIGHT_SURFACE, color: 'rgb(27, 29, 33)' });
  });

  it('color-scheme: dark on <call-session> reaches the elements inside it', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const root = await fixture<HTMLElement>(html`<call-session provider="simulated" scenario="idle" style="color-scheme: dark"><participant-list></participant-list></call-session>`);
    const list = root.querySelector('participant-list')!;
    await list.updateComplete;
    expect(getComputedStyle(list).backgroundColor).to.equal(DARK_SURFACE);
    expect(getComputedStyle(list).color).to.equal('rgb(230, 232, 235)');
  });

  it('color-scheme on the page or any ancestor wins over the system, both ways', async () => {
    await emulateMedia({ colorScheme: 'light' });
    for (const c of await colours('color-scheme: dark')) expect(c.background, 'ancestor dark on a light system').to.equal(DARK_SURFACE);
    await emulateMedia({ colorScheme: 'dark' });
    for (const c of await colours('color-scheme: light')) expect(c.background, 'ancestor light on a dark system').to.equal(LIGHT_SURFACE);
    await emulateMedia({ colorScheme: 'light' });
    document.documentElement.style.colorScheme = 'dark';
    for (const c of await colours('')) expect(c.background, 'page dark on a light system').to.equal(DARK_SURFACE);
  });

  it('an unstyled page follows the system', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    for (const c of await colours('')) expect(c).to.deep.equal({ background: DARK_SURFACE, color: 'rgb(230, 232, 235)' });
  });

  it('a page’s generic variables (:root { --gap; --width; --shadow; … }) change nothing inside the elements', async () => {
    const root = await fixture<HTMLElement>(html`<div style="width: 1000px"></div>`);
    root.append(
      document
        .createRange()
        .createContextualFragment(
          '<call-session provider="simulated" scenario="group" participants="3"><call-status></call-status><video-grid></video-grid><call-controls></call-controls><participant-list></participant-list><call-list></call-list><call-dialer></call-dialer><device-picker></device-picker></call-session>' +
            '<call-session provider="simulated" scenario="incoming"><incoming-call></incoming-call></call-session>',
        ),
    );
    for (const session of root.querySelectorAll('call-session')) {
      const controller = await session.whenReady();
      await until(() => controller.snapshot.connection === 'connected', 'connection');
    }
    await until(() => root.querySelector('incoming-call')!.shadowRoot!.querySelector('button') !== null, 'the incoming call');
    await settle();
    const look = () =>
      [...root.querySelectorAll('*')]
        .filter((el) => el.shadowRoot)
        .flatMap((host) => [host, ...host.shadowRoot!.querySelectorAll('*')])
        .map((el) => {
          const r = el.getBoundingClientRect();
          const s = getComputedStyle(el);
          return `${el.localName}.${el.getAttribute('part') ?? ''} ${r.x},${r.y},${r.width},${r.height} ${s.gap} ${s.boxShadow} ${s.maxWidth} ${s.minHeight}`;
        });
    const before = look();
    const style = document.createElement('style');
    style.textContent =
      ':root { --gap: 60px; --width: 1px; --shadow: none; --key-size: 90px; --size: 90px; --cols: 1; --rows: 9; --space: 40px; --radius: 30px; --error-background: red; }';
    document.head.append(style);
    try {
      await new Promise((r) => requestAnimationFrame(r));
      const after = look();
      expect(after.filter((x, i) => x !== before[i])).to.deep.equal([]);
    } finally {
      style.remove();
    }
  });
});
