/**
 * A scripted, deterministic in-browser platform: the catalogue's, the demos' and the tests' provider.
 * Synthetic video per participant, synthetic speaking, an injectable clock, and hooks (`simulate*`) that
 * play the far side of a call. The scripts live beside it: scenarios.ts (names, capabilities),
 * scripted-calls.ts (the calls a scenario starts with), call-handover.ts (transfer, merge, wrap-up),
 * timeline.ts (timers and latency), simulated-devices.ts, synthetic-video.ts.
 */
import { CallError } from '../../core/errors.js';
import { VideoElementView, type MediaView, type ViewOptions } from '../../core/media.js';
import {
  createParticipant,
  endCall,
  removeParticipant,
  updateCall,
  updateParticipant,
  upsertCall,
  upsertParticipant,
} from '../../core/patch.js';
import type {
  CallProvider,
  JoinLocator,
  ParticipantAction,
  PermissionRequest,
  ProviderConfig,
  ProviderSink,
  StartCallOptions,
  TransferTarget,
  WrapUpSubmission,
} from '../../core/provider.js';
import type { CallSnapshot, DeviceInfo, DeviceKind, EndReason, EndReasonCode, Participant, PermissionState, StreamRef } from '../../core/state.js';
import { realClock, type Clock as SimClock } from '../kit/clock.js';
import { permissionsAfter } from '../kit/devices.js';
import { mergeCalls, TRANSFERRED, WrapUpDesk } from './call-handover.js';
import {
  CONTROL_DESTINATIONS,
  CONTROL_PLATFORM,
  GROUP_CALL_CAPABILITIES,
  MEDIA_DESTINATIONS,
  MEDIA_PLATFORM,
  RECORDING_CAPABILITY,
  SCENARIOS,
  nameAt,
  numberAt,
  type Scenario,
} from './scenarios.js';
import { cameraOf, incomingCall, outgoingCall, isControlScenario, mediaCall, openingCalls, scriptedParticipant, selfStreams, type SimulatedWrapUp } from './scripted-calls.js';
import { deviceState, SIMULATED_DEVICES } from './simulated-devices.js';
import { streamLabel, SyntheticVideo } from './synthetic-video.js';
import { Timeline } from './timeline.js';
import type { SimulatedOptions } from './simulated-options.js';

export type { SimulatedWrapUp } from './scripted-calls.js';
export type { SimulatedOptions } from './simulated-options.js';


let simSeq = 0;

/** The platform side: lifecycle, scenarios and actions. `SimulatedProvider` adds the far side's hooks. */
export class SimulatedPlatform implements CallProvider {
  readonly kind = 'simulated';
  readonly scenario: Scenario;
  readonly clock: SimClock;
  readonly video = new SyntheticVideo();
  protected sink: ProviderSink | undefined;
  #options: SimulatedOptions;
  #config: ProviderConfig;
  protected readonly time: Timeline;
  protected deviceList: DeviceInfo[] = [...SIMULATED_DEVICES];
  #permission: PermissionState;
  #wrapUp: SimulatedWrapUp | null;
  #desk: WrapUpDesk;
  #speakerIndex = 0;
  #seq = 0;

  constructor(config: ProviderConfig) {
    const scenario = (config.scenario ?? 'idle') as Scenario;
    if (!SCENARIOS.includes(scenario)) {
      throw new CallError('invalid-argument', `Unknown scenario "${config.scenario}". Known: ${SCENARIOS.join(', ')}`);
    }
    const n = config.participants;
    if (n !== undefined && !Number.isInteger(n)) throw new CallError('invalid-argument', `participants must be a whole number from 1 to 49, not "${String(n)}"`);
    if (n !== undefined && (n < 1 || n > 49)) console.warn(`call-elements: participants=${n} is outside 1–49; using ${Math.max(1, Math.min(49, n))}`);
    this.scenario = scenario;
    this.#config = config;
    this.#options = config.options;
    this.clock = this.#options.clock ?? realClock;
    this.time = new Timeline(this.clock, this.#options.latencyMs ?? 0);
    const wrapUp = this.#options.wrapUp;
    this.#wrapUp = wrapUp === false ? null : (wrapUp ?? (scenario === 'wrap-up' ? {} : null));
    this.#desk = new WrapUpDesk(this.time, this.#wrapUp, {
      read: () => this.current,
      write: (recipe) => this.write(recipe),
    });
    this.#permission =
      this.#options.permissions ?? (scenario === 'permission-denied' ? 'denied' : scenario === 'idle' ? 'prompt' : 'granted');
  }

  protected get current(): CallSnapshot {
    return this.sink!.snapshot;
  }

  protected get control(): boolean {
    return isControlScenario(this.scenario);
  }

  protected write(recipe: (s: CallSnapshot) => CallSnapshot): void {
    this.sink?.update(recipe);
  }

  protected after(ms: number, fn: () => void): void {
    this.time.after(ms, fn);
  }

  #settle(action: string, apply?: () => void): Promise<void> {
    return this.time.settle(action, apply);
  }

  protected nextId(prefix: string): string {
    return `${prefix}-${++simSeq}-${++this.#seq}`;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  connect(sink: ProviderSink): Promise<void> {
    this.sink = sink;
    const control = this.control;
    const displayName = this.#config.displayName ?? (control ? 'Agent' : 'You');
    sink.update((s) => ({
      ...s,
      platform: {
        kind: this.kind,
        mode: control ? 'control' : 'media',
        capabilities: control ? CONTROL_PLATFORM : MEDIA_PLATFORM,
        destinations: control ? CONTROL_DESTINATIONS : MEDIA_DESTINATIONS,
      },
      self: { id: 'self', displayName, address: 'you@simulated' },
      permissions: { camera: this.#permission, microphone: this.#permission },
      devices: this.deviceState(s),
    }));
    this.#play();
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.time.cancelAll();
    this.video.stopAll();
    return Promise.resolve();
  }

  protected deviceState(s: CallSnapshot): CallSnapshot['devices'] {
    return deviceState(this.deviceList, this.#permission, s.devices.selected);
  }

  // ---- scenarios ---------------------------------------------------------------------------------

  #play(): void {
    const now = this.clock.now();
    if (this.scenario === 'incoming') {
      this.simulateIncomingCall({ name: nameAt(1), address: numberAt(1), video: true });
      return;
    }
    const count = Math.max(1, Math.min(49, this.#config.participants ?? 4));
    const calls = openingCalls(this.scenario, count, this.#config.displayName ?? 'Agent', now, this.scenario === 'wrap-up' ? this.#wrapUp : null);
    this.write((s) => calls.reduce(upsertCall, s));
    if (this.scenario === 'group' || this.scenario === 'screen-share') this.#startSpeaking('call-1');
    for (const call of calls) if (call.wrapUp?.deadline != null) this.#desk.expireAt(call.id, call.wrapUp.deadline);
  }

  #startSpeaking(callId: string): void {
    if (this.#options.speaking === false) return;
    const every = this.#options.speakingMs ?? 1500;
    const turn = () => {
      const call = this.current.calls.find((c) => c.id === callId);
      if (!call || call.participants.length === 0) return;
      const speaker = call.participants[this.#speakerIndex++ % call.participants.length]!;
      this.write((s) =>
        updateCall(s, callId, (c) => ({
          ...c,
          dominantSpeakerId: speaker.id,
          participants: c.participants.map((p) => (p.speaking === (p.id === speaker.id) ? p : { ...p, speaking: p.id === speaker.id })),
        })),
      );
      this.after(every, turn);
    };
    this.after(every, turn);
  }

  // ---- media ---------------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    const label = streamLabel(this.current, stream);
    if (label === null) throw new CallError('not-found', `No stream ${stream.id} in this session`);
    const key = stream.id;
    const media = this.video.acquire(key, label, stream.kind === 'screen', stream.local && stream.kind === 'camera');
    return new VideoElementView(stream, options, media, () => this.video.release(key));
  }

  // ---- actions ---------------------------------------------------------------------------------

  startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    const id = this.nextId('call');
    const target = to[0]!;
    const control = this.control;
    const call = outgoingCall(id, to, options.video, control, this.clock.now());
    return this.#settle('startCall', () => {
      this.write((s) => upsertCall(s, call));
      this.after(0, () => this.write((s) => updateCall(s, id, { state: 'ringing' })));
      const ring = this.#options.ringMs ?? 1500;
      if (this.#matches(target, this.#options.busy, 'busy')) {
        this.after(Math.min(ring, 800), () => this.end(id, 'busy'));
      } else if (this.#matches(target, this.#options.noAnswer, 'no-answer')) {
        this.after(this.#options.noAnswerMs ?? 5000, () => this.end(id, 'no-answer'));
      } else {
        this.after(ring, () => {
          const connected = (p: Participant): Participant => ({ ...p, state: 'connected', video: control ? [] : [cameraOf(p.id)] });
          this.write((s) => updateCall(s, id, (c) => ({ ...c, state: 'connected', startedAt: this.clock.now(), participants: c.participants.map(connected) })));
          if (to.length > 1) this.#startSpeaking(id);
        });
      }
    }).then(() => id);
  }

  #matches(target: string, list: readonly string[] | undefined, word: string): boolean {
    return list ? list.includes(target) : target.toLowerCase().includes(word);
  }

  protected end(callId: string, code: EndReasonCode): void {
    this.write((s) => endCall(s, callId, { code }, this.clock.now()));
  }

  /** A conversation that took place is over: into wrap-up where configured (a call that never connected is not). */
  protected conversationEnded(callId: string, reason: EndReason): void {
    this.#desk.over(callId, reason);
  }

  join(locator: JoinLocator): Promise<string> {
    const id = this.nextId('room');
    const name = Object.values(locator)[0] as string;
    const count = Math.max(1, Math.min(49, this.#config.participants ?? 3));
    const people = Array.from({ length: count }, (_, i) => scriptedParticipant(i));
    return this.#settle('join', () => {
      const now = this.clock.now();
      this.write((s) => upsertCall(s, mediaCall(id, people, now, { startedAt: now, createdAt: now, meta: { room: name }, capabilities: GROUP_CALL_CAPABILITIES })));
      this.#startSpeaking(id);
    }).then(() => id);
  }

  accept(callId: string, options: { video: boolean }): Promise<void> {
    return this.#settle('accept', () => {
      this.write((s) => {
        // Call waiting: the call in progress goes on hold.
        let next = s;
        for (const other of s.calls) {
          if (other.id !== callId && other.state === 'connected' && other.capabilities.includes('hold')) {
            next = updateCall(next, other.id, { state: 'on-hold', local: { held: true } });
          }
        }
        return updateCall(next, callId, (c) => ({
          ...c,
          state: 'connected',
          startedAt: this.clock.now(),
          local: { ...c.local, video: options.video, streams: selfStreams(options.video) },
          participants: c.participants.map((p) => ({ ...p, state: 'connected' })),
        }));
      });
    });
  }

  reject(callId: string): Promise<void> {
    return this.#settle('reject', () => this.end(callId, 'declined'));
  }

  hangUp(callId: string): Promise<void> {
    return this.#settle('hangUp', () => this.conversationEnded(callId, { code: 'hung-up' }));
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#settle('setMuted', () => this.write((s) => updateCall(s, callId, { local: { muted } })));
  }

  setVideo(callId: string, on: boolean): Promise<void> {
    return this.#settle('setVideo', () =>
      this.write((s) => updateCall(s, callId, (c) => ({ ...c, local: { ...c.local, video: on, streams: selfStreams(on, c.local.screenSharing) } }))),
    );
  }

  setScreenShare(callId: string, on: boolean): Promise<void> {
    return this.#settle('setScreenShare', () =>
      this.write((s) => updateCall(s, callId, (c) => ({ ...c, local: { ...c.local, screenSharing: on, streams: selfStreams(c.local.video, on) } }))),
    );
  }

  hold(callId: string): Promise<void> {
    return this.#settle('hold', () => this.write((s) => updateCall(s, callId, (c) => ({ ...c, state: 'on-hold', local: { ...c.local, held: true } }))));
  }

  resume(callId: string): Promise<void> {
    return this.#settle('resume', () => this.write((s) => updateCall(s, callId, (c) => ({ ...c, state: 'connected', local: { ...c.local, held: false } }))));
  }

  sendDtmf(): Promise<void> {
    return this.#settle('sendDtmf');
  }

  addParticipant(callId: string, target: string): Promise<void> {
    const pid = this.nextId('p');
    return this.#settle('addParticipant', () => {
      this.write((s) => upsertParticipant(s, callId, createParticipant({ id: pid, displayName: target, address: target, state: 'ringing' })));
      this.after(this.#options.ringMs ?? 1500, () =>
        this.write((s) => updateParticipant(s, callId, pid, { state: 'connected', video: this.control ? [] : [cameraOf(pid)] })),
      );
    });
  }

  removeParticipant(callId: string, participantId: string): Promise<void> {
    return this.#settle('removeParticipant', () => this.write((s) => removeParticipant(s, callId, participantId)));
  }

  participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    return this.#settle(`participant-${action.type}`, () => {
      switch (action.type) {
        case 'mute':
          return this.write((s) => updateParticipant(s, callId, participantId, { muted: action.muted }));
        case 'hold':
          return this.write((s) => updateParticipant(s, callId, participantId, { held: action.held, state: action.held ? 'on-hold' : 'connected' }));
        case 'record':
          return this.write((s) => updateParticipant(s, callId, participantId, { recording: action.recording }));
        case 'listen':
          return this.write((s) => updateParticipant(s, callId, participantId, { listen: action.status }));
        case 'whisper':
          return undefined; // heard by the participant only; nothing changes on screen
      }
    });
  }

  /** A running recording can be paused: `record-pause` is advertised only while the call records. */
  setRecording(callId: string, on: boolean): Promise<void> {
    return this.#settle('setRecording', () =>
      this.write((s) =>
        updateCall(s, callId, (c) => {
          const others = c.capabilities.filter((k) => k !== RECORDING_CAPABILITY);
          return { ...c, recording: on, recordingPaused: false, capabilities: on ? [...others, RECORDING_CAPABILITY] : others };
        }),
      ),
    );
  }

  setRecordingPaused(callId: string, paused: boolean): Promise<void> {
    return this.#settle('setRecordingPaused', () => this.write((s) => updateCall(s, callId, { recordingPaused: paused })));
  }

  /** Blind: the far end is handed to `to` and the call is over for this user. Consultative: both far ends meet. */
  transfer(callId: string, target: TransferTarget): Promise<void> {
    return this.#settle('transfer', () => ('callId' in target ? this.#desk.consultTransfer(callId, target.callId) : this.conversationEnded(callId, TRANSFERRED)));
  }

  mergeCalls(callId: string, otherCallId: string): Promise<void> {
    return this.#settle('mergeCalls', () => this.write((s) => mergeCalls(s, callId, otherCallId)));
  }

  submitWrapUp(callId: string, wrapUp: WrapUpSubmission): Promise<void> {
    return this.#settle('submitWrapUp', () => {
      this.write((s) => updateCall(s, callId, (c) => ({ ...c, meta: { ...c.meta, wrapUpCode: wrapUp.codeId } })));
      this.#desk.leave(callId);
    });
  }

  skipWrapUp(callId: string): Promise<void> {
    return this.#settle('skipWrapUp', () => this.#desk.leave(callId));
  }

  selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#settle('selectDevice', () =>
      this.write((s) => ({ ...s, devices: { ...s.devices, selected: { ...s.devices.selected, [kind]: deviceId } } })),
    );
  }

  requestPermissions(request: PermissionRequest): Promise<void> {
    if (this.#permission === 'denied') {
      return Promise.reject(new CallError('permission-denied', 'Camera and microphone access is blocked for this site'));
    }
    return this.#settle('requestPermissions', () => {
      this.#permission = 'granted';
      this.write((s) => ({ ...s, permissions: permissionsAfter(s.permissions, request, { audio: true, video: true }), devices: this.deviceState(s) }));
    });
  }

  // ---- the far side, as the scenarios need it ---------------------------------------------------

  /** A call rings in. Returns its id. */
  simulateIncomingCall(from: { name?: string; address?: string; video?: boolean } = {}): string {
    const call = incomingCall(this.nextId('incoming'), from, this.control, this.clock.now());
    this.write((s) => upsertCall(s, call));
    return call.id;
  }
}
