/**
 * Kandy vocabulary → normalized vocabulary, value by value, plus the checks that keep the adapter's idea of
 * the SDK honest: every event it listens to is emitted by the 4.9.0 bundle, and every method it calls
 * exists on a real client.
 */
import { expect } from '@open-wc/testing';
import '../fixtures/kandy/kandy-console-guard.js';
import { CallError } from '../../src/core/errors.js';
import { KandyOperations } from '../../src/providers/kandy/kandy-operations.js';
import { LeakCounter } from './conformance/leak-counter.js';
import { KANDY_CALL_STATES, KANDY_EVENTS, loadKandy } from '../../src/providers/kandy/kandy-sdk.js';
import { callCapabilities, destinationKind, toCallError, toCallState, toEndReason, toKandyDestination } from '../../src/providers/kandy/mapping.js';

describe('kandy mapping', function () {
  // Some cases create a real SDK client (a 1.87 MB bundle) on a loaded machine.
  this.timeout(60000);
  it('maps every 4.9.0 call state', () => {
    const table: [string, string, string][] = [
      // kandy state, outgoing, incoming
      ['Initiating', 'connecting', 'ringing'],
      ['Initiated', 'connecting', 'ringing'],
      ['Early Media', 'early-media', 'early-media'],
      ['Ringing', 'ringing', 'ringing'],
      ['Cancelled', 'ended', 'ended'],
      ['Connected', 'connected', 'connected'],
      ['On Hold', 'on-hold', 'on-hold'],
      ['Ended', 'ended', 'ended'],
    ];
    expect(table.map(([k]) => k)).to.have.members(Object.values(KANDY_CALL_STATES));
    for (const [kandy, outgoing, incoming] of table) {
      expect(toCallState(kandy, false, false, 'outgoing'), kandy).to.equal(outgoing);
      expect(toCallState(kandy, false, false, 'incoming'), kandy).to.equal(incoming);
    }
    // the tutorial's upper-case constant is not a state: it must not read as ended
    expect(toCallState('ENDED')).to.equal('connecting');
  });

  it('tells local from remote hold', () => {
    expect(toCallState('On Hold', true, false)).to.equal('on-hold');
    expect(toCallState('On Hold', false, true)).to.equal('remote-hold');
    expect(toCallState('On Hold', true, true)).to.equal('on-hold');
    expect(toCallState('Connected', false, true)).to.equal('remote-hold');
    expect(toCallState('Connected', false, false)).to.equal('connected');
  });

  it('maps SDK error codes from params.error to stable CallError codes', () => {
    const table: [string, string][] = [
      ['authentication:1', 'auth-failed'],
      ['authentication:8', 'token-expired'],
      ['subscription:1', 'network'],
      ['subscription:2', 'network'],
      ['subscription:5', 'server-error'],
      ['call:3', 'device-not-found'],
      ['call:4', 'permission-denied'],
      ['call:5', 'unsupported'],
      ['call:6', 'invalid-state'],
      ['call:7', 'invalid-argument'],
      ['call:2', 'provider-error'],
      ['NO_CODE', 'provider-error'],
    ];
    for (const [code, expected] of table) {
      const error = toCallError({ name: 'BasicError', code, message: `m ${code}` }, 'hold', 'c1');
      expect(error.code, code).to.equal(expected);
      expect(error.message).to.equal(`m ${code}`);
      expect(error.callId).to.equal('c1');
    }
  });

  it('derives end reasons from state, direction, side and SIP status', () => {
    const out = { state: 'Ended', direction: 'outgoing' } as const;
    const inc = { state: 'Ended', direction: 'incoming' } as const;
    expect(toEndReason(out, 'Connected', undefined, true).code).to.equal('hung-up');
    expect(toEndReason(out, 'Connected', undefined, false).code).to.equal('remote-hung-up');
    expect(toEndReason(out, 'Ringing', undefined, false).code).to.equal('declined');
    expect(toEndReason(out, 'Ringing', undefined, true).code).to.equal('cancelled');
    expect(toEndReason(inc, 'Ringing', undefined, true).code).to.equal('declined');
    expect(toEndReason({ state: 'Cancelled', direction: 'incoming' }, 'Ringing', undefined, false).code).to.equal('cancelled');
    expect(toEndReason(out, 'Ringing', { statusCode: 486, reasonText: 'Busy Here' }, false)).to.deep.equal({ code: 'busy', message: 'Busy Here', platformCode: '486' });
    expect(toEndReason(out, 'Initiated', { statusCode: 480 }, false).code).to.equal('unavailable');
    expect(toEndReason(out, 'Initiated', { statusCode: 403 }, false).code).to.equal('forbidden');
  });

  it('does not read an outgoing call that never rang as declined', () => {
    const out = { state: 'Ended', direction: 'outgoing' } as const;
    // The platform refused the session (the stand-in's unknown user: 404 with SVC0004, as kandy.test.ts sees it).
    const refused = { code: 'SVC0004', message: 'unknown user' };
    expect(toEndReason(out, 'Initiating', undefined, false, refused)).to.deep.equal({ code: 'unavailable', message: 'unknown user', platformCode: 'SVC0004' });
    expect(toEndReason(out, 'Initiating', undefined, false, { code: 'call:1', message: 'x' }).code).to.equal('failed');
    expect(toEndReason(out, 'Initiating', undefined, false).code).to.equal('unavailable');
    expect(toEndReason(out, 'Initiated', undefined, true).code).to.equal('cancelled');
    expect(toEndReason(out, 'Early Media', undefined, false).code).to.equal('declined');
    expect(toCallError(refused).code).to.equal('not-found');
  });

  it("reads the SDK's call-audit end (transition 9909) as a network failure, whoever the SDK says ended it", () => {
    const out = { state: 'Ended', direction: 'outgoing' } as const;
    const audit = { statusCode: 9909, reasonText: 'Call has ended due to call audit failure.' };
    expect(toEndReason(out, 'Connected', audit, false)).to.deep.equal({ code: 'network', message: audit.reasonText, platformCode: '9909' });
    expect(toEndReason(out, 'On Hold', audit, true).code).to.equal('network');
  });

  it('classifies and cleans destinations', () => {
    expect(destinationKind('+1 (555) 010-2030')).to.equal('phone');
    expect(toKandyDestination('+1 (555) 010-2030')).to.equal('+15550102030');
    expect(destinationKind('bob@example.com')).to.equal('email');
    expect(destinationKind('bob@kandy')).to.equal('user');
    expect(destinationKind('bob')).to.equal('user');
    expect(destinationKind('<script>')).to.equal(null);
    expect(destinationKind('a b@c')).to.equal(null);
  });

  it("offers in each state only what the SDK's sagas accept", () => {
    const caps = (state: string, direction: 'incoming' | 'outgoing' = 'outgoing', localHold = false) =>
      callCapabilities({ state: state as never, direction, localHold });
    expect(caps('Ringing', 'incoming')).to.deep.equal(['video']);
    expect(caps('Ringing')).to.deep.equal([]);
    expect(caps('Connected')).to.have.members(['mute', 'video', 'screen-share', 'hold', 'dtmf']);
    // Held by either side the state is `On Hold`: addMedia, replaceTrack and sendDTMF refuse it.
    for (const localHold of [true, false]) expect(caps('On Hold', 'outgoing', localHold), `localHold ${localHold}`).to.have.members(['mute', 'hold']);
    expect(caps('Ended')).to.deep.equal([]);
    // 4.9.0 has no working forward, transfer or join on CPaaS (kandy.test.ts proves it on the real SDK).
    for (const state of ['Ringing', 'Connected', 'On Hold']) {
      for (const direction of ['incoming', 'outgoing'] as const) {
        expect(caps(state, direction)).to.not.include.oneOf(['transfer', 'consult-transfer', 'merge']);
      }
    }
  });

  it("settles a waiting hold() only with this side's HOLD, never the far side's", async () => {
    const create = await loadKandy();
    const client = create({ authentication: { server: { base: 'kandy.invalid' }, clientCorrelator: 'ops' }, logs: { logLevel: 'silent' } });
    const operations = new KandyOperations(() => 30000);
    let settled = false;
    const hold = operations.run(client, 'c1', 'HOLD', () => undefined).then(() => (settled = true));
    const remote = { callId: 'c1', operation: 'HOLD', transition: 'FINISH', isLocal: false } as const;
    expect(operations.onOperationEvent(remote)).to.equal(null);
    await Promise.resolve();
    expect(settled, 'a remote hold does not answer ours').to.equal(false);
    // A remote error is not ours to settle either: it comes back to be reported.
    const remoteError = { code: 'call:1', message: 'remote' };
    expect(operations.onOperationEvent({ ...remote, error: remoteError })).to.equal(remoteError);
    expect(operations.onOperationEvent({ ...remote, isLocal: true })).to.equal(null);
    await hold;
    expect(settled).to.equal(true);
  });

  it('cancels a wait for a call state, its listener and its timer, when the session closes', async () => {
    const create = await loadKandy();
    const client = create({ authentication: { server: { base: 'kandy.invalid' }, clientCorrelator: 'wait' }, logs: { logLevel: 'silent' } });
    const operations = new KandyOperations(() => 30000);
    const removed: string[] = [];
    const off = client.off.bind(client);
    client.off = ((type: never, listener: never) => (removed.push(type), off(type, listener)));
    let error: CallError | null = null;
    const leaks = new LeakCounter();
    leaks.install();
    try {
      const wait = operations.untilState(client, 'c1', (state) => state === 'Ringing', 'Initiated').then(() => null, (e: CallError) => e);
      expect(leaks.timers, 'the wait has its timeout').to.equal(1);
      operations.rejectAll();
      expect(leaks.timers, 'and it is cleared').to.equal(0);
      error = await wait;
    } finally {
      leaks.uninstall();
    }
    expect(error).to.be.instanceOf(CallError);
    expect(error?.code).to.equal('disposed');
    expect(removed).to.deep.equal(['call:stateChange']);
  });
});

describe('kandy 4.9.0 surface', function () {
  // Scanning the 4.9.0 bundle takes long on a loaded machine.
  this.timeout(60000);
  it('listens only to event names the bundle emits (and the scan would catch a wrong one)', async () => {
    const source = await (await fetch('/node_modules/@kandy-io/cpaas-sdk/dist/kandy.js')).text();
    // WTR serves the bundle through esbuild, which renames `exports` and rewrites the quotes
    const emitted = new Set([...source.matchAll(/exports\d*\.[A-Z_]+ = (['"])([a-zA-Z]+:[a-zA-Z]+)\1/g)].map((m) => m[2]));
    expect(emitted.size).to.be.greaterThan(30);
    for (const name of KANDY_EVENTS) expect(emitted.has(name), name).to.equal(true);
    // The tutorial's listener: never emitted by 4.9.0.
    expect(emitted.has('call:error')).to.equal(false);
  });

  it('has every method the adapter calls, and the state strings it maps', async () => {
    const create = await loadKandy();
    const client = create({ authentication: { server: { base: 'kandy.invalid' }, clientCorrelator: 'surface' }, logs: { logLevel: 'silent' } });
    const fns = (o: object, names: string[]) => names.filter((n) => typeof (o as Record<string, unknown>)[n] !== 'function');
    expect(fns(client, ['setTokens', 'on', 'off'])).to.deep.equal([]);
    expect(fns(client.call, ['make', 'answer', 'reject', 'ignore', 'end', 'hold', 'unhold', 'getAll', 'getById', 'addMedia', 'removeMedia', 'sendDTMF', 'forward', 'directTransfer', 'consultativeTransfer', 'join', 'replaceTrack'])).to.deep.equal([]);
    expect(fns(client.media, ['getDevices', 'getTrackById', 'renderTracks', 'removeTracks', 'muteTracks', 'unmuteTracks'])).to.deep.equal([]);
    expect(fns(client.services, ['subscribe', 'unsubscribe', 'getSubscriptions'])).to.deep.equal([]);
    expect(fns(client.connection, ['enableConnectivityChecking'])).to.deep.equal([]);
    expect(fns(client.state, ['get'])).to.deep.equal([]);
    // What the tutorial promises but 4.9.0 lacks
    expect((client.call as unknown as Record<string, unknown>)['mute']).to.equal(undefined);
    expect((client.call as unknown as Record<string, unknown>)['startVideo']).to.equal(undefined);
    expect(client.call.states).to.deep.equal(KANDY_CALL_STATES);
  });
});
