import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { activeCall } from '../../src/core/state.js';
import type { CallControls } from '../../src/elements/call-controls/call-controls.js';
import '../../src/elements/call-controls/define.js';
import '../../src/elements/call-session/define.js';
import { settle, until } from '../harness/recording-provider.js';
import { mountControls } from '../fixtures/elements/controls.js';

const buttons = (el: Element) => [...el.shadowRoot!.querySelectorAll('button')];
const names = (el: Element) => buttons(el).map((b) => (b.getAttribute('aria-label') ?? b.textContent).trim());
function button(el: Element, name: string): HTMLButtonElement {
  const found = buttons(el).find((b) => (b.getAttribute('aria-label') ?? b.textContent).trim() === name);
  if (!found) throw new Error(`No button "${name}" in ${names(el).join(', ')}`);
  return found;
}

const mount = mountControls;

/** Lets the controller notify and the element render. */
async function rendered(el: CallControls): Promise<void> {
  await settle();
  await el.updateComplete;
}

describe('<call-controls>', () => {
  it('shows the toggles the call is capable of, with constant names and aria-pressed, and Hang up', async () => {
    const { el } = await mount('one-to-one');
    expect(names(el)).to.deep.equal(['Mute', 'Camera', 'Share screen', 'Hold', 'Transfer', 'Hang up']);
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
    expect(names(el)).to.deep.equal(['Hold', 'Record', 'Transfer', 'Merge calls', 'Hang up']);
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

  describe('looks', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    const colours = (b: HTMLElement) => {
      const style = getComputedStyle(b);
      return `${style.backgroundColor} / ${style.color} / ${style.borderTopColor}`;
    };
    const icon = (b: HTMLElement) => b.querySelector('svg[part="icon"]')!.getAttribute('data-icon');

    it('draws a muted microphone and a camera that is off as warnings, with a crossed-out icon', async () => {
      const { el } = await mount('one-to-one');
      const unmuted = colours(button(el, 'Mute'));
      const cameraOn = colours(button(el, 'Camera'));
      expect(icon(button(el, 'Mute'))).to.equal('mic');
      expect(icon(button(el, 'Camera'))).to.equal('camera');
      expect(button(el, 'Mute').part.contains('warning')).to.equal(false);

      button(el, 'Mute').click();
      await until(() => button(el, 'Mute').getAttribute('aria-pressed') === 'true', 'muted');
      button(el, 'Camera').click();
      await until(() => button(el, 'Camera').getAttribute('aria-pressed') === 'false', 'camera off');
      await rendered(el);
      const muted = colours(button(el, 'Mute'));
      const cameraOff = colours(button(el, 'Camera'));
      expect(icon(button(el, 'Mute'))).to.equal('mic-off');
      expect(icon(button(el, 'Camera'))).to.equal('camera-off');
      expect(muted).to.not.equal(unmuted);
      expect(cameraOff).to.not.equal(cameraOn);
      expect(muted, 'the same warning look').to.equal(cameraOff);
      // A warning differs from an ordinary "on" toggle (the camera while on) and from "Hang up".
      expect(muted).to.not.equal(cameraOn);
      expect(muted).to.not.equal(colours(button(el, 'Hang up')));
      expect(button(el, 'Mute').part.contains('warning')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('marks "on" without colour too: a bar under every pressed toggle', async () => {
      const { el } = await mount('one-to-one');
      expect(getComputedStyle(button(el, 'Camera')).boxShadow).to.contain('inset');
      expect(getComputedStyle(button(el, 'Share screen')).boxShadow).to.equal('none');
    });

    it('shows a pending action as busy: aria-disabled and a turning icon, the name unchanged', async () => {
      const { el, clock } = await mount('one-to-one', { latencyMs: 200 });
      button(el, 'Hold').click();
      await rendered(el);
      const hold = button(el, 'Hold');
      expect(hold.getAttribute('aria-disabled')).to.equal('true');
      expect(icon(hold)).to.equal('busy');
      expect(hold.part.contains('busy')).to.equal(true);
      expect(getComputedStyle(hold.querySelector('svg')!).animationName).to.equal('call-icon-turn');
      clock.advance(200);
      await until(() => button(el, 'Hold').getAttribute('aria-disabled') === 'false', 'held');
      expect(icon(button(el, 'Hold'))).to.equal('hold');
    });

    it('turns into icon buttons when narrow: text hidden visually, names unchanged, targets at least 44×44 at 375 px', async () => {
      await setViewport({ width: 375, height: 800 });
      const { el } = await mount('group');
      expect(names(el)).to.deep.equal(['Mute', 'Camera', 'Share screen', 'Hang up', 'End for everyone']);
      for (const b of buttons(el)) {
        const label = b.querySelector<HTMLElement>('[part="label"]')!;
        const box = label.getBoundingClientRect();
        expect(box.width * box.height, `${label.textContent} hidden visually`).to.be.at.most(1);
        // Still exposed: not display:none, not visibility:hidden, not aria-hidden.
        expect(getComputedStyle(label).display).to.not.equal('none');
        expect(getComputedStyle(label).visibility).to.equal('visible');
        expect(b.hasAttribute('aria-label')).to.equal(false);
        const target = b.getBoundingClientRect();
        expect(target.width, `${label.textContent} width`).to.be.at.least(44);
        expect(target.height, `${label.textContent} height`).to.be.at.least(44);
        expect(target.right, 'inside the element').to.be.at.most(el.getBoundingClientRect().right + 0.5);
      }
      await expect(el).to.be.accessible(); // every button still has a name
    });

    it('shows text beside the icons when wide, and chooses by its own width, not the viewport', async () => {
      await setViewport({ width: 1280, height: 800 });
      const { el } = await mount('one-to-one');
      const label = () => button(el, 'Share screen').querySelector('[part="label"]')!.getBoundingClientRect().width;
      expect(label()).to.be.greaterThan(40);
      el.style.width = '320px';
      await until(() => label() <= 1, 'icon-only in a 320 px box');
      const box = el.getBoundingClientRect();
      for (const b of buttons(el)) expect(b.getBoundingClientRect().right).to.be.at.most(box.right + 0.5);
    });

    it('ignores a page’s generic variables and takes its own', async () => {
      const style = document.createElement('style');
      style.textContent = ':root { --gap: 60px; --width: 1px; --shadow: none; --_gap: 70px; --_button-size: 5px }';
      document.head.append(style);
      try {
        const { el } = await mount('one-to-one');
        const group = el.shadowRoot!.querySelector('[part="controls"]')!;
        expect(getComputedStyle(group).columnGap).to.equal('8px');
        expect(button(el, 'Mute').getBoundingClientRect().height).to.be.at.least(48);
        el.style.setProperty('--call-controls-gap', '16px');
        el.style.setProperty('--call-controls-warning-background', 'rgb(1, 2, 3)');
        expect(getComputedStyle(group).columnGap).to.equal('16px');
        button(el, 'Mute').click();
        await until(() => button(el, 'Mute').getAttribute('aria-pressed') === 'true', 'muted');
        expect(getComputedStyle(button(el, 'Mute')).backgroundColor).to.equal('rgb(1, 2, 3)');
      } finally {
        style.remove();
      }
    });

    it('puts a page’s extra buttons before and after the built-in ones through the start and end slots', async () => {
      const { el } = await mount(
        'one-to-one',
        {},
        html`<button slot="end" id="chat">Chat</button><button slot="start" id="raise">Raise hand</button>`,
      );
      // Reading order as laid out (the row wraps when the buttons do not fit): a later row, or further along it.
      const before = (a: Element, b: Element): boolean => {
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        return ra.bottom <= rb.top + 1 || (Math.abs(ra.top - rb.top) < ra.height / 2 && ra.right <= rb.left + 1);
      };
      const raise = el.querySelector('#raise')!;
      const chat = el.querySelector('#chat')!;
      expect(el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="start"]')!.assignedElements()).to.deep.equal([raise]);
      expect(before(raise, button(el, 'Mute')), 'Raise hand before Mute').to.equal(true);
      expect(before(button(el, 'Hang up'), chat), 'Chat after Hang up').to.equal(true);
      expect(raise.getBoundingClientRect().height).to.be.greaterThan(0);
    });
  });
});
