/**
 * After-call work and transfer on Genesys, through `<call-session provider="genesys">` and the controller,
 * with every request checked against the Platform API spec by Prism: the codes come from
 * GET …/participants/{id}/wrapupcodes, the wrap-up goes as the participant's `wrapup` (PATCH), the transfer
 * as POST …/participants/{id}/replace.
 */
import { expect } from '@open-wc/testing';
import type { Models } from 'purecloud-platform-client-v2';
import { loadPlatformClient, toCallError } from '../../src/providers/genesys/platform-client.js';
import { until } from '../harness/recording-provider.js';
import { rejection } from '../harness/rejection.js';
import { GENESYS_GATEWAY, GenesysWorld, USER_ID, WRAP_UP_CODES, connectedCall, wrapUpCall } from '../fixtures/genesys/world.js';
import { call, connected, errorShown, expectAllValid, genesys, mount, mountWithCalls, since, snap, standInFirst, type Mounted } from '../fixtures/genesys/session.js';

const CODES = WRAP_UP_CODES.map(({ id, name }) => ({ id: id!, name }));

/** A session on a live call (`conv-wrap`) that will need wrap-up when it ends. */
async function liveWrapUpCall(): Promise<Mounted> {
  const world = new GenesysWorld();
  await world.seed([wrapUpCall('conv-wrap')], { wrapUpCodes: WRAP_UP_CODES });
  const m = await mount(world);
  await connected(m);
  await until(() => call(m, 'conv-wrap')?.state === 'connected', 'the live call');
  return m;
}

describe('genesys after-call work and transfer', function () {
  this.timeout(90000);

  standInFirst();

  it('a call that needs wrap-up stays listed with the offered codes until a code and notes are submitted', async () => {
    const m = await liveWrapUpCall();
    const { world } = m;
    expect(call(m, 'conv-wrap')!.capabilities).not.to.include('wrap-up');
    expect((await rejection(m.controller.submitWrapUp({ codeId: 'code-resolved' }, 'conv-wrap'))).code).to.equal('unsupported');
    const n = (await world.requests()).length;

    await world.end('conv-wrap', 'conv-wrap-customer', 'endpoint');
    await until(() => call(m, 'conv-wrap')?.wrapUp?.codes.length === 3, 'wrap-up with its codes', 15000);
    const wrapping = call(m, 'conv-wrap')!;
    expect(wrapping.state).to.equal('wrap-up');
    expect(wrapping.wrapUp).to.deep.equal({ codes: CODES, required: true, deadline: null });
    expect(wrapping.capabilities).to.deep.equal(['wrap-up']);
    expect(snap(m).lastEndedCall).to.equal(null);
    // The conversation is over: nothing but the wrap-up is accepted.
    expect((await rejection(m.controller.hold('conv-wrap'))).code).to.equal('unsupported');
    expect((await rejection(m.controller.submitWrapUp({ codeId: 'no-such-code' }, 'conv-wrap'))).code).to.equal('not-found');
    // A read of the list keeps it in wrap-up (the platform still lists it) and asks for the codes once.
    await m.controller.refresh();
    expect(call(m, 'conv-wrap')!.state).to.equal('wrap-up');

    const notes = 'Customer wants a call back on Tuesday.\nAfter 3 pm.';
    await m.controller.submitWrapUp({ codeId: 'code-callback', notes }, 'conv-wrap');
    await until(() => !call(m, 'conv-wrap'), 'the call left the list');
    expect(snap(m).lastEndedCall).to.deep.include({ id: 'conv-wrap' });
    expect(snap(m).lastEndedCall!.endReason).to.deep.include({ code: 'remote-hung-up' });
    await m.controller.refresh();
    expect(call(m, 'conv-wrap')).to.equal(undefined);

    const sent = since(await world.requests(), n).filter((r) => r.path.includes('/participants/'));
    expect(sent.map((r) => [r.method, r.path.replace('/api/v2/conversations/calls/conv-wrap/participants/', ''), r.body, r.checkedBy])).to.deep.equal([
      ['GET', 'conv-wrap-agent/wrapupcodes', undefined, 'prism'],
      ['PATCH', 'conv-wrap-agent', { wrapup: { code: 'code-callback', notes } }, 'prism'],
    ]);
    const agent = (await world.state()).conversations.find((c) => c.id === 'conv-wrap')!.participants!.find((p) => p.user?.id === USER_ID)!;
    expect(agent.wrapup).to.deep.include({ code: 'code-callback', name: 'Callback needed', notes });
    expectAllValid(await world.requests());
  });

  it('the spec check can fail: a wrap-up field the spec does not have is refused by Prism', async () => {
    const world = new GenesysWorld();
    await world.seed([wrapUpCall('conv-wrap')], { wrapUpCodes: WRAP_UP_CODES });
    const api = await loadPlatformClient(undefined, GENESYS_GATEWAY);
    api.client.setAccessToken(world.token);
    const misspelt = { wrapup: { codeId: 'code-callback' } } as unknown as Models.MediaParticipantRequest;
    const refused = await api.conversations.patchConversationsCallParticipant('conv-wrap', 'conv-wrap-agent', misspelt).then(
      () => null,
      (error: unknown) => toCallError(error),
    );
    expect(refused?.code).to.equal('invalid-argument');
    const [request] = await world.requests();
    expect(request!.violations).to.contain('codeId');
  });

  it('timed wrap-up: the deadline is the leg end plus wrapupTimeoutMs, and the platform ends it by itself; optional is not required', async () => {
    const world = new GenesysWorld();
    await world.seed([wrapUpCall('conv-timed', 'forcedTimeout', 1500), wrapUpCall('conv-optional', 'optional')], { wrapUpCodes: WRAP_UP_CODES });
    const m = await mount(world);
    await connected(m);
    await until(() => snap(m).calls.length === 2, 'two calls');
    await world.end('conv-optional', 'conv-optional-customer', 'endpoint');
    await until(() => call(m, 'conv-optional')?.wrapUp?.codes.length === 3, 'optional wrap-up', 15000);
    expect(call(m, 'conv-optional')!.wrapUp).to.deep.include({ required: false, deadline: null });

    await world.end('conv-timed', 'conv-timed-customer', 'endpoint');
    await until(() => call(m, 'conv-timed')?.state === 'wrap-up', 'timed wrap-up', 15000);
    const agent = (await world.state()).conversations.find((c) => c.id === 'conv-timed')!.participants!.find((p) => p.user?.id === USER_ID)!;
    expect(call(m, 'conv-timed')!.wrapUp).to.deep.include({ required: true, deadline: Date.parse(agent.endTime!) + 1500 });
    // Nobody submits: at the deadline the platform assigns a code and the call leaves the list.
    await until(() => !call(m, 'conv-timed'), 'the timed wrap-up ended by the platform', 15000);
    expect(Date.now()).to.be.at.least(Date.parse(agent.endTime!) + 1500);
    expect(call(m, 'conv-optional')!.state).to.equal('wrap-up');
    // The optional one is left without a code: wrapupSkipped goes to the platform and the call leaves the list.
    await m.controller.skipWrapUp('conv-optional');
    await until(() => !call(m, 'conv-optional'), 'the skipped wrap-up gone', 15000);
    const skipped = (await world.state()).conversations.find((c) => c.id === 'conv-optional')!.participants!.find((p) => p.user?.id === USER_ID)!;
    expect(skipped.wrapupSkipped).to.equal(true);
    expectAllValid(await world.requests());
  });

  it('codes that fail to load show an error, and the next read of the list asks again', async () => {
    const m = await liveWrapUpCall();
    const { world } = m;
    await world.fail({ status: 503, method: 'GET', path: '/wrapupcodes' });
    await world.end('conv-wrap', 'conv-wrap-customer', 'endpoint');
    await until(() => errorShown(m)?.dataset.code === 'server-error', 'the failure shown', 15000);
    expect(call(m, 'conv-wrap')).to.deep.include({ state: 'wrap-up' });
    expect(call(m, 'conv-wrap')!.wrapUp!.codes).to.deep.equal([]);
    await m.controller.refresh();
    await until(() => call(m, 'conv-wrap')?.wrapUp?.codes.length === 3, 'codes after the retry', 15000);
    const reads = (await world.requests()).filter((r) => r.path.endsWith('/wrapupcodes')).map((r) => r.status);
    expect(reads).to.deep.equal([503, 200]);
  });

  it('a conversation already in wrap-up when the page connects is listed in wrap-up (polling)', async () => {
    const world = new GenesysWorld();
    const waiting = wrapUpCall('conv-after');
    for (const p of waiting.participants!) {
      Object.assign(p, { state: p.purpose === 'agent' ? 'terminated' : 'disconnected', disconnectType: p.purpose === 'agent' ? 'peer' : 'endpoint', endTime: new Date().toISOString() });
    }
    await world.seed([waiting, connectedCall('conv-live')], { wrapUpCodes: WRAP_UP_CODES });
    const m = await mount(world, { updates: 'poll', pollIntervalMs: 200 });
    await connected(m);
    await until(() => call(m, 'conv-after')?.wrapUp?.codes.length === 3, 'listed in wrap-up', 15000);
    expect(call(m, 'conv-after')!.state).to.equal('wrap-up');
    expect(call(m, 'conv-live')!.state).to.equal('connected');
    await m.controller.submitWrapUp({ codeId: 'code-resolved' }, 'conv-after');
    await until(() => !call(m, 'conv-after'), 'gone after the wrap-up');
    expectAllValid(await world.requests());
  });

  it('transfer: blind to a user, a queue or a number is a spec-valid replace; a consultative transfer onto another call is refused', async () => {
    const m = await mountWithCalls(['conv-1', 'conv-2', 'conv-3', 'conv-4']);
    const { world } = m;
    const caps = call(m, 'conv-1')!.capabilities;
    expect(caps).to.include('transfer');
    expect(caps).not.to.include('consult-transfer');
    const n = (await world.requests()).length;
    expect((await rejection(m.controller.transfer({ callId: 'conv-2' }, 'conv-1'))).code).to.equal('unsupported');
    // The provider refuses it too, with a reason, if asked directly.
    const direct = await rejection(genesys(m).transfer('conv-1', { callId: 'conv-2' }));
    expect(direct.code).to.equal('unsupported');
    expect(direct.message).to.contain('another call');
    await m.controller.transfer({ to: 'user-7', kind: 'user' }, 'conv-1');
    await m.controller.transfer('queue:queue-billing', 'conv-2');
    await m.controller.transfer({ to: '+12025550199', kind: 'phone' }, 'conv-3');
    await m.controller.transfer('sip:desk@example.com', 'conv-4');
    await until(() => snap(m).calls.length === 0, 'all transferred away');
    const sent = since(await world.requests(), n).filter((r) => r.path.endsWith('/replace'));
    expect(sent.map((r) => [r.path.split('/')[5], r.body])).to.deep.equal([
      ['conv-1', { userId: 'user-7' }],
      ['conv-2', { queueId: 'queue-billing' }],
      ['conv-3', { address: '+12025550199' }],
      ['conv-4', { address: 'sip:desk@example.com' }],
    ]);
    expectAllValid(await world.requests());
  });
});
