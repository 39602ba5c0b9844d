/**
 * A scripted, deterministic in-browser platform: the catalogue's, the demos' and the tests' provider.
 * Synthetic video per participant, synthetic speaking, an injectable clock, and hooks (`simulate*`) that
 * play the far side of a call.
 */
import { CallError, type CallErrorCode } from '../../core/errors.js';
import { PREVIEW_STREAM, VideoElementView, type MediaView, type ViewOptions } from '../../core/media.js';
import {
  createCall,
  createParticipant,
  endCall,
  removeParticipant,
  updateCall,
  updateParticipant,
  upsertCall,
  upsertParticipant,
} from '../../core/patch.js';
import type { CallProvider, JoinLocator, ParticipantAction, PermissionRequest, ProviderConfig, ProviderSink, StartCallOptions } from '../../core/provider.js';
import type { Call, CallSnapshot, DeviceInfo, DeviceKind, EndReasonCode, Participant, PermissionState, StreamRef } from '../../core/state.js';
import { realClock, type Clock as SimClock } from '../kit/clock.js';
import { permissionsAfter, toDevices } from '../kit/devices.js';
import {
  CONTROL_CALL_CAPABILITIES,
  CONTROL_DESTINATIONS,
  CONTROL_PLATFORM,
  GROUP_CALL_CAPABILITIES,
  MEDIA_CALL_CAPABILITIES,
  MEDIA_DESTINATIONS,
  MEDIA_PLATFORM,
  SCENARIOS,
  nameAt,
  numberAt,
  type Scenario,
} from './scenarios.js';
import { SyntheticVideo } from './synthetic-video.js';

export type SimulatedOptions = {
  clock?: SimClock;
  /** How long an outgoing call rings before it connects (ms). */
  ringMs?: number;
  /** How long an unanswered call rings before it ends with `no-answer` (ms). */
  noAnswerMs?: number;
  /** Delay before each action settles (ms); lets a UI show its pending state. */
  latencyMs?: number;
  /** Destinations that answer busy. Default: any containing "busy". */
  busy?: readonly string[];
  /** Destinations that never answer. Default: any containing "no-answer". */
  noAnswer?: readonly string[];
  /** Rotate a speaking participant every `speakingMs` (default on in group scenarios). */
  speaking?: boolean;
  speakingMs?: number;
  /** Initial permission state (default: granted, `prompt` in `idle`, `denied` in `permission-denied`). */
  permissions?: PermissionState;
};

const DEVICES: readonly DeviceInfo[] = [
  { id: 'sim-mic-1', label: 'Simulated Microphone', kind: 'microphone' },
  { id: 'sim-mic-2', label: 'Headset Microphone', kind: 'microphone' },
  { id: 'sim-cam-1', label: 'Simulated Camera', kind: 'camera' },
  { id: 'sim-cam-2', label: 'Document Camera', kind: 'camera' },
  { id: 'sim-spk-1', label: 'Simulated Speakers', kind: 'speaker' },
  { id: 'sim-spk-2', label: 'Headset', kind: 'speaker' },
];

const listKey = (kind: DeviceKind): 'microphones' | 'cameras' | 'speakers' =>
  kind === 'microphone' ? 'microphones' : kind === 'camera' ? 'cameras' : 'speakers';

let simSeq = 0;

export class SimulatedProvider implements CallProvider {
  readonly kind = 'simulated';
  readonly scenario: Scenario;
  readonly clock: SimClock;
  readonly video = new SyntheticVideo();
  #sink: ProviderSink | undefined;
  #options: SimulatedOptions;
  #config: ProviderConfig;
  #timers = new Set<unknown>();
  #devices: DeviceInfo[] = [...DEVICES];
  #permission: PermissionState;
  #failures = new Map<string, CallErrorCode>();
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
    this.#permission =
      this.#options.permissions ?? (scenario === 'permission-denied' ? 'denied' : scenario === 'idle' ? 'prompt' : 'granted');
  }

  get #s(): CallSnapshot {
    return this.#sink!.snapshot;
  }

  #update(recipe: (s: CallSnapshot) => CallSnapshot): void {
    this.#sink?.update(recipe);
  }

  #after(ms: number, fn: () => void): void {
    const handle = this.clock.setTimeout(() => {
      this.#timers.delete(handle);
      fn();
    }, ms);
    this.#timers.add(handle);
  }

  /** Settles an action after the configured latency, or fails it if a failure was injected. */
  #settle(action: string, apply?: () => void): Promise<void> {
    const failure = this.#failures.get(action);
    const latency = this.#options.latencyMs ?? 0;
    return new Promise((resolve, reject) => {
      const done = () => {
        if (failure) {
          this.#failures.delete(action);
          reject(new CallError(failure, `Simulated ${action} failure`));
          return;
        }
        apply?.();
        resolve();
      };
      if (latency > 0) this.#after(latency, done);
      else queueMicrotask(done);
    });
  }

  #nextId(prefix: string): string {
    return `${prefix}-${++simSeq}-${++this.#seq}`;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  connect(sink: ProviderSink): Promise<void> {
    this.#sink = sink;
    const control = this.scenario === 'call-control';
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
      devices: this.#deviceState(s),
    }));
    this.#play();
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    for (const handle of this.#timers) this.clock.clearTimeout(handle);
    this.#timers.clear();
    this.video.stopAll();
    return Promise.resolve();
  }

  #deviceState(s: CallSnapshot): CallSnapshot['devices'] {
    const labelled = (d: DeviceInfo, i: number) => (this.#permission === 'granted' ? d : { ...d, label: '', id: d.id || `unnamed-${i}` });
    const of = (kind: DeviceKind) => this.#devices.filter((d) => d.kind === kind).map(labelled);
    return toDevices({ microphone: of('microphone'), camera: of('camera'), speaker: of('speaker') }, s.devices.selected);
  }

  // ---- scenarios ---------------------------------------------------------------------------------

  #participant(i: number, extra: Partial<Participant> = {}): Participant {
    const id = `p${i + 1}`;
    return createParticipant({
      id,
      displayName: nameAt(i),
      address: numberAt(i),
      video: [{ id: `${id}-camera`, participantId: id, kind: 'camera', available: true, local: false }],
      ...extra,
    });
  }

  #selfStreams(video: boolean, screen = false): StreamRef[] {
    return [
      ...(video ? [{ id: 'self-camera', participantId: 'self', kind: 'camera' as const, available: true, local: true }] : []),
      ...(screen ? [{ id: 'self-screen', participantId: 'self', kind: 'screen' as const, available: true, local: true }] : []),
    ];
  }

  #mediaCall(id: string, participants: Participant[], init: Partial<Call> = {}): Call {
    const now = this.clock.now();
    return createCall(
      {
        id,
        direction: 'outgoing',
        state: 'connected',
        remoteParties: participants.slice(0, 1).map((p) => ({ displayName: p.displayName, address: p.address })),
        participants,
        capabilities: participants.length > 1 ? GROUP_CALL_CAPABILITIES : MEDIA_CALL_CAPABILITIES,
        video: true,
        startedAt: now - 42_000,
        local: { video: true, streams: this.#selfStreams(true) },
        ...init,
      },
      now - 45_000,
    );
  }

  #play(): void {
    const count = Math.max(1, Math.min(49, this.#config.participants ?? 4));
    switch (this.scenario) {
      case 'idle':
      case 'permission-denied':
        return;
      case 'incoming':
        this.simulateIncomingCall({ name: nameAt(1), address: numberAt(1), video: true });
        return;
      case 'one-to-one':
        this.#update((s) => upsertCall(s, this.#mediaCall('call-1', [this.#participant(0)])));
        return;
      case 'on-hold':
        this.#update((s) =>
          upsertCall(s, this.#mediaCall('call-1', [this.#participant(0)], { state: 'on-hold', local: { muted: false, video: false, screenSharing: false, held: true, streams: [] } })),
        );
        return;
      case 'group': {
        const people = Array.from({ length: count }, (_, i) => this.#participant(i));
        this.#update((s) => upsertCall(s, this.#mediaCall('call-1', people, { meta: { room: 'Design review' } })));
        this.#startSpeaking('call-1');
        return;
      }
      case 'screen-share': {
        const people = Array.from({ length: Math.max(2, Math.min(count, 3)) }, (_, i) => this.#participant(i));
        const sharer = people[0]!;
        people[0] = {
          ...sharer,
          video: [...sharer.video, { id: `${sharer.id}-screen`, participantId: sharer.id, kind: 'screen', available: true, local: false }],
        };
        this.#update((s) => upsertCall(s, this.#mediaCall('call-1', people)));
        this.#startSpeaking('call-1');
        return;
      }
      case 'call-control':
        this.#playControl();
        return;
    }
  }

  #playControl(): void {
    const now = this.clock.now();
    const agent = (i: number) => createParticipant({ id: `agent-${i}`, displayName: this.#config.displayName ?? 'Agent', address: 'agent@example.com', role: 'agent', listen: 'active' });
    const customer = (i: number, state: Participant['state'] = 'connected') =>
      createParticipant({ id: `customer-${i}`, displayName: nameAt(i), address: numberAt(i), role: 'customer', state, listen: 'active' });
    const calls: Call[] = [
      createCall(
        {
          id: 'conv-1',
          direction: 'incoming',
          state: 'connected',
          remoteParties: [{ displayName: nameAt(0), address: numberAt(0) }],
          participants: [agent(1), customer(0)],
          capabilities: CONTROL_CALL_CAPABILITIES,
          startedAt: now - 95_000,
          meta: { queue: 'Support' },
        },
        now - 120_000,
      ),
      createCall(
        {
          id: 'conv-2',
          direction: 'outgoing',
          state: 'on-hold',
          remoteParties: [{ displayName: nameAt(1), address: numberAt(1) }],
          participants: [agent(2), customer(1, 'on-hold')],
          capabilities: CONTROL_CALL_CAPABILITIES,
          startedAt: now - 300_000,
          local: { held: true },
          meta: { queue: 'Sales' },
        },
        now - 310_000,
      ),
      createCall(
        {
          id: 'conv-3',
          direction: 'incoming',
          state: 'ringing',
          remoteParties: [{ displayName: nameAt(2), address: numberAt(2) }],
          participants: [customer(2, 'connected')],
          capabilities: CONTROL_CALL_CAPABILITIES,
          meta: { queue: 'Support' },
        },
        now - 5_000,
      ),
    ];
    this.#update((s) => calls.reduce(upsertCall, s));
  }

  #startSpeaking(callId: string): void {
    if (this.#options.speaking === false) return;
    const every = this.#options.speakingMs ?? 1500;
    const turn = () => {
      const call = this.#s.calls.find((c) => c.id === callId);
      if (!call || call.participants.length === 0) return;
      const speaker = call.participants[this.#speakerIndex++ % call.participants.length]!;
      this.#update((s) =>
        updateCall(s, callId, (c) => ({
          ...c,
          dominantSpeakerId: speaker.id,
          participants: c.participants.map((p) => (p.speaking === (p.id === speaker.id) ? p : { ...p, speaking: p.id === speaker.id })),
        })),
      );
      this.#after(every, turn);
    };
    this.#after(every, turn);
  }

  // ---- media ---------------------------------------------------------------------------------------

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    const label = this.#labelFor(stream);
    if (label === null) throw new CallError('not-found', `No stream ${stream.id} in this session`);
    const key = stream.id;
    const media = this.video.acquire(key, label, stream.kind === 'screen', stream.local && stream.kind === 'camera');
    return new VideoElementView(stream, options, media, () => this.video.release(key));
  }

  #labelFor(stream: StreamRef): string | null {
    const s = this.#s;
    if (stream.id === PREVIEW_STREAM.id) {
      const camera = s.devices.cameras.find((c) => c.id === s.devices.selected.camera);
      return camera?.label || s.self.displayName;
    }
    if (stream.local) return stream.kind === 'screen' ? `${s.self.displayName} — screen` : s.self.displayName;
    for (const call of s.calls) {
      const p = call.participants.find((x) => x.id === stream.participantId);
      if (p && p.video.some((v) => v.id === stream.id)) return stream.kind === 'screen' ? `${p.displayName} — screen` : p.displayName;
    }
    return null;
  }

  // ---- actions ---------------------------------------------------------------------------------

  startCall(to: readonly string[], options: StartCallOptions): Promise<string> {
    const id = this.#nextId('call');
    const target = to[0]!;
    const control = this.scenario === 'call-control';
    const participants = to.map((t, i) =>
      createParticipant({ id: `${id}-p${i + 1}`, displayName: t, address: t, state: 'ringing', ...(control ? { role: 'customer' } : {}) }),
    );
    const call = createCall(
      {
        id,
        direction: 'outgoing',
        state: 'connecting',
        remoteParties: to.map((t) => ({ displayName: t, address: t })),
        participants,
        video: options.video,
        capabilities: control ? CONTROL_CALL_CAPABILITIES : to.length > 1 ? GROUP_CALL_CAPABILITIES : MEDIA_CALL_CAPABILITIES,
        local: control ? {} : { video: options.video, streams: this.#selfStreams(options.video) },
      },
      this.clock.now(),
    );
    return this.#settle('startCall', () => {
      this.#update((s) => upsertCall(s, call));
      this.#after(0, () => this.#update((s) => updateCall(s, id, { state: 'ringing' })));
      const ring = this.#options.ringMs ?? 1500;
      if (this.#matches(target, this.#options.busy, 'busy')) {
        this.#after(Math.min(ring, 800), () => this.#end(id, 'busy'));
      } else if (this.#matches(target, this.#options.noAnswer, 'no-answer')) {
        this.#after(this.#options.noAnswerMs ?? 5000, () => this.#end(id, 'no-answer'));
      } else {
        this.#after(ring, () => {
          const connected = (p: Participant): Participant => ({
            ...p,
            state: 'connected',
            video: control ? [] : [{ id: `${p.id}-camera`, participantId: p.id, kind: 'camera', available: true, local: false }],
          });
          this.#update((s) => updateCall(s, id, (c) => ({ ...c, state: 'connected', startedAt: this.clock.now(), participants: c.participants.map(connected) })));
          if (to.length > 1) this.#startSpeaking(id);
        });
      }
    }).then(() => id);
  }

  #matches(target: string, list: readonly string[] | undefined, word: string): boolean {
    return list ? list.includes(target) : target.toLowerCase().includes(word);
  }

  #end(callId: string, code: EndReasonCode): void {
    this.#update((s) => endCall(s, callId, { code }, this.clock.now()));
  }

  join(locator: JoinLocator): Promise<string> {
    const id = this.#nextId('room');
    const name = Object.values(locator)[0] as string;
    const count = Math.max(1, Math.min(49, this.#config.participants ?? 3));
    const people = Array.from({ length: count }, (_, i) => this.#participant(i));
    return this.#settle('join', () => {
      this.#update((s) =>
        upsertCall(s, this.#mediaCall(id, people, { startedAt: this.clock.now(), createdAt: this.clock.now(), meta: { room: name }, capabilities: GROUP_CALL_CAPABILITIES })),
      );
      this.#startSpeaking(id);
    }).then(() => id);
  }

  accept(callId: string, options: { video: boolean }): Promise<void> {
    return this.#settle('accept', () => {
      this.#update((s) => {
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
          local: { ...c.local, video: options.video, streams: this.#selfStreams(options.video) },
          participants: c.participants.map((p) => ({ ...p, state: 'connected' })),
        }));
      });
    });
  }

  reject(callId: string): Promise<void> {
    return this.#settle('reject', () => this.#end(callId, 'declined'));
  }

  hangUp(callId: string): Promise<void> {
    return this.#settle('hangUp', () => this.#end(callId, 'hung-up'));
  }

  setMuted(callId: string, muted: boolean): Promise<void> {
    return this.#settle('setMuted', () => this.#update((s) => updateCall(s, callId, { local: { muted } })));
  }

  setVideo(callId: string, on: boolean): Promise<void> {
    return this.#settle('setVideo', () =>
      this.#update((s) =>
        updateCall(s, callId, (c) => ({ ...c, local: { ...c.local, video: on, streams: this.#selfStreams(on, c.local.screenSharing) } })),
      ),
    );
  }

  setScreenShare(callId: string, on: boolean): Promise<void> {
    return this.#settle('setScreenShare', () =>
      this.#update((s) =>
        updateCall(s, callId, (c) => ({ ...c, local: { ...c.local, screenSharing: on, streams: this.#selfStreams(c.local.video, on) } })),
      ),
    );
  }

  hold(callId: string): Promise<void> {
    return this.#settle('hold', () =>
      this.#update((s) => updateCall(s, callId, (c) => ({ ...c, state: 'on-hold', local: { ...c.local, held: true } }))),
    );
  }

  resume(callId: string): Promise<void> {
    return this.#settle('resume', () =>
      this.#update((s) => updateCall(s, callId, (c) => ({ ...c, state: 'connected', local: { ...c.local, held: false } }))),
    );
  }

  sendDtmf(): Promise<void> {
    return this.#settle('sendDtmf');
  }

  addParticipant(callId: string, target: string): Promise<void> {
    const pid = this.#nextId('p');
    return this.#settle('addParticipant', () => {
      this.#update((s) => upsertParticipant(s, callId, createParticipant({ id: pid, displayName: target, address: target, state: 'ringing' })));
      this.#after(this.#options.ringMs ?? 1500, () =>
        this.#update((s) =>
          updateParticipant(s, callId, pid, {
            state: 'connected',
            video: this.scenario === 'call-control' ? [] : [{ id: `${pid}-camera`, participantId: pid, kind: 'camera', available: true, local: false }],
          }),
        ),
      );
    });
  }

  removeParticipant(callId: string, participantId: string): Promise<void> {
    return this.#settle('removeParticipant', () => this.#update((s) => removeParticipant(s, callId, participantId)));
  }

  participantAction(callId: string, participantId: string, action: ParticipantAction): Promise<void> {
    return this.#settle(`participant-${action.type}`, () => {
      switch (action.type) {
        case 'mute':
          return this.#update((s) => updateParticipant(s, callId, participantId, { muted: action.muted }));
        case 'hold':
          return this.#update((s) => updateParticipant(s, callId, participantId, { held: action.held, state: action.held ? 'on-hold' : 'connected' }));
        case 'record':
          return this.#update((s) => updateParticipant(s, callId, participantId, { recording: action.recording }));
        case 'listen':
          return this.#update((s) => updateParticipant(s, callId, participantId, { listen: action.status }));
        case 'whisper':
          return undefined; // heard by the participant only; nothing changes on screen
      }
    });
  }

  setRecording(callId: string, on: boolean): Promise<void> {
    return this.#settle('setRecording', () => this.#update((s) => updateCall(s, callId, { recording: on })));
  }

  transfer(callId: string): Promise<void> {
    return this.#settle('transfer', () => this.#update((s) => endCall(s, callId, { code: 'hung-up', message: 'Transferred' }, this.clock.now())));
  }

  selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#settle('selectDevice', () =>
      this.#update((s) => ({ ...s, devices: { ...s.devices, selected: { ...s.devices.selected, [kind]: deviceId } } })),
    );
  }

  requestPermissions(request: PermissionRequest): Promise<void> {
    if (this.#permission === 'denied') {
      return Promise.reject(new CallError('permission-denied', 'Camera and microphone access is blocked for this site'));
    }
    return this.#settle('requestPermissions', () => {
      this.#permission = 'granted';
      this.#update((s) => ({
        ...s,
        permissions: permissionsAfter(s.permissions, request, { audio: true, video: true }),
        devices: this.#deviceState(s),
      }));
    });
  }

  // ---- the far side: hooks for tests, stories and demos ---------------------------------------------

  /** A call rings in. Returns its id. */
  simulateIncomingCall(from: { name?: string; address?: string; video?: boolean } = {}): string {
    const id = this.#nextId('incoming');
    const name = from.name ?? nameAt(1);
    const address = from.address ?? numberAt(1);
    const pid = `${id}-caller`;
    const control = this.scenario === 'call-control';
    const call = createCall(
      {
        id,
        direction: 'incoming',
        state: 'ringing',
        video: from.video ?? false,
        remoteParties: [{ displayName: name, address }],
        participants: [
          createParticipant({
            id: pid,
            displayName: name,
            address,
            state: 'connected',
            video: from.video ? [{ id: `${pid}-camera`, participantId: pid, kind: 'camera', available: true, local: false }] : [],
          }),
        ],
        capabilities: control ? CONTROL_CALL_CAPABILITIES : MEDIA_CALL_CAPABILITIES,
      },
      this.clock.now(),
    );
    this.#update((s) => upsertCall(s, call));
    return id;
  }

  /** The far side hangs up (or, for a ringing incoming call, the caller gives up). */
  simulateRemoteHangUp(callId: string): void {
    const call = this.#s.calls.find((c) => c.id === callId);
    if (!call) return;
    this.#end(callId, call.state === 'ringing' && call.direction === 'incoming' ? 'cancelled' : 'remote-hung-up');
  }

  /** The connection drops: every live call ends with `network` and the session reconnects. */
  simulateNetworkLoss(): void {
    for (const call of this.#s.calls) this.#end(call.id, 'network');
    this.#update((s) => ({ ...s, connection: 'reconnecting' }));
    this.#after(0, () => this.#update((s) => ({ ...s, connection: 'connected' })));
  }

  simulateRemoteHold(callId: string, held: boolean): void {
    this.#update((s) => updateCall(s, callId, { state: held ? 'remote-hold' : 'connected' }));
  }

  /** Someone joins a call. Returns the participant id. */
  simulateJoin(callId: string, name: string, options: { video?: boolean } = {}): string {
    const pid = this.#nextId('p');
    this.#update((s) =>
      upsertParticipant(
        s,
        callId,
        createParticipant({
          id: pid,
          displayName: name,
          address: `${name.toLowerCase().replace(/\W+/g, '.')}@simulated`,
          video: options.video === false ? [] : [{ id: `${pid}-camera`, participantId: pid, kind: 'camera', available: true, local: false }],
        }),
      ),
    );
    return pid;
  }

  simulateLeave(callId: string, participantId: string): void {
    this.#update((s) => removeParticipant(s, callId, participantId));
  }

  setSpeaking(callId: string, participantId: string, speaking: boolean): void {
    this.#update((s) => updateParticipant(s, callId, participantId, { speaking }));
  }

  setParticipantMuted(callId: string, participantId: string, muted: boolean): void {
    this.#update((s) => updateParticipant(s, callId, participantId, { muted }));
  }

  /** Turns a participant's camera on or off (the stream stays, `available` changes). */
  setParticipantVideo(callId: string, participantId: string, on: boolean): void {
    this.#update((s) =>
      updateCall(s, callId, (c) => ({
        ...c,
        participants: c.participants.map((p) =>
          p.id === participantId ? { ...p, video: p.video.map((v) => (v.kind === 'camera' ? { ...v, available: on } : v)) } : p,
        ),
      })),
    );
  }

  /** A participant starts or stops sharing a screen. */
  setParticipantScreen(callId: string, participantId: string, on: boolean): void {
    this.#update((s) =>
      updateCall(s, callId, (c) => ({
        ...c,
        participants: c.participants.map((p) => {
          if (p.id !== participantId) return p;
          const others = p.video.filter((v) => v.kind !== 'screen');
          return { ...p, video: on ? [...others, { id: `${p.id}-screen`, participantId: p.id, kind: 'screen', available: true, local: false }] : others };
        }),
      })),
    );
  }

  plugDevice(device: DeviceInfo): void {
    this.#devices = [...this.#devices.filter((d) => d.id !== device.id), device];
    this.#update((s) => ({ ...s, devices: this.#deviceState(s) }));
  }

  unplugDevice(deviceId: string): void {
    this.#devices = this.#devices.filter((d) => d.id !== deviceId);
    this.#update((s) => ({ ...s, devices: this.#deviceState(s) }));
  }

  /** The next call of `action` (e.g. `setMuted`, `startCall`) fails with `code`. */
  failNext(action: string, code: CallErrorCode = 'provider-error'): void {
    this.#failures.set(action, code);
  }

  /** The platform reports an error no action awaits (a dropped connection, say). */
  simulatePlatformError(code: CallErrorCode, message: string): void {
    this.#sink?.fail(new CallError(code, message));
  }

  /** Devices of a kind as the platform lists them now. */
  devicesOf(kind: DeviceKind): readonly DeviceInfo[] {
    return this.#s.devices[listKey(kind)];
  }
}
