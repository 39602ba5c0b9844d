import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import '../../src/elements/call-controls/define.js';
import '../../src/elements/call-dialer/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/call-status/define.js';
import '../../src/elements/incoming-call/define.js';
import { en } from '../../src/i18n/en.js';
import { enOnDemand } from '../../src/i18n/en-on-demand.js';
import { de } from '../../src/i18n/de.js';
import { es } from '../../src/i18n/es.js';
import { setTranslations, translatePlural } from '../../src/i18n/localize.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { until } from '../harness/recording-provider.js';

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const shadow = (session: Element, tag: string) => session.querySelector(tag)!.shadowRoot!;
const buttonTexts = (session: Element, tag: string) => [...shadow(session, tag).querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? text(b));

/** What the user reads in each element: the controls, the status, the dialer and the incoming call. */
function visible(session: Element) {
  return {
    controls: buttonTexts(session, 'call-controls'),
    status: text(shadow(session, 'call-status').querySelector('[part="status"]')),
    // in a connected call the dialer is a DTMF pad
    dialer: shadow(session, 'call-dialer').querySelector('[part="dialer"]')?.getAttribute('aria-label') ?? null,
    tones: text(shadow(session, 'call-dialer').querySelector('[part="tones"]')),
    incoming: buttonTexts(session, 'incoming-call'),
    incomingName: shadow(session, 'incoming-call').querySelector('[part="call"]')?.getAttribute('aria-label') ?? null,
  };
}

async function mount(lang?: string) {
  const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario="one-to-one" lang=${lang ?? ''} .providerOptions=${{ speaking: false }}>
    <call-status></call-status>
    <call-controls></call-controls>
    <call-dialer></call-dialer>
    <incoming-call></incoming-call>
  </call-session>`);
  if (!lang) session.removeAttribute('lang');
  const controller: CallController = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected' && controller.snapshot.calls.length === 1, 'the call');
  // a waiting video call, so <incoming-call> shows too
  (controller.provider as SimulatedProvider).simulateIncomingCall({ name: 'Jordan Lee', video: true });
  await until(() => visible(session).incoming.length === 3, 'the incoming call');
  return { session, controller };
}

const ENGLISH = {
  controls: ['Mute', 'Camera', 'Share screen', 'Hold', 'Transfer', 'Hang up'],
  dialer: 'Dialer',
  tones: 'Tones sent',
  incoming: ['Accept', 'Accept with video', 'Decline'],
  incomingName: 'Incoming video call from Jordan Lee',
};
const SPANISH = {
  controls: ['Silenciar', 'Cámara', 'Compartir pantalla', 'En espera', 'Transferir', 'Colgar'],
  dialer: 'Marcador',
  tones: 'Tonos enviados',
  incoming: ['Aceptar', 'Aceptar con vídeo', 'Rechazar'],
  incomingName: 'Videollamada entrante de Jordan Lee',
};
const GERMAN = {
  controls: ['Stumm', 'Kamera', 'Bildschirm teilen', 'Halten', 'Weiterleiten', 'Auflegen'],
  dialer: 'Wähltastatur',
  tones: 'Gesendete Töne',
  incoming: ['Annehmen', 'Mit Video annehmen', 'Ablehnen'],
  incomingName: 'Eingehender Videoanruf von Jordan Lee',
};

function expectLanguage(session: Element, strings: typeof ENGLISH, status: RegExp): void {
  const seen = visible(session);
  expect({ ...seen, status: undefined }).to.deep.equal({ ...strings, status: undefined });
  expect(seen.status).to.match(status);
}

/** Waits for a lazily loaded table to reach every element. */
const showing = (session: Element, strings: typeof ENGLISH) =>
  until(() => JSON.stringify(buttonTexts(session, 'call-controls')) === JSON.stringify(strings.controls), `${strings.controls[0]}…`);

describe('localization', () => {
  const documentLang = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = documentLang;
  });

  it('is English by default', async () => {
    document.documentElement.lang = '';
    const { session } = await mount();
    expectLanguage(session, ENGLISH, /^Call with Alex Morgan Connected \d+:\d\d$/);
  });

  it('follows lang="es" on the session (the table loads lazily)', async () => {
    const { session } = await mount('es');
    await showing(session, SPANISH);
    expectLanguage(session, SPANISH, /^Llamada con Alex Morgan Conectada \d+:\d\d$/);
    await expect(session.querySelector('call-dialer')!).to.be.accessible();
  });

  it('follows lang="de" on the document, and a regional tag falls back to its language', async () => {
    document.documentElement.lang = 'de-AT';
    const { session } = await mount();
    await showing(session, GERMAN);
    expectLanguage(session, GERMAN, /^Anruf mit Alex Morgan Verbunden \d+:\d\d$/);
  });

  it('re-renders on a live lang change', async () => {
    document.documentElement.lang = 'en';
    const { session } = await mount();
    expectLanguage(session, ENGLISH, /^Call with/);
    session.setAttribute('lang', 'de');
    await showing(session, GERMAN);
    expectLanguage(session, GERMAN, /^Anruf mit/);
    session.setAttribute('lang', 'es');
    await showing(session, SPANISH);
    expectLanguage(session, SPANISH, /^Llamada con/);
    session.removeAttribute('lang');
    await showing(session, ENGLISH);
  });

  it('localizes errors and end reasons', async () => {
    const { session, controller } = await mount('es');
    await showing(session, SPANISH);
    const provider = controller.provider as SimulatedProvider;
    provider.failNext('setMuted', 'device-in-use');
    await controller.setMuted(true).catch(() => undefined);
    const status = shadow(session, 'call-status');
    await until(() => status.querySelector('[part="error"]') !== null, 'the error');
    expect(text(status.querySelector('[part="error-message"]'))).to.equal('Otra aplicación está usando el dispositivo.');
    provider.simulateRemoteHangUp(controller.snapshot.calls[1]!.id);
    await controller.hangUp(controller.snapshot.calls[0]!.id);
    await until(() => status.querySelector('[part="end-reason"]') !== null, 'the end reason');
    expect(text(status.querySelector('[part="end-reason"]'))).to.equal('Llamada finalizada');
    // no call left: the dialer is a dialer again, and its validation speaks Spanish too
    const dialer = session.querySelector('call-dialer')!;
    await until(() => dialer.shadowRoot!.querySelector('[part="label"]') !== null, 'the destination field');
    expect(text(dialer.shadowRoot!.querySelector('[part="label"]'))).to.equal('Número o usuario');
    dialer.value = '123';
    await dialer.dial();
    await dialer.updateComplete;
    expect(text(dialer.shadowRoot!.querySelector('[part="error"]'))).to.equal('Ese número de teléfono no es válido.');
  });

  it('lets a page override any string, for a language or a region', async () => {
    document.documentElement.lang = 'en';
    const { session } = await mount();
    try {
      setTranslations('en', { 'controls.mute': 'Silence me', 'incoming.from': 'Ring from {name}' });
      await until(() => buttonTexts(session, 'call-controls')[0] === 'Silence me', 'the override');
      expect(buttonTexts(session, 'call-controls')[1]).to.equal('Camera'); // the rest stays
      session.setAttribute('lang', 'es-MX');
      setTranslations('es-MX', { 'controls.hang-up': 'Colgar ya' });
      await until(() => buttonTexts(session, 'call-controls').at(-1) === 'Colgar ya', 'the regional override');
      expect(buttonTexts(session, 'call-controls')[0]).to.equal('Silenciar'); // es-MX falls back to es
    } finally {
      setTranslations('en', { 'controls.mute': en['controls.mute'], 'incoming.from': en['incoming.from'] });
      setTranslations('es-MX', { 'controls.hang-up': 'Colgar' });
    }
  });

  it('has Spanish and German for every string, the new ones included', () => {
    for (const table of [es, de]) {
      expect(Object.keys(table).sort()).to.deep.equal(Object.keys({ ...en, ...enOnDemand }).sort());
      for (const key of ['participants.you', 'participants.empty', 'list.empty', 'status.group', 'status.people-one', 'status.people-other'] as const) {
        expect(table[key], key).to.not.equal(en[key]);
      }
    }
    expect([es['participants.you'], de['participants.you']]).to.deep.equal(['Tú', 'Sie']);
  });

  it('pluralizes with Intl.PluralRules, and a page can add the forms its language needs', () => {
    expect([translatePlural('en', 'status.people', 1), translatePlural('en', 'status.people', 6)]).to.deep.equal(['1 person', '6 people']);
    expect([translatePlural('es', 'status.people', 1), translatePlural('de', 'status.people', 1)]).to.deep.equal(['1 persona', '1 Person']);
    setTranslations('pl', { 'status.people-one': '{count} osoba', 'status.people-few': '{count} osoby', 'status.people-many': '{count} osób' });
    expect([1, 3, 5, 22].map((n) => translatePlural('pl', 'status.people', n))).to.deep.equal(['1 osoba', '3 osoby', '5 osób', '22 osoby']);
    expect(translatePlural('not a tag!', 'status.people', 2), 'an invalid tag falls back to "other"').to.equal('2 people');
  });
});
