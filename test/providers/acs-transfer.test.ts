/**
 * The ACS adapter on the fake SDK where the fake used to differ from SDK 2.0.0 (end codes, accept, feature,
 * removeParticipant), and transfer with `Features.Transfer` from both sides. acs-sdk.test.ts runs the
 * offline-observable parts of the same behaviour on the real SDK.
 */
import { expect } from '@open-wc/testing';
import type { CallError } from '../../src/core/errors.js';
import type { EndReason } from '../../src/core/state.js';
import { END, FakeCall, FakeFeatures, FakeRemoteParticipant, user } from '../fixtures/acs/fake-sdk.js';
import { failOnConsoleErrors } from '../fixtures/acs/console-guard.js';
import { startAcs } from '../fixtures/acs/session.js';
import { settle, until } from '../harness/recording-provider.js';
import { rejection } from '../harness/rejection.js';

type Session = Awaited<ReturnType<typeof startAcs>>;

/** A placed 1:1 call that `who` answers; returns our id and the fake SDK call. */
async function connectedCall(ctx: Session, who = '8:acs:bob', name = 'Bob'): Promise<{ id: string; fake: FakeCall }> {
  const id = await ctx.controller.startCall(who);
  const fake = ctx.agent().calls.at(-1)!;
  fake.join(new FakeRemoteParticipant(user(who), name));
  fake.setState('Connected');
  await until(() => ctx.s().calls.find((c) => c.id === id)?.state === 'connected', `${who} connected`);
  return { id, fake };
}

const lastEnd = (ctx: Session): EndReason | null | undefined => ctx.s().lastEndedCall?.endReason;

describe('acs fake SDK behaves as SDK 2.0.0 does', function () {
  this.timeout(60000);
  failOnConsoleErrors();

  it('calls end with the documented code/subCode pairs, each read as what happened', async () => {
    const ctx = await startAcs();
    const cases: [keyof typeof END, 'incoming' | 'outgoing', string][] = [
      ['callerCancelled', 'incoming', 'cancelled'],
      ['pstnCallerCancelled', 'incoming', 'cancelled'],
      ['answeredElsewhere', 'incoming', 'answered-elsewhere'],
      ['declined', 'outgoing', 'declined'],
      ['allDeclined', 'outgoing', 'declined'],
      ['busy', 'outgoing', 'busy'],
      ['noAnswer', 'outgoing', 'no-answer'],
      ['offline', 'outgoing', 'unavailable'],
      ['network', 'outgoing', 'network'],
    ];
    for (const [name, direction, expected] of cases) {
      const reason = END[name];
      if (direction === 'incoming') {
        const ring = ctx.agent().ring({ identifier: user('8:acs:carol'), displayName: 'Carol' });
        await until(() => ctx.s().calls.some((c) => c.state === 'ringing'), `${name}: ringing`);
        ring.end(reason);
      } else {
        await ctx.controller.startCall('+14255550123');
        const fake = ctx.agent().calls.at(-1)!;
        fake.setState('Ringing');
        fake.setState('Disconnected', reason);
      }
      await until(() => ctx.s().calls.length === 0, `${name}: ended`);
      expect(lastEnd(ctx), name).to.deep.equal({ code: expected, platformCode: `${reason.code}/${reason.subCode}` });
    }
    // The far end hangs up a connected call normally (0/0).
    const { fake } = await connectedCall(ctx);
    fake.setState('Disconnected', END.normal);
    await until(() => ctx.s().calls.length === 0, 'remote hang-up');
    expect(lastEnd(ctx)?.code).to.equal('remote-hung-up');
    await ctx.controller.dispose();
  });

  it('an accepted call connects after accept() returns; hanging up before it connects is a hang-up, not a decline', async () => {
    const ctx = await startAcs();
    const ring = ctx.agent().ring({ identifier: user('8:acs:carol'), displayName: 'Carol' });
    ring.autoConnect = false;
    await until(() => ctx.call()?.state === 'ringing', 'ringing');
    const id = ctx.call().id;
    await ctx.controller.accept(id);
    await settle();
    expect(ctx.call().state).to.equal('connecting');
    expect(ring.accepted!.state).to.equal('Connecting');
    ring.accepted!.setState('Connected');
    await until(() => ctx.call().state === 'connected', 'connected');

    const second = ctx.agent().ring({ identifier: user('8:acs:dan') });
    second.autoConnect = false;
    await until(() => ctx.s().calls.some((c) => c.state === 'ringing'), 'second ringing');
    const secondId = ctx.s().calls.find((c) => c.state === 'ringing')!.id;
    await ctx.controller.accept(secondId);
    await ctx.controller.hangUp(secondId);
    await until(() => ctx.s().calls.length === 1, 'second call ended');
    expect(lastEnd(ctx)).to.deep.equal({ code: 'hung-up', platformCode: '0/0' });
    await ctx.controller.dispose();
  });

  it('feature() returns the requested feature only, one object per call', async () => {
    const ctx = await startAcs();
    const { fake } = await connectedCall(ctx);
    expect(fake.feature(FakeFeatures.Transfer).name).to.equal('Transfer');
    expect(fake.feature(FakeFeatures.Recording).name).to.equal('Recording');
    expect(fake.feature(FakeFeatures.DominantSpeakers).name).to.equal('DominantSpeakers');
    expect(fake.feature(FakeFeatures.Transfer)).to.equal(fake.feature(FakeFeatures.Transfer));
    expect(() => fake.feature({ callApiCtor: class {} } as never)).to.throw('no such feature');
    await ctx.controller.dispose();
  });

  it('removing a participant removes that one, matched by kind and id', async () => {
    const ctx = await startAcs();
    await ctx.controller.join({ groupId: 'g-1' });
    const fake = ctx.agent().calls[0]!;
    fake.setState('Connected');
    fake.join(new FakeRemoteParticipant(user('8:acs:a'), 'Ann'));
    fake.join(new FakeRemoteParticipant(user('8:acs:b'), 'Bea'));
    fake.join(new FakeRemoteParticipant({ kind: 'phoneNumber', phoneNumber: '+14255550199', rawId: '4:+14255550199' }));
    await until(() => ctx.call().participants.length === 3, 'three participants');
    await ctx.controller.removeParticipant('8:acs:b');
    await until(() => ctx.call().participants.length === 2, 'one removed');
    expect(ctx.call().participants.map((p) => p.id)).to.deep.equal(['8:acs:a', '4:+14255550199']);
    // Not matched by id alone: a Teams user with the same id is someone else.
    await fake.removeParticipant({ microsoftTeamsUserId: '+14255550199' });
    await settle();
    expect(ctx.call().participants).to.have.length(2);
    await ctx.controller.dispose();
  });
});

describe('acs transfer (Features.Transfer)', function () {
  this.timeout(60000);
  failOnConsoleErrors();

  it('offers transfer on a connected 1:1 call only, and consultative transfer while there is a second call', async () => {
    const ctx = await startAcs();
    const ring = ctx.agent().ring({ identifier: user('8:acs:carol') });
    ring.autoConnect = false;
    await until(() => ctx.call()?.state === 'ringing', 'ringing');
    expect(ctx.call().capabilities).to.not.include('transfer');
    expect((await rejection(ctx.controller.transfer('8:acs:dan'))).code).to.equal('unsupported');
    await ctx.controller.reject(ctx.call().id);
    await until(() => ctx.s().calls.length === 0, 'declined');

    const first = await connectedCall(ctx);
    expect(ctx.call().capabilities).to.include('transfer').and.not.include('consult-transfer');
    await ctx.controller.hold(first.id);
    const second = await connectedCall(ctx, '8:acs:carol', 'Carol');
    const caps = (id: string) => ctx.s().calls.find((c) => c.id === id)!.capabilities;
    expect(caps(first.id)).to.include.members(['transfer', 'consult-transfer']);
    expect(caps(second.id)).to.include.members(['transfer', 'consult-transfer']);
    second.fake.setState('Disconnected', END.normal);
    await until(() => !caps(first.id).includes('consult-transfer'), 'consult-transfer gone with the second call');

    await ctx.controller.join({ groupId: 'g-2' });
    const group = ctx.agent().calls.at(-1)!;
    group.setState('Connected');
    await settle();
    expect(ctx.s().calls.at(-1)!.capabilities).to.not.include('transfer');
    await ctx.controller.dispose();
  });

  it('blind transfer to an ACS user: held first, sent, and the call ends as transferred', async () => {
    const ctx = await startAcs();
    const { id, fake } = await connectedCall(ctx);
    const ended = new Promise<CustomEvent>((resolve) => ctx.controller.addEventListener('call-ended', resolve, { once: true }));
    let settled = false;
    const done = ctx.controller.transfer('8:acs:carol').finally(() => (settled = true));
    const feature = fake.transferFeature;
    await until(() => feature.transfers.length === 1, 'transfer sent');
    expect(ctx.sdk.stats.ops.map((o) => o.op).filter((op) => op === 'hold' || op === 'transfer')).to.deep.equal(['hold', 'transfer']);
    expect(feature.transfers[0]!.target).to.deep.equal({ targetParticipant: { communicationUserId: '8:acs:carol' } });
    await settle();
    expect([ctx.call().id, ctx.call().state, settled]).to.deep.equal([id, 'on-hold', false]);
    feature.transfers[0]!.setState('Transferred');
    await done;
    const { call } = (await ended).detail as { call: { id: string; endReason: EndReason } };
    expect(call.id).to.equal(id);
    expect(call.endReason).to.deep.equal({ code: 'hung-up', message: 'Transferred', platformCode: '0/0' });
    expect(ctx.sdk.stats.opsNamed('hangUp')).to.have.length(1);
    expect(ctx.s().calls).to.deep.equal([]);
    await ctx.controller.dispose();
  });

  it('blind transfer to a phone number the service finds busy: a busy error, and the call is resumed', async () => {
    const ctx = await startAcs();
    const { fake } = await connectedCall(ctx);
    const errors: CallError[] = [];
    ctx.controller.addEventListener('call-error', (e) => errors.push((e as CustomEvent<{ error: CallError }>).detail.error));
    const done = ctx.controller.transfer({ to: '+1 (425) 555-0123', kind: 'phone' });
    await until(() => fake.transferFeature.transfers.length === 1, 'transfer sent');
    expect(fake.transferFeature.transfers[0]!.target).to.deep.equal({ targetParticipant: { phoneNumber: '+14255550123' } });
    fake.transferFeature.transfers[0]!.setState('Failed', { code: 486, subCode: 560486 });
    const error = await rejection(done);
    expect([error.code, error.action]).to.deep.equal(['busy', 'transfer']);
    expect(error.message).to.contain('486/560486');
    expect([ctx.call().state, ctx.s().error?.code, errors.map((e) => e.code)]).to.deep.equal(['connected', 'busy', ['busy']]);
    expect(ctx.sdk.stats.opsNamed('resume')).to.have.length(1);
    expect((await rejection(ctx.controller.transfer({ to: '12', kind: 'phone' }))).code).to.equal('invalid-argument');
    await ctx.controller.dispose();
  });

  it('a transfer the SDK fails before returning it (error 0/0) is an error at once, not a wait', async () => {
    const ctx = await startAcs();
    const { fake } = await connectedCall(ctx);
    // As SDK 2.0.0 does when the call is not on LocalHold or the other call is unknown (seen offline).
    fake.transferFeature.failAtOnce = { code: 0, subCode: 0 };
    const error = await rejection(ctx.controller.transfer('8:acs:carol'));
    expect(error.code).to.equal('provider-error');
    expect(error.message).to.equal('The transfer failed (0/0)');
    expect(ctx.call().state).to.equal('connected');
    await ctx.controller.dispose();
  });

  it('consultative transfer onto the other call: both legs end as transferred', async () => {
    const ctx = await startAcs();
    const first = await connectedCall(ctx);
    await ctx.controller.hold(first.id);
    const second = await connectedCall(ctx, '8:acs:carol', 'Carol');
    const done = ctx.controller.transfer({ callId: second.id }, first.id);
    await until(() => first.fake.transferFeature.transfers.length === 1, 'transfer sent');
    expect(first.fake.transferFeature.transfers[0]!.target).to.deep.equal({ targetCallId: second.fake.id });
    expect(ctx.sdk.stats.opsNamed('hold')).to.have.length(1);
    first.fake.transferFeature.transfers[0]!.setState('Transferring');
    first.fake.transferFeature.transfers[0]!.setState('Transferred');
    await done;
    expect(ctx.s().calls).to.deep.equal([]);
    expect([first.fake.state, second.fake.state]).to.deep.equal(['Disconnected', 'Disconnected']);
    expect(lastEnd(ctx)).to.deep.equal({ code: 'hung-up', message: 'Transferred', platformCode: '0/0' });
    await ctx.controller.dispose();
  });

  it('being transferred: the call to the target replaces the call, which is then hung up', async () => {
    const ctx = await startAcs();
    const { id, fake } = await connectedCall(ctx);
    const target = ctx.agent().transfer(fake);
    await until(() => ctx.call().state === 'connecting', 'connecting to the target');
    expect([ctx.s().calls.length, ctx.call().id, ctx.call().participants]).to.deep.equal([1, id, []]);
    target.join(new FakeRemoteParticipant(user('8:acs:carol'), 'Carol'));
    target.setState('Connected');
    await until(() => ctx.call().state === 'connected', 'connected to the target');
    expect(ctx.call().participants.map((p) => p.id)).to.deep.equal(['8:acs:carol']);
    expect(ctx.call().remoteParties).to.deep.equal([{ displayName: 'Carol', address: '8:acs:carol' }]);
    expect(fake.state).to.equal('Disconnected');
    expect(ctx.s().calls).to.have.length(1);
    // The old call's Transfer feature cannot be unsubscribed (SDK 2.0.0): a late event must change nothing.
    fake.transferredTo(ctx.agent().add(new FakeCall(ctx.sdk.stats, 'Outgoing', 'Connecting')));
    await settle();
    expect([ctx.s().calls.length, ctx.call().state, ctx.call().participants.length]).to.deep.equal([1, 'connected', 1]);
    target.setState('Disconnected', END.normal);
    await until(() => ctx.s().calls.length === 0, 'ended');
    expect(lastEnd(ctx)?.code).to.equal('remote-hung-up');
    await ctx.controller.dispose();
  });

  it('being transferred to a target that never answers: back on the call this side was on', async () => {
    const ctx = await startAcs();
    const { fake } = await connectedCall(ctx);
    fake.setState('RemoteHold');
    const target = ctx.agent().transfer(fake);
    await until(() => ctx.call().state === 'connecting', 'connecting to the target');
    target.setState('Disconnected', END.noAnswer);
    await until(() => ctx.call().state === 'remote-hold', 'back on the held call');
    expect(ctx.call().participants.map((p) => p.id)).to.deep.equal(['8:acs:bob']);
    fake.setState('Connected');
    await until(() => ctx.call().state === 'connected', 'resumed by the far end');
    await ctx.controller.dispose();
  });
});
