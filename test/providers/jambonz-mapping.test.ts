import { expect } from '@open-wc/testing';
import {
  apiRoot,
  capabilitiesFor,
  errorForStatus,
  guessKind,
  toCall,
  toCallState,
  toEndReason,
  toTarget,
  type JambonzCall,
} from '../../src/providers/jambonz/index.js';
import { initialLeg } from '../../src/providers/jambonz/jambonz-mapping.js';

const record = (overrides: Partial<JambonzCall> = {}): JambonzCall => ({
  account_sid: 'acc-1',
  call_id: 'abc@10.0.0.1',
  call_sid: 'sid-1',
  call_status: 'in-progress',
  direction: 'inbound',
  from: '+15083728299',
  to: '+16172375089',
  service_url: 'http://10.0.0.2:3000',
  sip_status: 200,
  ...overrides,
});

describe('jambonz mapping', () => {
  it('maps every call_status of the spec (and early-media) to a normalized state, by direction', () => {
    const table: [string, string, string][] = [
      ['trying', 'connecting', 'connecting'],
      ['ringing', 'ringing', 'ringing'],
      ['alerting', 'ringing', 'ringing'],
      ['early-media', 'early-media', 'early-media'],
      ['in-progress', 'connected', 'connected'],
      ['queued', 'in-lobby', 'connecting'],
      ['completed', 'ended', 'ended'],
      ['busy', 'ended', 'ended'],
      ['no-answer', 'ended', 'ended'],
      ['failed', 'ended', 'ended'],
    ];
    const got = table.map(([status]) => [status, toCallState(status, 'incoming'), toCallState(status, 'outgoing')]);
    expect(got).to.deep.equal(table);
    expect(toCallState('something-new', 'incoming')).to.equal('connecting');
  });

  it('gives each terminal status its end reason, telling our hang-up from theirs', () => {
    const here = { hangingUp: true };
    const there = { hangingUp: false };
    const reason = (call_status: string, leg: { hangingUp: boolean }) => toEndReason({ call_status, sip_status: 200 }, leg).code;
    expect(['completed', 'busy', 'no-answer', 'failed'].map((s) => reason(s, there))).to.deep.equal(['remote-hung-up', 'busy', 'no-answer', 'failed']);
    expect(['completed', 'no-answer'].map((s) => reason(s, here))).to.deep.equal(['hung-up', 'cancelled']);
    expect(toEndReason({ call_status: 'busy', sip_status: 486 }, there).platformCode).to.equal('busy 486');
    // A caller who gives up while it rings: `no-answer` with 487 (inbound-call-session.js `_onCancel`).
    expect(toEndReason({ call_status: 'no-answer', sip_status: 487 }, there)).to.deep.equal({ code: 'cancelled', platformCode: 'no-answer 487' });
    // A leg that left the list before showing a terminal status.
    expect([toEndReason(undefined, here), toEndReason(undefined, there)]).to.deep.equal([{ code: 'hung-up' }, { code: 'remote-hung-up' }]);
  });

  it('a leg this page declined ends declined, whatever status jambonz shows for it', () => {
    const declined = { hangingUp: true, declining: true };
    expect(toEndReason({ call_status: 'no-answer', sip_status: 503 }, declined)).to.deep.equal({ code: 'declined', platformCode: 'no-answer 503' });
    expect(toEndReason(undefined, declined)).to.deep.equal({ code: 'declined' });
  });

  it('a failed leg ends with the reason its SIP status gives, keeping the status as platform code', () => {
    const table: [number, string][] = [
      [486, 'busy'],
      [600, 'busy'],
      [480, 'no-answer'],
      [408, 'no-answer'],
      [404, 'unavailable'],
      [410, 'unavailable'],
      [484, 'unavailable'],
      [604, 'unavailable'],
      [603, 'declined'],
      [607, 'declined'],
      [401, 'forbidden'],
      [403, 'forbidden'],
      [407, 'forbidden'],
      [487, 'cancelled'],
      [488, 'failed'],
      [500, 'failed'],
      [503, 'failed'],
    ];
    const got = table.map(([sip]) => [sip, toEndReason({ call_status: 'failed', sip_status: sip }, { hangingUp: false }).code]);
    expect(got).to.deep.equal(table);
    expect(toEndReason({ call_status: 'failed', sip_status: 404 }, { hangingUp: false }).platformCode).to.equal('failed 404');
  });

  it('offers the REST actions by state; recording, pause, transfer and conference hold only where set up', () => {
    const leg = initialLeg;
    const all = { record: true, transfer: true };
    expect(capabilitiesFor('connecting', leg, all)).to.deep.equal([]);
    expect(capabilitiesFor('ringing', leg, all)).to.deep.equal([]);
    expect(capabilitiesFor('in-lobby', leg, all)).to.deep.equal(['redirect']);
    expect(capabilitiesFor('connected', leg)).to.deep.equal(['mute', 'participant-mute', 'listen-pause', 'whisper', 'redirect', 'dtmf']);
    expect(capabilitiesFor('connected', leg, all)).to.deep.equal(['mute', 'participant-mute', 'listen-pause', 'whisper', 'redirect', 'dtmf', 'record', 'transfer']);
    // Pause and resume only while a recording runs (paused counts as running).
    expect(capabilitiesFor('connected', { ...leg, recording: true }, all)).to.include('record-pause');
    expect(capabilitiesFor('connected', { ...leg, recording: true }, { record: false, transfer: false })).to.not.include('record-pause');
    expect(capabilitiesFor('connected', { ...leg, conference: true })).to.include.members(['hold', 'participant-hold']);
    expect(capabilitiesFor('on-hold', { ...leg, conference: true })).to.include.members(['hold', 'participant-hold', 'whisper']);
  });

  it('shows a paused recording on the call', () => {
    const features = { record: true, transfer: false };
    const paused = toCall(record(), { ...initialLeg, recording: true, recordingPaused: true }, undefined, 0, features);
    expect([paused.recording, paused.recordingPaused, paused.capabilities.includes('record-pause')]).to.deep.equal([true, true, true]);
    const stopped = toCall(record(), { ...initialLeg, recording: false, recordingPaused: true }, undefined, 0, features);
    expect([stopped.recording, stopped.recordingPaused]).to.deep.equal([false, false]);
  });

  it('turns an inbound leg into a call with the caller as its one participant', () => {
    const now = 1_700_000_100_000;
    const call = toCall(record({ caller_name: 'Ada', duration: 30, application_sid: 'app-1', originating_sip_trunk_name: 'carrier' }), initialLeg, undefined, now);
    expect([call.id, call.direction, call.state]).to.deep.equal(['sid-1', 'incoming', 'connected']);
    expect(call.remoteParties).to.deep.equal([{ displayName: 'Ada', address: '+15083728299' }]);
    expect(call.participants.map((p) => [p.id, p.displayName, p.address, p.state, p.listen, p.muted])).to.deep.equal([
      ['sid-1', 'Ada', '+15083728299', 'connected', 'active', false],
    ]);
    expect(call.startedAt).to.equal(now - 30_000);
    expect(call.createdAt).to.equal(now - 30_000);
    expect(call.meta).to.deep.include({ call_sid: 'sid-1', account_sid: 'acc-1', from: '+15083728299', to: '+16172375089', application_sid: 'app-1', trunk: 'carrier', sip_status: '200' });
  });

  it('keeps the start time and sent DTMF across polls, and reflects what this page changed', () => {
    const first = toCall(record({ duration: 10 }), initialLeg, undefined, 1000_000);
    const prev = { ...first, dtmf: '12' };
    const later = toCall(record({ duration: 15 }), { ...initialLeg, muted: true, listen: 'paused', conference: true, held: true }, prev, 1005_000);
    expect(later.startedAt).to.equal(first.startedAt);
    expect(later.dtmf).to.equal('12');
    expect([later.state, later.local.muted, later.local.held]).to.deep.equal(['on-hold', true, true]);
    expect(later.participants[0]!).to.include({ muted: true, listen: 'paused', held: true, state: 'on-hold' });
    expect(later.meta.conference).to.equal('true');
  });

  it('an outbound leg shows the callee; a hang-up in flight shows as disconnecting', () => {
    const call = toCall(record({ direction: 'outbound', call_status: 'ringing' }), { ...initialLeg, hangingUp: true }, undefined, 0);
    expect([call.direction, call.state, call.remoteParties[0]!.address, call.startedAt]).to.deep.equal(['outgoing', 'disconnecting', '+16172375089', 0]);
  });

  it('builds the createCall target for each destination kind', () => {
    expect(toTarget('+1 (617) 237-5089', 'phone')).to.deep.equal({ type: 'phone', number: '+16172375089' });
    expect(toTarget('alice@sip.example.com', 'sip')).to.deep.equal({ type: 'sip', sipUri: 'sip:alice@sip.example.com' });
    expect(toTarget('sips:bob@example.com', 'sip')).to.deep.equal({ type: 'sip', sipUri: 'sips:bob@example.com' });
    expect(toTarget('alice', 'user')).to.deep.equal({ type: 'user', name: 'alice' });
    expect(toTarget('+4930123', 'teams', 'contoso.com')).to.deep.equal({ type: 'teams', number: '+4930123', tenant: 'contoso.com' });
    expect(['+16172375089', 'sip:a@b', 'alice@example.com'].map(guessKind)).to.deep.equal(['phone', 'sip', 'user']);
  });

  it('turns HTTP answers into CallErrors with stable codes and the server message', () => {
    const codes = [400, 401, 403, 404, 422, 429, 480, 500, 503, 418].map((s) => errorForStatus(s, undefined, 'x').code);
    expect(codes).to.deep.equal(['invalid-argument', 'auth-failed', 'forbidden', 'not-found', 'invalid-state', 'rate-limited', 'server-error', 'server-error', 'server-error', 'provider-error']);
    const error = errorForStatus(400, 'missing from property', 'createCall');
    expect(error.message).to.contain('missing from property').and.contain('400');
    expect(error.action).to.equal('createCall');
  });

  it('appends /v1 to the base URL once, relative URLs against the page', () => {
    expect(apiRoot('https://api.example.com')).to.equal('https://api.example.com/v1');
    expect(apiRoot('https://api.example.com/v1/')).to.equal('https://api.example.com/v1');
    expect(apiRoot('/jambonz-proxy')).to.equal(`${location.origin}/jambonz-proxy/v1`);
  });
});
