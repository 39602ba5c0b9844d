import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/controller.js';
import type { CallList } from '../../src/elements/call-list/call-list.js';
import { formatDuration } from '../../src/elements/call-list/call-list.js';
import '../../src/elements/call-list/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import type { SimulatedProvider } from '../../src/providers/simulated/simulated-provider.js';
import { settle, until } from '../harness/recording-provider.js';

async function setup(scenario: string, options: Record<string, unknown> = {}) {
  const session = await fixture<CallSession>(
    html`<call-session provider="simulated" scenario=${scenario} .providerOptions=${{ speaking: false, ...options }}><call-list></call-list></call-session>`,
  );
  const controller: CallController = await session.whenReady();
  await until(() => controller.snapshot.connection === 'connected', 'connection');
  const list = session.querySelector('call-list')!;
  await list.updateComplete;
  return { session, list, controller, provider: controller.provider as SimulatedProvider };
}

const items = (el: CallList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="call"]')];
const text = (li: HTMLElement, part: string) => li.querySelector(`[part="${part}"]`)?.textContent.replace(/\s+/g, ' ').trim() ?? null;

async function flush(el: CallList): Promise<void> {
  await settle();
  await el.updateComplete;
}

describe('<call-list>', () => {
  it('lists a call-control platform’s live calls with party, direction, state and duration', async () => {
    const { list } = await setup('call-control');
    const [first, second, third] = items(list);
    expect(items(list)).to.have.length(3);
    expect([text(first!, 'party'), text(first!, 'direction'), text(first!, 'address'), text(first!, 'state')]).to.deep.equal([
      'Alex Morgan',
      'Incoming',
      'From +12025550100',
      'Connected',
    ]);
    expect(text(first!, 'duration')).to.match(/^Duration 1:3\d$/);
    expect(first!.getAttribute('part')).to.equal('call active');
    expect(first!.querySelector('[part="select"]')!.getAttribute('aria-current')).to.equal('true');
    expect([text(second!, 'direction'), text(second!, 'address'), text(second!, 'state')]).to.deep.equal(['Outgoing', 'To +12025550101', 'On hold']);
    expect(second!.dataset.state).to.equal('on-hold');
    expect(text(third!, 'state')).to.equal('Incoming call');
    expect(text(third!, 'duration'), 'no duration before it connects').to.equal(null);
    await expect(list).to.be.accessible();
  });

  it('keeps the durations running', async () => {
    const { list } = await setup('call-control');
    const before = text(items(list)[0]!, 'duration');
    await until(() => text(items(list)[0]!, 'duration') !== before, 'the timer to tick', 2500);
  });

  it('freezes the talk time of a call in after-call work while the others keep running', async () => {
    const { list } = await setup('wrap-up');
    const [wrapUp, held] = items(list);
    expect(wrapUp!.dataset.state).to.equal('wrap-up');
    expect(text(wrapUp!, 'state')).to.equal('After-call work');
    expect(text(wrapUp!, 'duration')).to.match(/^Duration 1:3\d$/);
    expect(wrapUp!.querySelector('[part~="hang-up"]'), 'nothing left to hang up').to.equal(null);
    const frozen = text(wrapUp!, 'duration');
    // Two ticks of the held call: the list has re-rendered at least once with a later clock.
    for (let i = 0; i < 2; i++) {
      const before = text(held!, 'duration');
      await until(() => text(held!, 'duration') !== before, 'the held call’s timer to tick', 5000);
    }
    expect(text(wrapUp!, 'duration')).to.equal(frozen);
    await expect(list).to.be.accessible();
  });

  it('stops the duration where the conversation ends and wrap-up begins', async () => {
    const { list, controller } = await setup('call-control', { wrapUp: {} });
    await controller.hangUp('conv-1');
    await until(() => items(list)[0]!.dataset.state === 'wrap-up', 'conv-1 in wrap-up', 5000);
    const frozen = text(items(list)[0]!, 'duration');
    expect(frozen).to.match(/^Duration 1:3\d$/);
    const before = text(items(list)[1]!, 'duration');
    await until(() => text(items(list)[1]!, 'duration') !== before, 'the held call’s timer to tick', 5000);
    expect(text(items(list)[0]!, 'duration')).to.equal(frozen);
  });

  it('makes a selected call the active call, unless the page cancels call-select', async () => {
    const { list, controller } = await setup('call-control');
    const second = items(list)[1]!.querySelector<HTMLButtonElement>('[part="select"]')!;
    expect(second.getAttribute('aria-label')).to.equal('Show call with Jordan Lee');
    second.click();
    await flush(list);
    expect(controller.snapshot.activeCallId).to.equal('conv-2');
    expect(items(list)[1]!.getAttribute('part')).to.equal('call active');
    list.addEventListener('call-select', (e) => e.preventDefault(), { once: true });
    items(list)[0]!.querySelector<HTMLButtonElement>('[part="select"]')!.click();
    await flush(list);
    expect(controller.snapshot.activeCallId).to.equal('conv-2');
  });

  it('hangs up one call and declines a ringing one, leaving the others', async () => {
    const { list, controller } = await setup('call-control');
    const hangUp = (i: number) => items(list)[i]!.querySelector<HTMLButtonElement>('[part~="hang-up"]')!;
    expect(hangUp(0).getAttribute('aria-label')).to.equal('Hang up call with Alex Morgan');
    hangUp(0).click();
    await flush(list);
    expect(items(list).map((li) => text(li, 'party'))).to.deep.equal(['Jordan Lee', 'Sam Rivera']);
    expect(controller.snapshot.lastEndedCall!.endReason!.code).to.equal('hung-up');
    hangUp(1).click();
    await flush(list);
    expect(controller.snapshot.lastEndedCall!.endReason!.code).to.equal('declined');
    expect(items(list)).to.have.length(1);
  });

  it('shows call waiting: an incoming call next to the one in progress', async () => {
    const { list, provider, controller } = await setup('one-to-one');
    provider.simulateIncomingCall({ name: '<img src=x onerror=alert(1)>', address: '+12025550199' });
    await flush(list);
    expect(items(list).map((li) => `${text(li, 'party')}|${li.dataset.state}`)).to.deep.equal(['Alex Morgan|connected', '<img src=x onerror=alert(1)>|ringing']);
    expect(list.shadowRoot!.querySelector('img')).to.equal(null);
    await controller.accept(controller.snapshot.calls[1]!.id);
    await flush(list);
    expect(items(list).map((li) => li.dataset.state)).to.deep.equal(['on-hold', 'connected']);
    expect(items(list)[1]!.getAttribute('part')).to.equal('call active');
    await expect(list).to.be.accessible();
  });

  it('says so when there are no calls, and formats long durations', async () => {
    const { list } = await setup('idle');
    expect(list.shadowRoot!.querySelector('[part="empty"]')!.textContent).to.equal('No calls yet. Calls you make or receive appear here.');
    await expect(list).to.be.accessible();
    expect([formatDuration(5_000), formatDuration(65_000), formatDuration(3_725_000)]).to.deep.equal(['0:05', '1:05', '1:02:05']);
  });

  it('shows a page’s own empty state through the "empty" slot', async () => {
    const session = await fixture<CallSession>(
      html`<call-session provider="simulated" scenario="idle"><call-list><p slot="empty">Your queue is clear</p></call-list></call-session>`,
    );
    await session.whenReady();
    const list = session.querySelector('call-list')!;
    await list.updateComplete;
    const slot = list.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="empty"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Your queue is clear']);
    expect(list.shadowRoot!.querySelector('[part="empty"]')!.getBoundingClientRect().height, 'the default is replaced').to.equal(0);
  });

  it('hang-up buttons carry an icon and keep their names; names isolated; its own gap variable only', async () => {
    const { list } = await setup('call-control');
    const hangUp = list.shadowRoot!.querySelector<HTMLButtonElement>('[part~="hang-up"]')!;
    expect(hangUp.getAttribute('aria-label')).to.equal('Hang up call with Alex Morgan');
    expect(hangUp.querySelector('svg[aria-hidden="true"]')!.getAttribute('data-icon')).to.equal('hang-up');
    expect(getComputedStyle(items(list)[0]!.querySelector('[part="party"]')!).unicodeBidi).to.equal('isolate');
    expect(items(list)[0]!.querySelector('[part="address"] bdi')!.textContent).to.equal('+12025550100');
    const style = document.createElement('style');
    style.textContent = ':root { --gap: 60px; --_list-gap: 70px }';
    document.head.append(style);
    try {
      expect(getComputedStyle(list.shadowRoot!.querySelector('ul')!).rowGap).to.equal('8px');
      list.style.setProperty('--call-list-gap', '12px');
      expect(getComputedStyle(list.shadowRoot!.querySelector('ul')!).rowGap).to.equal('12px');
    } finally {
      style.remove();
    }
  });
});
