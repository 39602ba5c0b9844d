import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { MediaView } from '../../src/core/media.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import type { DevicePicker } from '../../src/elements/device-picker/device-picker.js';
import '../../src/elements/device-picker/define.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { settle, until } from '../harness/recording-provider.js';

async function setup(scenario: string, preview = false) {
  const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario=${scenario} .providerOptions=${{ speaking: false }}></call-session>`);
  const controller: CallController = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected', 'connection');
  const views: MediaView[] = [];
  const create = controller.createView.bind(controller);
  controller.createView = (stream, options) => {
    const view = create(stream, options);
    views.push(view);
    return view;
  };
  const picker = document.createElement('device-picker');
  picker.preview = preview;
  session.append(picker);
  await picker.updateComplete;
  return { session, picker, controller, views, provider: controller.provider as SimulatedProvider };
}

/** The select whose label says `label`. */
const select = (el: DevicePicker, label: string) =>
  [...el.shadowRoot!.querySelectorAll('select')].find((s) => s.labels[0]?.textContent.trim() === label) ?? null;
const options = (s: HTMLSelectElement | null) => [...s!.options].map((o) => `${o.textContent}${o.selected ? '*' : ''}`);
const allow = (el: DevicePicker) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="allow"]');

async function flush(el: DevicePicker): Promise<void> {
  await settle();
  await el.updateComplete;
}

function choose(s: HTMLSelectElement, value: string): void {
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<device-picker>', () => {
  it('asks for permission, names unnamed devices, then shows their real names', async () => {
    const { picker } = await setup('idle');
    expect(allow(picker)!.textContent.trim()).to.equal('Allow camera and microphone');
    expect(options(select(picker, 'Microphone'))).to.deep.equal(['Microphone 1*', 'Microphone 2']);
    expect(options(select(picker, 'Camera'))).to.deep.equal(['Camera 1*', 'Camera 2']);
    expect(options(select(picker, 'Speaker'))).to.deep.equal(['Speaker 1*', 'Speaker 2']);
    await expect(picker).to.be.accessible();
    allow(picker)!.click();
    await flush(picker);
    expect(allow(picker)).to.equal(null);
    expect(options(select(picker, 'Microphone'))).to.deep.equal(['Simulated Microphone*', 'Headset Microphone']);
    await expect(picker).to.be.accessible();
  });

  it('says how to fix access that was denied', async () => {
    const { picker } = await setup('permission-denied');
    const message = picker.shadowRoot!.querySelector('[part="denied"]')!;
    expect(message.getAttribute('role')).to.equal('alert');
    expect(message.textContent).to.contain('site settings');
    expect(allow(picker)).to.equal(null);
    await expect(picker).to.be.accessible();
  });

  it('follows plugged and unplugged devices and keeps the selection', async () => {
    const { picker, provider, controller } = await setup('one-to-one');
    choose(select(picker, 'Microphone')!, 'sim-mic-2');
    await flush(picker);
    provider.plugDevice({ id: 'usb-mic', label: 'USB Microphone', kind: 'microphone' });
    await flush(picker);
    expect(options(select(picker, 'Microphone'))).to.deep.equal(['Simulated Microphone', 'Headset Microphone*', 'USB Microphone']);
    provider.unplugDevice('sim-mic-1');
    await flush(picker);
    expect(options(select(picker, 'Microphone'))).to.deep.equal(['Headset Microphone*', 'USB Microphone']);
    provider.unplugDevice('sim-mic-2');
    await flush(picker);
    expect(options(select(picker, 'Microphone'))).to.deep.equal(['USB Microphone*']);
    expect(controller.snapshot.devices.selected.microphone).to.equal('usb-mic');
    provider.unplugDevice('usb-mic');
    await flush(picker);
    expect(options(select(picker, 'Microphone'))).to.deep.equal(['No device found*']);
    expect(select(picker, 'Microphone')!.disabled).to.equal(true);
  });

  it('switches the camera during a call without dropping it', async () => {
    const { picker, controller } = await setup('one-to-one');
    const call = controller.snapshot.calls[0]!;
    choose(select(picker, 'Camera')!, 'sim-cam-2');
    await flush(picker);
    expect(controller.snapshot.devices.selected.camera).to.equal('sim-cam-2');
    expect(controller.snapshot.calls.map((c) => `${c.id}:${c.state}`)).to.deep.equal([`${call.id}:connected`]);
    expect(options(select(picker, 'Camera'))).to.deep.equal(['Simulated Camera', 'Document Camera*']);
  });

  it('offers a speaker only where output selection is possible', async () => {
    const { picker, controller } = await setup('one-to-one');
    expect(select(picker, 'Speaker')).to.exist;
    controller.sink.update((s) => ({ ...s, platform: { ...s.platform, capabilities: s.platform.capabilities.filter((c) => c !== 'speaker-select') } }));
    await flush(picker);
    expect(select(picker, 'Speaker')).to.equal(null);
    expect(select(picker, 'Microphone')).to.exist;
  });

  it('previews the camera while `preview` is set, and releases it when unset or removed', async () => {
    const { picker, views, controller } = await setup('one-to-one', true);
    const box = picker.shadowRoot!.querySelector('[part="preview"]')!;
    expect(box.getAttribute('aria-label')).to.equal('Camera preview');
    const video = box.querySelector('video')!;
    expect(video.srcObject).to.be.instanceOf(MediaStream);
    expect(video.style.transform).to.equal('scaleX(-1)');
    await expect(picker).to.be.accessible();
    picker.removeAttribute('preview');
    await picker.updateComplete;
    expect(views[0]!.disposed).to.equal(true);
    expect(video.srcObject).to.equal(null);
    expect(controller.viewCount).to.equal(0);
    picker.setAttribute('preview', '');
    await picker.updateComplete;
    expect(controller.viewCount).to.equal(1);
    choose(select(picker, 'Camera')!, 'sim-cam-2');
    await flush(picker);
    expect(views.length, 'a new preview for the new camera').to.equal(3);
    expect(views.map((v) => v.disposed)).to.deep.equal([true, true, false]);
    expect(controller.viewCount).to.equal(1);
    picker.remove();
    expect(views.every((v) => v.disposed)).to.equal(true);
    expect(controller.viewCount).to.equal(0);
  });
});
