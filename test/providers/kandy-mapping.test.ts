/**
 * Kandy vocabulary → normalized vocabulary, value by value, plus the checks that keep the adapter's idea of
 * the SDK honest: every event it listens to is emitted by the 4.9.0 bundle, and every method it calls
 * exists on a real client.
 */
import { expect } from '@open-wc/testing';
import { KANDY_CALL_STATES, KANDY_EVENTS, loadKandy } from '../../src/providers/kandy/kandy-sdk.js';
import { callCapabilities, destinationKind, toCallError, toCallState, toEndReason, toKandyDestination } from '../../src/providers/kandy/mapping.js';

describe('kandy mapping', () => {
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

  it('classifies and cleans destinations', () => {
    expect(destinationKind('+1 (555) 010-2030')).to.equal('phone');
    expect(toKandyDestination('+1 (555) 010-2030')).to.equal('+15550102030');
    expect(destinationKind('bob@example.com')).to.equal('email');
    expect(destinationKind('bob@kandy')).to.equal('user');
    expect(destinationKind('bob')).to.equal('user');
    expect(destinationKind('<script>')).to.equal(null);
    expect(destinationKind('a b@c')).to.equal(null);
  });

  it('offers transfer where Kandy allows it: forward when ringing in, direct transfer when live', () => {
    expect(callCapabilities({ state: 'Ringing', direction: 'incoming', localHold: false })).to.include('transfer');
    expect(callCapabilities({ state: 'Ringing', direction: 'outgoing', localHold: false })).to.deep.equal([]);
    expect(callCapabilities({ state: 'Connected', direction: 'outgoing', localHold: false })).to.include.members(['mute', 'video', 'screen-share', 'hold', 'dtmf', 'transfer']);
    expect(callCapabilities({ state: 'On Hold', direction: 'outgoing', localHold: true })).to.not.include('dtmf');
    expect(callCapabilities({ state: 'Ended', direction: 'outgoing', localHold: false })).to.deep.equal([]);
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
    expect(fns(client.call, ['make', 'answer', 'reject', 'ignore', 'end', 'hold', 'unhold', 'getAll', 'getById', 'addMedia', 'removeMedia', 'sendDTMF', 'forward', 'directTransfer', 'replaceTrack'])).to.deep.equal([]);
    expect(fns(client.media, ['getDevices', 'getTrackById', 'renderTracks', 'removeTracks', 'muteTracks', 'unmuteTracks'])).to.deep.equal([]);
    expect(fns(client.services, ['subscribe', 'unsubscribe', 'getSubscriptions'])).to.deep.equal([]);
    // What the tutorial promises but 4.9.0 lacks
    expect((client.call as unknown as Record<string, unknown>)['mute']).to.equal(undefined);
    expect((client.call as unknown as Record<string, unknown>)['startVideo']).to.equal(undefined);
    expect(client.call.states).to.deep.equal(KANDY_CALL_STATES);
  });
});
