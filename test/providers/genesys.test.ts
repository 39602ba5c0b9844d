/**
 * The Genesys provider against the real Platform API client (`purecloud-platform-client-v2`), pointed with
 * `setGateway` at a validating Prism mock of the Platform API spec plus a notifications WebSocket stand-in
 * (test/harness/plugins/genesys.mjs). Every request the adapter makes is checked against the spec.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { Models } from 'purecloud-platform-client-v2';
import type { CallController } from '../../src/core/controller.js';
import { CallError } from '../../src/core/errors.js';
import type { CallSnapshot } from '../../src/core/state.js';
import '../../src/elements/call-session/define.js';
import '../../src/elements/call-status/define.js';
import type { CallSession } from '../../src/elements/call-session/call-session.js';
import { loadPlatformClient, toCallError, unwrap } from '../../src/providers/genesys/platform-client.js';
import { until } from '../harness/recording-provider.js';
import { GENESYS_GATEWAY, GenesysWorld, USER_ID, alertingCall, connectedCall, type RecordedRequest } from '../fixtures/genesys/world.js';

interface Mounted {
  session: CallSession;
  controller: CallController;
  world: GenesysWorld;
  root: HTMLElement;
}

async function mount(world: GenesysWorld, options: Record<string, unknown> = {}): Promise<Mounted> {
  const providerOptions = { token: world.token, gateway: GENESYS_GATEWAY, ...options };
  const root = await fixture<HTMLElement>(html`<div>
    <call-session provider="genesys" .providerOptions=${providerOptions}>
      <call-status></call-status>
    </call-session>
  </div>`);
  const session = root.querySelector('call-session')!;
  const controller = await session.whenReady();
  return { session, controller, world, root };
}

const snap = (m: Mounted): CallSnapshot => m.controller.snapshot;
const connected = (m: Mounted) =>
  until(() => snap(m).connection === 'connected', 'connected', 15000).catch((error: unknown) => {
    throw new Error(`${String(error)}; connection ${snap(m).connection}; error ${snap(m).error?.code}: ${snap(m).error?.message}`);
  });
const call = (m: Mounted, id: string) => snap(m).calls.find((c) => c.id === id);
export const errorShown = (m: Mounted): HTMLElement | null =>
  m.root.querySelector('call-status')!.shadowRoot!.querySelector<HTMLElement>('[part="error"]');

/** Requests that reached the fake platform must all have passed the spec (or, for digits, the d.ts check). */
function expectAllValid(requests: readonly RecordedRequest[]): void {
  const refused = requests.filter((r) => r.status >= 400 || r.violations);
  expect(refused, JSON.stringify(refused, null, 1)).to.deep.equal([]);
}

describe('genesys provider (Platform API client → Prism)', function () {
  this.timeout(30000);

  before(async function () {
    this.timeout(90000);
    await GenesysWorld.ready();
  });

  it('connects as the signed-in user and lists their calls, every request valid against the spec', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall(), alertingCall()]);
    const m = await mount(world);
    await connected(m);
    await until(() => snap(m).calls.length === 2, 'two calls');
    const s = snap(m);
    expect(s.platform).to.deep.include({ kind: 'genesys', mode: 'control', destinations: ['phone', 'user', 'queue'] });
    expect(s.self).to.deep.equal({ id: USER_ID, displayName: 'Avery Agent', address: 'avery@example.com' });
    const live = call(m, 'conv-connected')!;
    expect(live.state).to.equal('connected');
    expect(live.direction).to.equal('incoming');
    expect(live.meta.queue).to.equal('Support');
    expect(live.participants.map((p) => [p.displayName, p.role, p.state])).to.deep.equal([
      ['Casey Customer', 'customer', 'connected'],
      ['Avery Agent', 'agent', 'connected'],
    ]);
    expect(live.capabilities).to.include.members(['hold', 'participant-mute', 'participant-hold', 'record', 'remove-participant', 'dtmf', 'transfer']);
    expect(live.capabilities).not.to.include('video');
    const ringing = call(m, 'conv-alerting')!;
    expect(ringing.state).to.equal('ringing');
    const requests = await world.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).to.include.members([
      'GET /api/v2/users/me',
      'POST /api/v2/notifications/channels',
      `PUT /api/v2/notifications/channels/${requests.find((r) => r.method === 'PUT')?.path.split('/')[5]}/subscriptions`,
      'GET /api/v2/conversations/calls',
    ]);
    expect(requests.find((r) => r.method === 'PUT')!.body).to.deep.equal([{ id: `v2.users.${USER_ID}.conversations.calls` }]);
    expectAllValid(requests);
    expect(requests.every((r) => r.checkedBy === 'prism')).to.equal(true);
    const state = await world.state();
    expect(state.channels).to.deep.equal([{ topics: [`v2.users.${USER_ID}.conversations.calls`], sockets: 1 }]);
  });

  it('the spec check can fail: a wrong enum, type or misspelt field is refused by Prism', async () => {
    const world = new GenesysWorld();
    await world.seed([connectedCall()]);
    const api = await loadPlatformClient(undefined, GENESYS_GATEWAY);
    api.client.setAccessToken(world.token);
    const wrongEnum = { state: 'hungup' } as unknown as Models.MediaParticipantRequest;
    const wrongType = { held: 'yes' } as unknown as Models.MediaParticipantRequest;
    const misspelt = { mute: true } as unknown as Models.MediaParticipantRequest;
    for (const body of [wrongEnum, wrongType, misspelt]) {
      let failure: CallError | null = null;
      try {
        await api.conversations.patchConversationsCallParticipant('conv-connected', 'conv-connected-customer', body);
      } catch (error) {
        failure = toCallError(error);
      }
      expect(failure, JSON.stringify(body)).to.be.instanceOf(CallError);
      expect(failure!.code).to.equal('invalid-argument');
    }
    // A wrong method on a real path, too.
    let wrongMethod = 0;
    await api.client
      .callApi('/api/v2/conversations/calls/{id}/participants/{pid}', 'PUT', { id: 'c', pid: 'p' }, {}, {}, {}, { held: true }, ['PureCloud OAuth'], ['application/json'], ['application/json'])
      .catch((error: unknown) => (wrongMethod = toCallError(error).cause ? (toCallError(error).cause as { status: number }).status : -1));
    expect(wrongMethod).to.be.oneOf([404, 405]);
    const requests = await world.requests();
    expect(requests.filter((r) => r.status >= 400).map((r) => r.status)).to.deep.equal([400, 400, 400, wrongMethod]);
    expect(requests[0]!.violations).to.contain('state');
    expect(requests[2]!.violations).to.contain('mute');
    // The same client with a valid body passes.
    unwrap(await api.conversations.patchConversationsCallParticipant('conv-connected', 'conv-connected-customer', { held: true }));
    expect((await world.requests()).at(-1)!.status).to.equal(202);
  });
});
