/**
 * Genesys Cloud states → normalized states, value by value, against the Platform API's own vocabulary
 * (the `state` enum of CallMediaParticipant, the `disconnectType` enums of CallMediaParticipant and of the
 * participant's Call communication, and `wrapupPrompt` of Participant, in the spec the contract tests use).
 */
import { expect } from '@open-wc/testing';
import type { Models } from 'purecloud-platform-client-v2';
import {
  DISCONNECT_TYPES,
  PARTICIPANT_STATES,
  capabilitiesFor,
  toCall,
  toCallState,
  toEndReason,
  toParticipantState,
  toWrapUp,
  type GenesysConversation,
} from '../../src/providers/genesys/genesys-mapping.js';
import { parseOptions } from '../../src/providers/genesys/genesys-options.js';
import { retryAfterMs, toCallError } from '../../src/providers/genesys/platform-client.js';
import { USER_ID, connectedCall } from '../fixtures/genesys/world.js';

interface Spec {
  definitions: Record<string, { properties: Record<string, { enum?: string[] }> }>;
}

/** An enum of the spec the contract tests use (served by test/harness/plugins/genesys.mjs). */
async function specEnum(model: string, property: string): Promise<string[]> {
  const res = await fetch('/__genesys-spec.json');
  expect(res.ok, 'spec served').to.equal(true);
  return ((await res.json()) as Spec).definitions[model]!.properties[property]!.enum!;
}

const agent = (state: string, extra: Partial<Models.CallMediaParticipant> = {}): Models.CallMediaParticipant => ({
  id: 'a',
  purpose: 'agent',
  state,
  user: { id: USER_ID },
  ...extra,
});
const customer = (state: string, extra: Partial<Models.CallMediaParticipant> = {}): Models.CallMediaParticipant => ({
  id: 'c',
  purpose: 'customer',
  state,
  ...extra,
});
const conv = (...participants: Models.CallMediaParticipant[]): GenesysConversation => ({ id: 'x', participants });

describe('genesys mapping', () => {
  it('maps every participant state, value by value', () => {
    const expected: Record<string, string> = {
      alerting: 'ringing',
      offering: 'ringing',
      dialing: 'connecting',
      contacting: 'ringing',
      connected: 'connected',
      disconnected: 'disconnected',
      terminated: 'disconnected',
      converting: 'connecting',
      uploading: 'connected',
      transmitting: 'connected',
      none: 'idle',
    };
    for (const [genesys, normalized] of Object.entries(expected)) {
      expect(toParticipantState(genesys), genesys).to.equal(normalized);
    }
    expect(toParticipantState('connected', true)).to.equal('on-hold');
    expect(toParticipantState('alerting', true)).to.equal('ringing');
    expect(toParticipantState('CONNECTED')).to.equal('connected');
    expect(toParticipantState('parked')).to.equal('idle');
    expect(toParticipantState(undefined)).to.equal('idle');
  });

  it('covers the whole state and disconnectType enums of the spec, each value deliberately', async () => {
    const states = await specEnum('CallMediaParticipant', 'state');
    const types = new Set([...(await specEnum('CallMediaParticipant', 'disconnectType')), ...(await specEnum('Call', 'disconnectType'))]);
    expect(states).to.include('alerting');
    expect(types).to.include('timeout').and.to.include('uncallable');
    expect(Object.keys(PARTICIPANT_STATES).sort()).to.deep.equal([...states].sort());
    // Exactly the spec's values: none missing, none invented.
    expect(Object.keys(DISCONNECT_TYPES).sort()).to.deep.equal([...types].sort());
  });

  it('derives the call state from the agent’s own participant', () => {
    const cases: [GenesysConversation, string][] = [
      [conv(agent('alerting'), customer('connected')), 'ringing'],
      [conv(agent('offering'), customer('connected')), 'ringing'],
      [conv(agent('dialing'), customer('contacting')), 'connecting'],
      [conv(agent('contacting'), customer('connected')), 'ringing'],
      [conv(agent('connected'), customer('contacting')), 'ringing'],
      [conv(agent('connected'), customer('alerting')), 'ringing'],
      [conv(agent('connected'), customer('connected')), 'connected'],
      [conv(agent('connected', { held: true }), customer('connected')), 'on-hold'],
      [conv(agent('connected'), customer('connected', { held: true })), 'connected'],
      [conv(agent('connected'), customer('disconnected')), 'connected'],
      [conv(agent('converting'), customer('connected')), 'connecting'],
      [conv(agent('none'), customer('connected')), 'idle'],
      [conv(agent('disconnected'), customer('connected')), 'ended'],
      [conv(agent('terminated'), customer('disconnected')), 'ended'],
      // Not a participant (a supervisor's view): from the others.
      [conv(customer('connected')), 'connected'],
      [conv(customer('alerting')), 'ringing'],
      [conv(customer('disconnected')), 'ended'],
    ];
    for (const [c, state] of cases) {
      expect(toCallState(c, USER_ID), JSON.stringify(c.participants!.map((p) => [p.purpose, p.state, p.held]))).to.equal(state);
    }
  });

  it('maps every disconnectType to an end reason', () => {
    const expected: Record<string, string> = {
      endpoint: 'hung-up',
      client: 'hung-up',
      peer: 'remote-hung-up',
      system: 'failed',
      error: 'failed',
      'transport.failure': 'network',
      transfer: 'hung-up',
      'transfer.conference': 'hung-up',
      'transfer.consult': 'hung-up',
      'transfer.forward': 'hung-up',
      'transfer.noanswer': 'no-answer',
      'transfer.notavailable': 'unavailable',
      timeout: 'no-answer',
      uncallable: 'unavailable',
      spam: 'forbidden',
      other: 'hung-up',
    };
    for (const [type, code] of Object.entries(expected)) {
      const reason = toEndReason(conv(agent('terminated', { disconnectType: type })), USER_ID);
      expect(reason.code, type).to.equal(code);
      expect(reason.platformCode).to.equal(type);
    }
    expect(toEndReason(conv(agent('terminated', { disconnectType: 'transfer' })), USER_ID).message).to.equal('Transferred');
  });

  it('reads the far leg when the agent leg only followed (peer), and only for types that say how the call went', () => {
    const ended = (far: string) => conv(agent('terminated', { disconnectType: 'peer' }), customer('disconnected', { disconnectType: far }));
    expect(toEndReason(ended('timeout'), USER_ID)).to.deep.equal({ code: 'no-answer', platformCode: 'timeout', message: 'No answer' });
    expect(toEndReason(ended('uncallable'), USER_ID)).to.deep.equal({ code: 'unavailable', platformCode: 'uncallable', message: 'The number cannot be called' });
    expect(toEndReason(ended('transport.failure'), USER_ID).code).to.equal('network');
    // The customer's phone hanging up is who ended it, not how: the agent reads "remote hung up".
    expect(toEndReason(ended('endpoint'), USER_ID)).to.deep.equal({ code: 'remote-hung-up', platformCode: 'peer' });
    // The agent's own reason wins over the far leg's.
    const own = conv(agent('terminated', { disconnectType: 'client', connectedTime: '2026-01-01T00:00:00Z' }), customer('disconnected', { disconnectType: 'timeout' }));
    expect(toEndReason(own, USER_ID).code).to.equal('hung-up');
    // A routing leg (acd) timing out is the platform's own business.
    const routed = conv(agent('terminated', { disconnectType: 'peer' }), { id: 'q', purpose: 'acd', state: 'disconnected', disconnectType: 'timeout' });
    expect(toEndReason(routed, USER_ID).code).to.equal('remote-hung-up');
  });

  it('wrap-up: the agent leg ended with wrapupRequired and no code is a wrap-up call; every wrapupPrompt value', async () => {
    const prompts = await specEnum('Participant', 'wrapupPrompt');
    expect(prompts).to.deep.equal(['mandatory', 'optional', 'timeout', 'forcedTimeout']);
    const endTime = '2026-01-01T10:00:00.000Z';
    const self = (wrapupPrompt: string, extra: Partial<Models.CallMediaParticipant> = {}) =>
      agent('terminated', { disconnectType: 'peer', wrapupRequired: true, wrapupPrompt, wrapupTimeoutMs: 30000, endTime, ...extra });
    const codes = [{ id: 'c1', name: 'Sale' }];
    const expected: Record<string, { required: boolean; deadline: number | null }> = {
      mandatory: { required: true, deadline: null },
      optional: { required: false, deadline: null },
      timeout: { required: true, deadline: Date.parse(endTime) + 30000 },
      forcedTimeout: { required: true, deadline: Date.parse(endTime) + 30000 },
    };
    for (const prompt of prompts) {
      expect(toWrapUp(self(prompt), codes), prompt).to.deep.equal({ codes, ...expected[prompt] });
      const c = toCall(conv(self(prompt), customer('disconnected', { disconnectType: 'endpoint' })), USER_ID, Date.now(), codes);
      expect([c.state, c.capabilities, c.wrapUp?.required], prompt).to.deep.equal(['wrap-up', ['wrap-up'], expected[prompt]!.required]);
    }
    // Done: a code assigned, wrap-up skipped, or none required → an ended call.
    for (const extra of [{ wrapup: { code: 'c1' } }, { wrapupSkipped: true }, { wrapupRequired: false }]) {
      expect(toCallState(conv(self('mandatory', extra)), USER_ID), JSON.stringify(extra)).to.equal('ended');
    }
    // While the call is live, wrapupRequired changes nothing.
    const live = toCall(conv(agent('connected', { wrapupRequired: true }), customer('connected')), USER_ID);
    expect([live.state, live.capabilities.includes('wrap-up'), live.wrapUp]).to.deep.equal(['connected', false, undefined]);
    expect(capabilitiesFor('wrap-up')).to.deep.equal(['wrap-up']);
  });

  it('turns a conversation into a call with participants, roles, flags and capabilities', () => {
    const c = connectedCall();
    c.participants![1]!.held = true;
    c.participants![1]!.recording = true;
    c.participants![2]!.muted = true;
    const call = toCall(c, USER_ID);
    expect(call.id).to.equal('conv-connected');
    expect(call.state).to.equal('connected');
    expect(call.recording).to.equal(true);
    expect(call.local).to.deep.include({ muted: true, held: false });
    expect(call.remoteParties).to.deep.equal([{ displayName: 'Casey Customer', address: 'tel:+12025550100' }]);
    expect(call.participants.map((p) => [p.id, p.role, p.state, p.held, p.muted, p.recording])).to.deep.equal([
      ['conv-connected-customer', 'customer', 'on-hold', true, false, true],
      ['conv-connected-agent', 'agent', 'connected', false, true, false],
    ]);
    expect(call.startedAt).to.equal(Date.parse(c.participants![2]!.connectedTime!));
    expect(capabilitiesFor('ringing')).not.to.include('hold');
    expect(capabilitiesFor('ended')).to.deep.equal([]);
    expect(call.capabilities).not.to.include.members(['video', 'screen-share', 'device-select']);
  });

  it('validates options and keeps tokens out of error causes', () => {
    expect(() => parseOptions({})).to.throw(/token, or a clientId/);
    expect(() => parseOptions({ token: '' })).to.throw(/token/);
    expect(() => parseOptions({ token: 't', updates: 'push' })).to.throw(/updates/);
    expect(() => parseOptions({ token: 't', login: 'password' })).to.throw(/login/);
    expect(() => parseOptions({ token: 't', gateway: { host: 'h', port: 70000 } })).to.throw(/port/);
    expect(() => parseOptions({ clientId: 'c', redirectUri: 'not a url' })).to.throw(/redirectUri/);
    expect(parseOptions({ clientId: 'c', redirectUri: 'https://app.example.com/' })).to.deep.include({ login: 'implicit', updates: 'notifications' });
    const axiosLike = { status: 429, headers: { 'retry-after': '2' }, body: { message: 'slow down' }, error: { config: { headers: { Authorization: 'Bearer secret' } } } };
    const error = toCallError(axiosLike, { action: 'refresh' });
    expect(error.code).to.equal('rate-limited');
    expect(JSON.stringify(error.cause)).not.to.contain('secret');
    expect(retryAfterMs(axiosLike)).to.equal(2000);
    expect(retryAfterMs({ headers: { 'retry-after': new Date(Date.now() + 3000).toUTCString() } })).to.be.within(1000, 3000);
    expect(toCallError({ status: 401 }, { signedIn: true }).code).to.equal('token-expired');
    expect(toCallError({ status: 401 }).code).to.equal('auth-failed');
    expect(toCallError(new TypeError('Network Error')).code).to.equal('network');
    expect(toCallError({ status: 503 }).code).to.equal('server-error');
  });
});
