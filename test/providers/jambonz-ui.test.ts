/**
 * The elements over a jambonz account: `<call-session provider="jambonz">` against the Prism-validated
 * stand-in (test/harness/plugins/jambonz.mjs) shows the calls, steers them, and shows a 4xx as an error.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { JAMBONZ_API, JAMBONZ_SERVER, JAMBONZ_TOKEN } from '/__jambonz.js';
import type { CallController } from '../../src/core/controller.js';
import '../../src/elements/call-controls/define.js';
import '../../src/elements/call-list/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/call-status/define.js';
import '../../src/elements/participant-list/define.js';
import { JambonzWorld } from '../fixtures/jambonz/world.js';
import { settle, until } from '../harness/recording-provider.js';

/** Conditions that wait on the stand-in through Prism: sized for a loaded 2-core machine. */
const LOADED = 20000;
const part = (host: Element, name: string) => host.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(world: JambonzWorld, options: Record<string, unknown> = {}) {
  const session = await fixture<CallSession>(html`<call-session
    provider="jambonz"
    .providerOptions=${{ baseUrl: JAMBONZ_API, accountSid: world.account, token: JAMBONZ_TOKEN, pollInterval: 60_000, requestTimeout: 30_000, ...options }}
  >
    <call-list></call-list>
    <call-status></call-status>
    <call-controls></call-controls>
    <participant-list></participant-list>
  </call-session>`);
  const controller: CallController = await session.whenReady();
  const status = session.querySelector('call-status')!;
  const controls = session.querySelector('call-controls')!;
  const people = session.querySelector('participant-list')!;
  const list = session.querySelector('call-list')!;
  return { session, controller, status, controls, people, list };
}

describe('jambonz in the elements', function () {
  // Real stand-ins, Prism and SDKs on a loaded 2-core machine: minutes of CPU are shared by everyone.
  this.timeout(60000);
  it('shows the live call, steers it from the controls, and shows a 4xx as an error', async () => {
    const world = new JambonzWorld();
    const rec = world.call({ caller_name: 'Ada Lovelace', duration: 61 });
    await world.seed(rec);
    const { controller, status, controls } = await mount(world, { siprecServerURL: 'sip:recorder@127.0.0.1' });
    await until(() => text(part(status, 'party')).includes('Ada Lovelace'), 'party shown', LOADED);
    expect(part(status, 'state')!.dataset.state).to.equal('connected');
    expect(text(part(status, 'timer'))).to.match(/^1:0\d$/);
    await expect(status).to.be.accessible();

    // Control mode: no camera or screen share; mute and record are there.
    await until(() => !!part(controls, 'mute'), 'mute button', LOADED);
    expect([!!part(controls, 'camera'), !!part(controls, 'screen-share'), !!part(controls, 'record')]).to.deep.equal([false, false, true]);
    part(controls, 'mute')!.click();
    await until(() => part(controls, 'mute')!.getAttribute('aria-pressed') === 'true', 'mute pressed', LOADED);

    // The platform refuses a change: the error shows, with the server's reason.
    await world.fault({ method: 'POST', match: rec.call_sid, status: 422, body: { msg: 'call is not in progress' } });
    part(controls, 'record')!.click();
    await until(() => !!part(status, 'error'), 'error shown', LOADED);
    expect(part(status, 'error')!.dataset.code).to.equal('invalid-state');
    expect(text(part(status, 'error-detail'))).to.contain('call is not in progress');
    part(status, 'dismiss')!.click();
    await until(() => !part(status, 'error'), 'error dismissed', LOADED);

    // Hang up; when the list no longer shows the call, the status says it ended.
    part(controls, 'hang-up')!.click();
    await until(() => controller.snapshot.calls[0]?.state === 'disconnecting', 'disconnecting', LOADED);
    await controller.refresh();
    await until(() => !!part(status, 'end-reason'), 'end reason', LOADED);
    expect(part(status, 'end-reason')!.dataset.reason).to.equal('hung-up');
    const { updates } = await world.log();
    expect(updates[rec.call_sid]).to.deep.equal([{ mute_status: 'mute' }, { call_status: 'completed' }]);
  });

  it('the call list shows every call with party, direction, number, state and duration; declining rings off as no-answer', async () => {
    const world = new JambonzWorld();
    const talking = world.call({ caller_name: 'Ada Lovelace', duration: 125 });
    const ringingIn = world.call({ caller_name: '', from: '+14155550100', call_status: 'ringing', duration: 0 });
    const dialling = world.call({ direction: 'outbound', to: 'sip:bob@example.com', call_status: 'early-media', duration: 0 });
    await world.seed(talking, ringingIn, dialling);
    const { list, controller } = await mount(world);
    await until(() => list.shadowRoot!.querySelectorAll('[part~="call"]').length === 3, 'three rows', LOADED);
    const rows = [...list.shadowRoot!.querySelectorAll<HTMLElement>('[part~="call"]')];
    const cells = rows.map((row) => ['party', 'direction', 'address', 'state'].map((name) => text(row.querySelector(`[part~="${name}"]`))));
    expect(cells).to.deep.equal([
      ['Ada Lovelace', 'Incoming', 'From +15083728299', 'Connected'],
      ['+14155550100', 'Incoming', 'From +14155550100', 'Incoming call'],
      ['sip:bob@example.com', 'Outgoing', 'To sip:bob@example.com', 'Ringing…'],
    ]);
    expect(text(rows[0]!.querySelector('[part~="duration"]'))).to.match(/2:0\d$/);
    expect(rows.map((r) => r.dataset.state)).to.deep.equal(['connected', 'ringing', 'early-media']);
    await expect(list).to.be.accessible();

    rows[1]!.querySelector<HTMLButtonElement>('[part~="hang-up"]')!.click();
    // jambonz takes the decline (`no-answer`) and lets the leg go without a last status: it ends at once.
    await until(() => list.shadowRoot!.querySelectorAll('[part~="call"]').length === 2, 'row gone', LOADED);
    expect(controller.snapshot.lastEndedCall!.endReason!.code).to.equal('declined');
    expect((await world.log()).updates[ringingIn.call_sid]).to.deep.equal([{ call_status: 'no-answer' }]);
    // The list still holds the leg's stale record; it does not bring the row back.
    await controller.refresh();
    await settle();
    expect(list.shadowRoot!.querySelectorAll('[part~="call"]').length).to.equal(2);
  });

  it('the far party is steered from the participant list: mute, listen pause and a typed whisper', async () => {
    const world = new JambonzWorld();
    const rec = world.call({ caller_name: 'Ada Lovelace' });
    await world.seed(rec);
    // The whisper form sends a `say` verb, which the server takes but the spec (whisper: Webhook) does not
    // describe, so this session talks to the server stub directly.
    const { people } = await mount(world, { baseUrl: JAMBONZ_SERVER });
    await until(() => text(part(people, 'name')) === 'Ada Lovelace', 'participant shown', LOADED);
    expect(part(people, 'participant')!.dataset.role).to.equal('customer');
    part(people, 'mute')!.click();
    await until(() => part(people, 'mute')?.getAttribute('aria-pressed') === 'true', 'muted', LOADED);
    part(people, 'listen')!.click();
    await until(() => part(people, 'listen')?.getAttribute('aria-pressed') === 'true', 'listen paused', LOADED);
    part(people, 'whisper')!.click();
    await until(() => !!part(people, 'input'), 'whisper field', LOADED);
    const input = part(people, 'input') as HTMLInputElement;
    input.value = 'Offer the <b>discount</b>';
    people.shadowRoot!.querySelector<HTMLFormElement>('form[part~="whisper"]')!.requestSubmit();
    await until(() => !people.shadowRoot!.querySelector('form[part~="whisper"]'), 'whisper sent', LOADED);
    const { updates } = await world.log();
    expect(updates[rec.call_sid]).to.deep.equal([
      { mute_status: 'mute' },
      { listen_status: 'pause' },
      { whisper: { verb: 'say', text: 'Offer the <b>discount</b>' } },
    ]);
    await expect(people).to.be.accessible();
  });

  it('a rejected key (401) shows as a sign-in error and the list recovers on the next read', async () => {
    const world = new JambonzWorld();
    await world.seed(world.call({ caller_name: 'Grace Hopper' }));
    await world.token('rotated');
    const { controller, status } = await mount(world);
    await until(() => part(status, 'error')?.dataset.code === 'auth-failed', 'auth error shown', LOADED);
    expect(text(part(status, 'error-detail'))).to.contain('401');
    expect(text(part(status, 'error-detail'))).to.not.contain(JAMBONZ_TOKEN);
    expect(controller.snapshot.connection).to.equal('reconnecting');
    expect(part(status, 'connection')!.dataset.state).to.equal('reconnecting');
    await world.token(JAMBONZ_TOKEN);
    await controller.refresh();
    await until(() => text(part(status, 'party')).includes('Grace Hopper'), 'list back', LOADED);
    expect([part(status, 'error'), controller.snapshot.connection]).to.deep.equal([null, 'connected']);
  });

  it('a configuration without an account shows an invalid-argument error instead of crashing', async () => {
    const session = await fixture<CallSession>(html`<call-session provider="jambonz" .providerOptions=${{ baseUrl: JAMBONZ_API }}>
      <call-status></call-status>
    </call-session>`);
    await session.whenReady();
    const status = session.querySelector('call-status')!;
    await until(() => !!part(status, 'error'), 'error shown', LOADED);
    expect(part(status, 'error')!.dataset.code).to.equal('invalid-argument');
    expect(text(part(status, 'error-detail'))).to.contain('accountSid');
    await settle();
  });
});
