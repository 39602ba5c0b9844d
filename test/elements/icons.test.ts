import { expect, fixture, html } from '@open-wc/testing';
import type { CallControls } from '../../src/elements/call-controls/call-controls.js';
import '../../src/elements/call-controls/define.js';
import '../../src/elements/call-session/define.js';
import { icon, setIcons } from '../../src/elements/icons.js';
import * as cdn from '../../src/define.js';
import { mountControls } from '../fixtures/elements/controls.js';

const MIC = 'M12 19v3M19 10v2a7 7 0 0 1-14 0v-2M9 5a3 3 0 0 1 6 0v7a3 3 0 0 1-6 0z';
const SQUARE = 'M4 4h16v16H4z';

const controls = async (): Promise<CallControls> => (await mountControls('one-to-one')).el;

const muteButton = (el: CallControls) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="mute"]')!;

describe('icons', () => {
  afterEach(() => setIcons({ mic: undefined }));

  it('renders a decorative svg in currentColor with one path', async () => {
    const host = await fixture<HTMLDivElement>(html`<div>${icon('mic')}</div>`);
    const svg = host.querySelector('svg')!;
    expect(svg.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('aria-hidden')).to.equal('true');
    expect(svg.getAttribute('part')).to.equal('icon');
    expect(svg.getAttribute('stroke')).to.equal('currentColor');
    expect(svg.hasAttribute('style')).to.equal(false);
    expect(svg.querySelector('path')!.getAttribute('d')).to.equal(MIC);
    expect(svg.getBBox().width).to.be.greaterThan(10); // it really draws
  });

  it('puts an icon on every control, hidden from assistive technology, and keeps the names', async () => {
    const el = await controls();
    const buttons = [...el.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent.trim())).to.deep.equal(['Mute', 'Camera', 'Share screen', 'Hold', 'Transfer', 'Hang up']);
    for (const button of buttons) {
      const svg = button.querySelector('svg[part="icon"]');
      expect(svg, button.textContent).to.exist;
      expect(svg!.getAttribute('aria-hidden')).to.equal('true');
    }
    expect(muteButton(el).querySelector('svg')!.dataset.icon).to.equal('mic');
    await expect(el).to.be.accessible();
  });

  it('a page replaces an icon (also from the CDN module) and connected elements re-render with it', async () => {
    const el = await controls();
    expect(cdn.setIcons).to.equal(setIcons);
    cdn.setIcons({ mic: { d: SQUARE, viewBox: '0 0 24 24', filled: true } });
    await el.updateComplete;
    const svg = muteButton(el).querySelector('svg')!;
    expect(svg.querySelector('path')!.getAttribute('d')).to.equal(SQUARE);
    expect(svg.getAttribute('fill')).to.equal('currentColor');
    expect(svg.getAttribute('stroke')).to.equal('none');
    expect(svg.getBoundingClientRect().width).to.be.greaterThan(0);
    expect(muteButton(el).textContent.trim()).to.equal('Mute');
  });

  it('path data stays data: markup in it adds no element', async () => {
    const el = await controls();
    setIcons({ mic: { d: '"/><image href="x" onerror="window.__pwned=1"/><path d="M0 0' } });
    await el.updateComplete;
    const svg = muteButton(el).querySelector('svg')!;
    expect(svg.children).to.have.length(1);
    expect(svg.querySelector('image')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('null removes an icon and leaves the text', async () => {
    const el = await controls();
    setIcons({ mic: null });
    await el.updateComplete;
    expect(muteButton(el).querySelector('svg')).to.equal(null);
    expect(muteButton(el).textContent.trim()).to.equal('Mute');
    setIcons({ mic: undefined });
    await el.updateComplete;
    expect(muteButton(el).querySelector('path')!.getAttribute('d')).to.equal(MIC);
  });
});
