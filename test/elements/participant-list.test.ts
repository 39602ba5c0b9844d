import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import type { ParticipantList } from '../../src/elements/participant-list/participant-list.js';
import '../../src/elements/participant-list/define.js';
import { ManualClock } from '../../src/providers/simulated/clock.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { settle, until } from '../harness/recording-provider.js';

async function setup(scenario: string, participants = 3, latencyMs = 0) {
  const clock = new ManualClock();
  const session = await fixture<CallSession>(
    html`<call-session provider="simulated" scenario=${scenario} participants=${participants} .providerOptions=${{ clock, speaking: false, latencyMs }}>
      <participant-list></participant-list>
    </call-session>`,
  );
  const controller: CallController = await session.whenReady();
  // Connected: the controller's action module has loaded, so a click marks its action busy at once.
  await until(() => controller.snapshot.connection === 'connected' && controller.snapshot.calls.length > 0, 'a call');
  const list = session.querySelector('participant-list')!;
  await list.updateComplete;
  return { list, controller, clock, provider: controller.provider as SimulatedProvider, callId: controller.snapshot.activeCallId! };
}

const $ = <T extends Element = HTMLElement>(el: ParticipantList, selector: string) => el.shadowRoot!.querySelector<T & HTMLElement>(selector);
const items = (el: ParticipantList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="participant"]')];
const item = (el: ParticipantList, name: string) => items(el).find((li) => li.querySelector('[part="name"]')!.textContent === name)!;
const button = (el: ParticipantList, label: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
const badges = (li: HTMLElement) => [...li.querySelectorAll('[part~="badge"]')].map((b) => b.textContent.trim());

async function flush(el: ParticipantList): Promise<void> {
  await settle();
  await el.updateComplete;
}

describe('<participant-list>', () => {
  it('lists the local user and every participant with state and indicators', async () => {
    const { list, provider, callId } = await setup('group', 3);
    expect(items(list).map((li) => li.querySelector('[part="name"]')!.textContent)).to.deep.equal(['You', 'Alex Morgan', 'Jordan Lee', 'Sam Rivera']);
    const alex = item(list, 'Alex Morgan');
    expect(alex.getAttribute('part')).to.equal('participant');
    expect(alex.dataset.state).to.equal('connected');
    expect(alex.querySelector('[part="state"]')!.textContent).to.equal('Connected');
    provider.setSpeaking(callId, 'p1', true);
    provider.setParticipantMuted(callId, 'p2', true);
    await flush(list);
    expect(badges(item(list, 'Alex Morgan'))).to.deep.equal(['Speaking']);
    expect(badges(item(list, 'Jordan Lee'))).to.deep.equal(['Muted']);
    await expect(list).to.be.accessible();
  });

  it('mutes, removes and adds participants where the call allows it', async () => {
    const { list, controller, clock } = await setup('group', 3, 50);
    const mute = button(list, 'Mute Alex Morgan')!;
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    expect(mute.querySelector('svg')!.dataset.icon, 'not muted: the microphone').to.equal('mic');
    expect(button(list, 'Hold Alex Morgan'), 'no hold capability on a group call').to.equal(null);
    mute.click();
    await flush(list);
    expect(mute.getAttribute('aria-disabled'), 'busy while pending').to.equal('true');
    expect(mute.querySelector('svg')!.dataset.icon, 'a turning icon while pending').to.equal('busy');
    clock.advance(50);
    await flush(list);
    expect(mute.getAttribute('aria-disabled')).to.equal('false');
    expect(mute.querySelector('svg')!.dataset.icon, 'muted: the crossed-out microphone').to.equal('mic-off');
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(badges(item(list, 'Alex Morgan'))).to.deep.equal(['Muted']);

    button(list, 'Remove Jordan Lee')!.click();
    clock.advance(50);
    await flush(list);
    expect(items(list)).to.have.length(3);
    expect(controller.snapshot.calls[0]!.participants.some((p) => p.displayName === 'Jordan Lee')).to.equal(false);

    const input = $<HTMLInputElement>(list, '[part="add"] input')!;
    expect(input.labels![0]!.textContent).to.contain('Number or user to add');
    input.value = 'Zoe Quinn';
    $<HTMLButtonElement>(list, '[part="add"] [part="submit"]')!.click();
    clock.advance(50);
    await flush(list);
    const zoe = item(list, 'Zoe Quinn');
    expect(zoe.dataset.state).to.equal('ringing');
    expect(input.value, 'field cleared').to.equal('');
    await expect(list).to.be.accessible();
  });

  it('shows a failed action as a message, and bad input as invalid', async () => {
    const { list, provider } = await setup('group', 2);
    const errors: string[] = [];
    list.parentElement!.addEventListener('call-error', (e) => errors.push(e.detail.error.code));
    provider.failNext('participant-mute', 'forbidden');
    button(list, 'Mute Alex Morgan')!.click();
    await flush(list);
    expect($(list, '[part="error"]')!.textContent).to.equal('You are not allowed to do that.');
    $<HTMLButtonElement>(list, '[part="add"] [part="submit"]')!.click(); // empty field
    await flush(list);
    expect($(list, '[part="error"]')!.textContent).to.equal('That input is not valid.');
    expect(errors).to.deep.equal(['forbidden', 'invalid-argument']);
    await expect(list).to.be.accessible();
  });

  it('drives a call-control platform: roles, hold, record, listen pause and whisper', async () => {
    const { list, controller } = await setup('call-control');
    expect(items(list).map((li) => `${li.querySelector('[part="name"]')!.textContent}/${li.querySelector('[part="role"]')!.textContent}`)).to.deep.equal([
      'Agent/Agent',
      'Alex Morgan/Customer',
    ]);
    expect(item(list, 'Alex Morgan').dataset.role).to.equal('customer');
    const sent: unknown[] = [];
    const act = controller.participantAction.bind(controller);
    controller.participantAction = (pid, action, callId) => {
      sent.push({ pid, action });
      return act(pid, action, callId);
    };
    button(list, 'Hold Alex Morgan')!.click();
    button(list, 'Record Alex Morgan')!.click();
    button(list, 'Pause listen stream of Alex Morgan')!.click();
    await flush(list);
    const alex = item(list, 'Alex Morgan');
    expect(alex.dataset.state).to.equal('on-hold');
    expect(badges(alex)).to.deep.equal(['Recording']);
    expect(button(list, 'Hold Alex Morgan')!.getAttribute('aria-pressed')).to.equal('true');
    expect(button(list, 'Pause listen stream of Alex Morgan')!.getAttribute('aria-pressed')).to.equal('true');

    const whisper = button(list, 'Whisper to Alex Morgan')!;
    whisper.click();
    await list.updateComplete;
    expect(whisper.getAttribute('aria-expanded')).to.equal('true');
    const field = $<HTMLInputElement>(list, '[part="whisper"] input')!;
    expect(field.labels![0]!.textContent).to.contain('Whisper text');
    await expect(list).to.be.accessible();
    field.value = 'Offer the discount';
    $<HTMLButtonElement>(list, '[part="whisper"] [part="submit"]')!.click();
    await flush(list);
    expect(sent.at(-1)).to.deep.equal({ pid: 'customer-0', action: { type: 'whisper', text: 'Offer the discount' } });
    expect($(list, '[part="whisper"]'), 'form closes once sent').to.equal(null);
  });

  it('renders names as text', async () => {
    const { list, provider, callId } = await setup('group', 2);
    provider.simulateJoin(callId, '<img src=x onerror=alert(1)>');
    await flush(list);
    expect(item(list, '<img src=x onerror=alert(1)>')).to.exist;
    expect(button(list, 'Mute <img src=x onerror=alert(1)>')).to.exist;
    expect($(list, 'img')).to.equal(null);
  });

  it('says so when there is no call', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="simulated" scenario="idle"><participant-list></participant-list></call-session>`);
    await session.whenReady();
    const list = session.querySelector('participant-list')!;
    await list.updateComplete;
    expect($(list, '[part="empty"]')!.textContent).to.equal('Participants appear here during a call.');
    await expect(list).to.be.accessible();
  });

  it('shows a page’s own empty state through the "empty" slot', async () => {
    const session = await fixture<CallSession>(
      html`<call-session provider="simulated" scenario="idle"><participant-list><p slot="empty">Nobody yet — invite someone</p></participant-list></call-session>`,
    );
    await session.whenReady();
    const list = session.querySelector('participant-list')!;
    await list.updateComplete;
    const slot = $<HTMLSlotElement>(list, 'slot[name="empty"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Nobody yet — invite someone']);
    expect(slot.assignedElements()[0]!.getBoundingClientRect().height).to.be.greaterThan(0);
    expect($(list, '[part="empty"]')!.getBoundingClientRect().height, 'the default is replaced').to.equal(0);
  });

  it('draws badges and actions with decorative icons; names, not icons, name the buttons', async () => {
    const { list, provider, callId } = await setup('group', 3);
    provider.setParticipantMuted(callId, 'p2', true);
    await flush(list);
    const badge = item(list, 'Jordan Lee').querySelector('[part~="badge"]')!;
    expect(badge.querySelector('svg[aria-hidden="true"]')!.getAttribute('data-icon')).to.equal('muted');
    const remove = button(list, 'Remove Alex Morgan')!;
    expect(remove.querySelector('svg[aria-hidden="true"]')).to.exist;
    expect(remove.title).to.equal('Remove Alex Morgan');
    const box = remove.getBoundingClientRect();
    expect(Math.min(box.width, box.height)).to.be.at.least(24);
    // Names isolated from the text around them (a right-to-left name does not reorder the line).
    expect(getComputedStyle(item(list, 'Alex Morgan').querySelector('[part="name"]')!).unicodeBidi).to.equal('isolate');
    await expect(list).to.be.accessible();
  });

  it('keeps a page’s generic variables out and takes its own', async () => {
    const style = document.createElement('style');
    style.textContent = ':root { --gap: 60px; --width: 1px; --shadow: none; --_gap: 70px; --_item-bg: red }';
    document.head.append(style);
    try {
      const { list } = await setup('group', 2);
      const ul = $(list, 'ul')!;
      expect(getComputedStyle(ul).rowGap).to.equal('8px');
      expect(getComputedStyle(items(list)[0]!).backgroundColor).to.not.equal('rgb(255, 0, 0)');
      list.style.setProperty('--participant-list-gap', '20px');
      expect(getComputedStyle(ul).rowGap).to.equal('20px');
    } finally {
      style.remove();
    }
  });
});
