/**
 * What each controller action checks before it reaches the provider, and how it runs. Loaded with the
 * provider (the controller imports it at connect), so none of it weighs on the CDN module's first load.
 */
import { ACTIONS } from './actions.js';
import { CallError } from './errors.js';
import type { CallProvider, JoinLocator, ParticipantAction, PermissionRequest, TransferTarget, WrapUpSubmission } from './provider.js';
import type { Call, CallSnapshot, Capability, DestinationKind, DeviceKind } from './state.js';
import type { CallController } from './controller.js';

/** What a plan needs from its controller: the current snapshot and provider, and a way to change state. */
export interface PlanContext {
  readonly controller: CallController;
  update(recipe: (snapshot: CallSnapshot) => CallSnapshot): void;
}

const MAX_TEXT = 512;
const DTMF = /^[0-9A-D*#,]{1,64}$/;
const DEVICE_KINDS: readonly DeviceKind[] = ['microphone', 'camera', 'speaker'];
const PARTICIPANT_CAPABILITY: Record<ParticipantAction['type'], Capability> = {
  mute: 'participant-mute',
  hold: 'participant-hold',
  record: 'record',
  whisper: 'whisper',
  listen: 'listen-pause',
};

function invalid(message: string): CallError {
  return new CallError('invalid-argument', message);
}


function expectBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false, got ${typeof value}`);
}

function expectText(value: unknown, name: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw invalid(`${name} must be a string, got ${typeof value}`);
  const text = value.trim();
  if (!text) throw invalid(`${name} must not be empty`);
  if (text.length > max) throw invalid(`${name} is longer than ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw invalid(`${name} contains control characters`);
  return text;
}

function expectOptionalId(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return expectText(value, name);
}

export interface Prepared<T> {
  callId?: string | null;
  participantId?: string | null;
  run: () => Promise<T>;
  after?: (result: T) => void;
}

type CallMethod = typeof ACTIONS.setMuted | typeof ACTIONS.setVideo | typeof ACTIONS.setScreenShare | typeof ACTIONS.hold | typeof ACTIONS.resume | typeof ACTIONS.setRecording | typeof ACTIONS.setRecordingPaused;

function method<K extends keyof CallProvider>(ctx: PlanContext, name: K): NonNullable<CallProvider[K]> {
  const fn = ctx.controller.provider[name];
  if (typeof fn !== 'function') {
    throw unsupported(ctx, String(name));
  }
  return (fn as (...args: unknown[]) => unknown).bind(ctx.controller.provider) as NonNullable<CallProvider[K]>;
}

function unsupported(ctx: PlanContext, what: string): CallError {
  return new CallError('unsupported', `The ${ctx.controller.provider.kind} provider does not support ${what}`);
}

function requireConnected(ctx: PlanContext): void {
  if (ctx.controller.snapshot.connection !== 'connected' && ctx.controller.snapshot.connection !== 'reconnecting') {
    throw new CallError('not-connected', 'Not connected to the calling service yet');
  }
}

function requirePlatform(ctx: PlanContext, capability: Capability): void {
  if (!ctx.controller.snapshot.platform.capabilities.includes(capability)) {
    throw unsupported(ctx, capability);
  }
}

/** The call an action targets: the given id, or the active call; checks it has the capability. */
function callFor(ctx: PlanContext, callId: unknown, capability?: Capability): Call {
  const id = expectOptionalId(callId, 'callId') ?? ctx.controller.snapshot.activeCallId;
  if (!id) throw new CallError('invalid-state', 'There is no active call');
  const call = ctx.controller.snapshot.calls.find((c) => c.id === id);
  if (!call) throw new CallError('not-found', `No call with id ${id}`);
  if (capability && !call.capabilities.includes(capability)) {
    throw new CallError('unsupported', `This call does not support ${capability}`);
  }
  return call;
}


export function startCall(ctx: PlanContext, to: string | readonly string[], options: { video?: boolean; kind?: DestinationKind } = {}): Prepared<string> {
  const list = typeof to === 'string' ? [to] : to;
  if (!Array.isArray(list) || list.length === 0) throw invalid('startCall needs at least one destination');
  const targets = list.map((t, i) => expectText(t, `destination ${i + 1}`));
  const video = options.video ?? false;
  expectBoolean(video, 'video');
  const kinds = ctx.controller.snapshot.platform.destinations;
  if (options.kind !== undefined && !kinds.includes(options.kind)) {
    throw unsupported(ctx, `dialling a ${String(options.kind)}`);
  }
  requireConnected(ctx);
  requirePlatform(ctx, 'outgoing');
  const startCall = method(ctx, 'startCall');
  return {
    run: () => startCall(targets, { video, ...(options.kind ? { kind: options.kind } : {}) }),
    after: (callId) => {
      if (ctx.controller.snapshot.calls.some((c) => c.id === callId)) ctx.update((s) => ({ ...s, activeCallId: callId }));
    },
  };
}

export function join(ctx: PlanContext, locator: JoinLocator, options: { video?: boolean } = {}): Prepared<string> {
  if (!locator || typeof locator !== 'object') throw invalid('join needs a locator such as { room: "name" }');
  const keys = Object.keys(locator);
  const known = ['room', 'groupId', 'meetingLink', 'meetingId', 'passcode', 'roomId'];
  if (keys.length === 0 || keys.some((k) => !known.includes(k))) throw invalid(`Unknown join locator: ${keys.join(', ')}`);
  for (const key of keys) expectText((locator as unknown as Record<string, unknown>)[key], key, 2048);
  const video = options.video ?? false;
  expectBoolean(video, 'video');
  requireConnected(ctx);
  requirePlatform(ctx, 'group-join');
  const join = method(ctx, 'join');
  return {
    run: () => join(locator, { video }),
    after: (callId) => {
      if (ctx.controller.snapshot.calls.some((c) => c.id === callId)) ctx.update((s) => ({ ...s, activeCallId: callId }));
    },
  };
}

export function accept(ctx: PlanContext, callId: string, options: { video?: boolean } = {}): Prepared<void> {
  const call = callFor(ctx, expectText(callId, 'callId'));
  if (call.direction !== 'incoming' || call.state !== 'ringing') {
    throw new CallError('invalid-state', 'Only a ringing incoming call can be accepted');
  }
  const video = options.video ?? false;
  expectBoolean(video, 'video');
  if (video && !call.capabilities.includes('video')) throw new CallError('unsupported', 'This call does not support video');
  const accept = method(ctx, 'accept');
  return {
    callId: call.id,
    run: () => accept(call.id, { video }),
    after: () => ctx.update((s) => (s.calls.some((c) => c.id === call.id) ? { ...s, activeCallId: call.id } : s)),
  };
}

export function reject(ctx: PlanContext, callId: string): Prepared<void> {
  const call = callFor(ctx, expectText(callId, 'callId'));
  if (call.direction !== 'incoming' || call.state !== 'ringing') {
    throw new CallError('invalid-state', 'Only a ringing incoming call can be declined');
  }
  const reject = method(ctx, 'reject');
  return { callId: call.id, run: () => reject(call.id) };
}

export function hangUp(ctx: PlanContext, callId?: string, options: { forEveryone?: boolean } = {}): Prepared<void> {
  const call = callFor(ctx, callId);
  if (call.state === 'wrap-up') throw new CallError('invalid-state', 'The conversation is over; submit its after-call work instead');
  const forEveryone = options.forEveryone ?? false;
  expectBoolean(forEveryone, 'forEveryone');
  if (forEveryone && !call.capabilities.includes('hang-up-for-everyone')) {
    throw new CallError('unsupported', 'This call cannot be ended for everyone');
  }
  const hangUp = method(ctx, 'hangUp');
  return { callId: call.id, run: () => hangUp(call.id, { forEveryone }) };
}

export function setMuted(ctx: PlanContext, muted: boolean, callId?: string): Prepared<void> {
  return callAction(ctx, ACTIONS.setMuted, 'mute', callId, muted, 'muted');
}

export function setVideo(ctx: PlanContext, on: boolean, callId?: string): Prepared<void> {
  return callAction(ctx, ACTIONS.setVideo, 'video', callId, on, 'on');
}

export function setScreenShare(ctx: PlanContext, on: boolean, callId?: string): Prepared<void> {
  return callAction(ctx, ACTIONS.setScreenShare, 'screen-share', callId, on, 'on');
}

export function hold(ctx: PlanContext, callId?: string): Prepared<void> {
  return callAction(ctx, ACTIONS.hold, 'hold', callId);
}

export function resume(ctx: PlanContext, callId?: string): Prepared<void> {
  return callAction(ctx, ACTIONS.resume, 'hold', callId);
}

/** The shape most call actions share: an optional flag, a capability, a provider method of the same name. */
function callAction(ctx: PlanContext, name: CallMethod, capability: Capability, callId: unknown, flag?: unknown, flagName?: string): Prepared<void> {
  if (flagName) expectBoolean(flag, flagName);
  const call = callFor(ctx, callId, capability);
  const fn = method(ctx, name) as (callId: string, flag?: unknown) => Promise<void>;
  return { callId: call.id, run: () => (flagName ? fn(call.id, flag) : fn(call.id)) };
}

/** Actions that take one destination or URL for a call. */
function targetAction(ctx: PlanContext, name: typeof ACTIONS.addParticipant | typeof ACTIONS.redirect, capability: Capability, target: unknown, callId: unknown): Prepared<void> {
  const to = name === ACTIONS.redirect ? expectUrl(target, 'url') : expectText(target, 'target');
  const call = callFor(ctx, callId, capability);
  const fn = method(ctx, name) as (callId: string, target: string) => Promise<void>;
  return { callId: call.id, run: () => fn(call.id, to) };
}

export function sendDtmf(ctx: PlanContext, digits: string, callId?: string): Prepared<void> {
  if (typeof digits !== 'string' || !DTMF.test(digits.toUpperCase())) {
    throw invalid('DTMF digits must be 1–64 of 0-9, *, #, A-D or a comma');
  }
  const tones = digits.toUpperCase();
  const call = callFor(ctx, callId, 'dtmf');
  const sendDtmf = method(ctx, 'sendDtmf');
  return {
    callId: call.id,
    run: () => sendDtmf(call.id, tones),
    after: () => ctx.update((s) => ({ ...s, calls: s.calls.map((c) => (c.id === call.id ? { ...c, dtmf: c.dtmf + tones } : c)) })),
  };
}

export function addParticipant(ctx: PlanContext, target: string, callId?: string): Prepared<void> {
  return targetAction(ctx, ACTIONS.addParticipant, 'add-participant', target, callId);
}

export function removeParticipant(ctx: PlanContext, participantId: string, callId?: string): Prepared<void> {
  const pid = expectText(participantId, 'participantId');
  const call = callFor(ctx, callId, 'remove-participant');
  if (!call.participants.some((p) => p.id === pid)) throw new CallError('not-found', `No participant with id ${pid}`);
  const removeParticipant = method(ctx, 'removeParticipant');
  return { callId: call.id, participantId: pid, run: () => removeParticipant(call.id, pid) };
}

export function participantAction(ctx: PlanContext, participantId: string, action: ParticipantAction, callId?: string): Prepared<void> {
  const known = !!action && typeof action === 'object' && Object.hasOwn(PARTICIPANT_CAPABILITY, action.type);
  const pid = expectText(participantId, 'participantId');
  if (!known) throw invalid('participantAction needs an action of type mute, hold, record, whisper or listen');
  if (action.type === 'mute') expectBoolean(action.muted, 'muted');
  if (action.type === 'hold') expectBoolean(action.held, 'held');
  if (action.type === 'record') expectBoolean(action.recording, 'recording');
  if (action.type === 'listen' && !['active', 'paused', 'silenced'].includes(action.status)) {
    throw invalid('listen status must be active, paused or silenced');
  }
  if (action.type === 'whisper') {
    if (action.text === undefined && action.url === undefined) throw invalid('whisper needs a text or a url');
    if (action.text !== undefined) expectText(action.text, 'text', 1000);
    if (action.url !== undefined) expectUrl(action.url, 'url');
  }
  const call = callFor(ctx, callId, PARTICIPANT_CAPABILITY[action.type]);
  if (!call.participants.some((p) => p.id === pid)) throw new CallError('not-found', `No participant with id ${pid}`);
  const participantAction = method(ctx, 'participantAction');
  return { callId: call.id, participantId: pid, run: () => participantAction(call.id, pid, action) };
}

export function setRecording(ctx: PlanContext, on: boolean, callId?: string): Prepared<void> {
  return callAction(ctx, ACTIONS.setRecording, 'record', callId, on, 'on');
}

export function setRecordingPaused(ctx: PlanContext, paused: boolean, callId?: string): Prepared<void> {
  const prepared = callAction(ctx, ACTIONS.setRecordingPaused, 'record-pause', callId, paused, 'paused');
  const call = callFor(ctx, callId);
  if (!call.recording) throw new CallError('invalid-state', 'There is no recording to pause or resume');
  return prepared;
}

/** The other call of a two-call action: must exist, differ from the first, and be live. */
function otherCall(ctx: PlanContext, otherCallId: unknown, call: Call): Call {
  const id = expectText(otherCallId, 'otherCallId');
  if (id === call.id) throw invalid('The other call must be a different call');
  const other = ctx.controller.snapshot.calls.find((c) => c.id === id);
  if (!other) throw new CallError('not-found', `No call with id ${id}`);
  return other;
}

/**
 * A blind transfer (`"+14155550100"` or `{ to }`), or a consultative one onto another call (`{ callId }`).
 * Destinations are checked like the dialer's: text without control characters, of a kind the platform dials.
 */
export function transfer(ctx: PlanContext, target: string | TransferTarget, callId?: string): Prepared<void> {
  const given: unknown = typeof target === 'string' ? { to: target } : target;
  if (!given || typeof given !== 'object') throw invalid('transfer needs a destination or { callId } of another call');
  const t = given as Record<string, unknown>;
  let resolved: TransferTarget;
  if ('callId' in t && t.callId !== undefined) {
    const call = callFor(ctx, callId, 'consult-transfer');
    const other = otherCall(ctx, t.callId, call);
    resolved = { callId: other.id };
  } else {
    const to = expectText(t.to, 'target');
    const kind = t.kind as DestinationKind | undefined;
    if (kind !== undefined && !ctx.controller.snapshot.platform.destinations.includes(kind)) {
      throw unsupported(ctx, `transferring to a ${String(kind)}`);
    }
    resolved = kind ? { to, kind } : { to };
    callFor(ctx, callId, 'transfer');
  }
  const call = callFor(ctx, callId);
  const fn = method(ctx, 'transfer');
  return { callId: call.id, run: () => fn(call.id, resolved) };
}

export function mergeCalls(ctx: PlanContext, otherCallId: string, callId?: string): Prepared<void> {
  const call = callFor(ctx, callId, 'merge');
  const other = otherCall(ctx, otherCallId, call);
  const fn = method(ctx, 'mergeCalls');
  return { callId: call.id, run: () => fn(call.id, other.id) };
}

export function submitWrapUp(ctx: PlanContext, wrapUp: WrapUpSubmission, callId?: string): Prepared<void> {
  if (!wrapUp || typeof wrapUp !== 'object') throw invalid('submitWrapUp needs { codeId, notes? }');
  const codeId = expectText(wrapUp.codeId, 'codeId');
  const notes = wrapUp.notes === undefined || wrapUp.notes === '' ? undefined : expectNotes(wrapUp.notes);
  const call = callFor(ctx, callId, 'wrap-up');
  if (call.state !== 'wrap-up') throw new CallError('invalid-state', 'Only a call in wrap-up takes a wrap-up code');
  if (call.wrapUp && !call.wrapUp.codes.some((c) => c.id === codeId)) {
    throw new CallError('not-found', `No wrap-up code with id ${codeId}`);
  }
  const fn = method(ctx, 'submitWrapUp');
  return { callId: call.id, run: () => fn(call.id, notes === undefined ? { codeId } : { codeId, notes }) };
}

export function skipWrapUp(ctx: PlanContext, callId?: string): Prepared<void> {
  const call = callFor(ctx, callId, 'wrap-up');
  if (call.state !== 'wrap-up') throw new CallError('invalid-state', 'Only a call in wrap-up can leave it');
  if (call.wrapUp?.required !== false) throw new CallError('invalid-state', 'This call needs a wrap-up code');
  const fn = method(ctx, 'skipWrapUp');
  return { callId: call.id, run: () => fn(call.id) };
}

/** Free text of several lines (wrap-up notes): newlines and tabs allowed, other control characters not. */
function expectNotes(value: unknown): string {
  if (typeof value !== 'string') throw invalid(`notes must be a string, got ${typeof value}`);
  if (value.length > 4000) throw invalid('notes are longer than 4000 characters');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) throw invalid('notes contain control characters');
  return value;
}

export function redirect(ctx: PlanContext, url: string, callId?: string): Prepared<void> {
  return targetAction(ctx, ACTIONS.redirect, 'redirect', url, callId);
}

export function selectDevice(ctx: PlanContext, kind: DeviceKind, deviceId: string): Prepared<void> {
  if (!DEVICE_KINDS.includes(kind)) throw invalid('Device kind must be microphone, camera or speaker');
  const id = expectText(deviceId, 'deviceId');
  requirePlatform(ctx, kind === 'speaker' ? 'speaker-select' : 'device-select');
  const list = ctx.controller.snapshot.devices[kind === 'microphone' ? 'microphones' : kind === 'camera' ? 'cameras' : 'speakers'];
  if (!list.some((d) => d.id === id)) throw new CallError('device-not-found', `No ${kind} with id ${id}`);
  const selectDevice = method(ctx, 'selectDevice');
  return { run: () => selectDevice(kind, id) };
}

export function requestPermissions(ctx: PlanContext, request: Partial<PermissionRequest> = {}): Prepared<void> {
  const audio = request.audio ?? true;
  const video = request.video ?? true;
  expectBoolean(audio, 'audio');
  expectBoolean(video, 'video');
  if (!audio && !video) throw invalid('Ask for the microphone, the camera, or both');
  const requestPermissions = method(ctx, 'requestPermissions');
  return { run: () => requestPermissions({ audio, video }) };
}

export function refresh(ctx: PlanContext): Prepared<void> {
  const refresh = method(ctx, 'refresh');
  return { run: () => refresh() };
}

function expectUrl(value: unknown, name: string): string {
  const text = expectText(value, name, 2048);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`${name} must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw invalid(`${name} must be an http(s) or ws(s) URL`);
  }
  return text;
}
