/**
 * One ACS call (or a ringing IncomingCall) as a snapshot call: its SDK events, features and participants
 * are subscribed here and released here when it ends or the session closes.
 */
import { createCall, endCall, updateCall, upsertCall } from '../../core/patch.js';
import type { Capability, EndReason, StreamRef } from '../../core/state.js';
import { Subscriptions } from '../kit/subscriptions.js';
import { identifierAddress, identifierId, toCallState, toEndReason } from './mapping.js';
import { ParticipantTracker, type AcsSession } from './participant-tracker.js';
import type { AcsCall, AcsIncomingCall, AcsRemoteParticipant, AcsSdk } from './sdk.js';

export const ONE_TO_ONE_CAPABILITIES: readonly Capability[] = [
  'mute', 'video', 'screen-share', 'hold', 'dtmf', 'add-participant', 'remove-participant', 'hang-up-for-everyone',
];
export const GROUP_CAPABILITIES: readonly Capability[] = [
  'mute', 'video', 'screen-share', 'add-participant', 'remove-participant', 'participant-mute', 'hang-up-for-everyone',
];

export interface CallSession extends AcsSession {
  readonly sdk: AcsSdk;
  /** The call ended: the provider forgets it. */
  ended(call: TrackedCall): void;
}

export interface CallInit {
  readonly direction: 'incoming' | 'outgoing';
  readonly group: boolean;
  readonly parties: { displayName: string; address: string }[];
  readonly video: boolean;
  readonly meta?: Record<string, string>;
}

type EndCode = Parameters<typeof toEndReason>[0];

export class TrackedCall {
  readonly id: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly group: boolean;
  readonly participants: ParticipantTracker;
  call: AcsCall | null = null;
  incoming: AcsIncomingCall | null = null;
  /** This side hung up or declined, so a normal end is ours. */
  local = false;
  ended = false;
  #connected = false;
  readonly #session: CallSession;
  readonly #subscriptions = new Subscriptions();

  constructor(session: CallSession, id: string, direction: 'incoming' | 'outgoing', group: boolean) {
    this.#session = session;
    this.id = id;
    this.direction = direction;
    this.group = group;
    this.participants = new ParticipantTracker(session, id, group);
  }

  /** A call that rings here: shown as ringing until accepted, declined, or the caller gives up. */
  ring(incoming: AcsIncomingCall): void {
    this.incoming = incoming;
    const identifier = incoming.callerInfo.identifier;
    const address = identifier ? identifierAddress(identifier) : '';
    const displayName = incoming.callerInfo.displayName || address || 'Unknown caller';
    this.#subscriptions.on(incoming, 'callEnded', ({ callEndReason }: { callEndReason: EndCode }) => {
      if (this.call) return; // accepted: the Call reports its own end
      this.end(toEndReason(callEndReason, { local: this.local, direction: 'incoming', connected: false }));
    });
    const id = this.id;
    this.#session.update((s) =>
      upsertCall(s, createCall({ id, direction: 'incoming', state: 'ringing', remoteParties: [{ displayName, address }], capabilities: ONE_TO_ONE_CAPABILITIES })),
    );
  }

  /** The SDK Call behind this entry (placed, joined, or the accepted incoming call). */
  follow(call: AcsCall, init?: CallInit): void {
    this.#subscriptions.dispose();
    this.call = call;
    this.incoming = null;
    const id = this.id;
    if (init) {
      const state = toCallState(call.state);
      this.#session.update((s) =>
        upsertCall(
          s,
          createCall({
            id,
            direction: init.direction,
            state: state === 'ended' ? 'connecting' : state,
            remoteParties: init.parties,
            capabilities: init.group ? GROUP_CAPABILITIES : ONE_TO_ONE_CAPABILITIES,
            video: init.video,
            meta: init.meta ?? {},
          }),
        ),
      );
    }
    const sync = () => this.sync();
    for (const event of ['stateChanged', 'isMutedChanged', 'isScreenSharingOnChanged', 'isLocalVideoStartedChanged', 'localVideoStreamsUpdated'] as const) {
      this.#subscriptions.on(call, event, sync);
    }
    const onParticipants = ({ added, removed }: { added: AcsRemoteParticipant[]; removed: AcsRemoteParticipant[] }) => {
      for (const rp of added) this.participants.add(rp);
      for (const rp of removed) this.participants.remove(rp, true);
    };
    // Not through `on`: the SDK's overloads for this event do not infer through a generic helper.
    call.on('remoteParticipantsUpdated', onParticipants);
    this.#subscriptions.add(() => call.off('remoteParticipantsUpdated', onParticipants));
    this.#followFeatures(call);
    for (const rp of call.remoteParticipants) this.participants.add(rp);
    this.sync();
  }

  #followFeatures(call: AcsCall): void {
    const sdk = this.#session.sdk;
    const update = (recipe: Parameters<CallSession['update']>[0]) => this.#session.update(recipe);
    const id = this.id;
    try {
      const recording = call.feature(sdk.Features.Recording);
      const sync = () => update((s) => updateCall(s, id, { recording: recording.isRecordingActive }));
      this.#subscriptions.on(recording, 'isRecordingActiveChanged', sync);
      sync();
    } catch {
      // Not every call type offers recording; the indicator then stays off.
    }
    try {
      const speakers = call.feature(sdk.Features.DominantSpeakers);
      const sync = () => {
        const first = speakers.dominantSpeakers?.speakersList[0];
        update((s) => updateCall(s, id, { dominantSpeakerId: first ? identifierId(first) : null }));
      };
      this.#subscriptions.on(speakers, 'dominantSpeakersChanged', sync);
      sync();
    } catch {
      // 1:1 calls have no dominant speakers feature on some SDK builds.
    }
  }

  sync(): void {
    const call = this.call;
    if (!call || this.ended) return;
    if (call.state === 'Disconnected') {
      this.end(toEndReason(call.callEndReason, { local: this.local, direction: this.direction, connected: this.#connected }));
      return;
    }
    const state = toCallState(call.state);
    if (state === 'connected') this.#connected = true;
    const local = {
      muted: call.isMuted,
      video: call.isLocalVideoStarted,
      screenSharing: call.isScreenSharingOn,
      held: call.state === 'LocalHold',
      streams: selfStreams(call),
    };
    const id = this.id;
    this.#session.update((s) => updateCall(s, id, { state, local }));
  }

  end(reason: EndReason): void {
    this.ended = true;
    this.release();
    this.#session.ended(this);
    const id = this.id;
    this.#session.update((s) => endCall(s, id, reason));
  }

  /** Lets go of every SDK listener and stream of this call. */
  release(): void {
    this.#subscriptions.dispose();
    this.participants.clear();
  }
}

function selfStreams(call: AcsCall): StreamRef[] {
  const refs: StreamRef[] = [];
  if (call.isLocalVideoStarted && call.localVideoStreams.some((s) => s.mediaStreamType === 'Video')) {
    refs.push({ id: 'self-camera', participantId: 'self', kind: 'camera', available: true, local: true });
  }
  if (call.isScreenSharingOn) {
    refs.push({ id: 'self-screen', participantId: 'self', kind: 'screen', available: call.localVideoStreams.some((s) => s.mediaStreamType === 'ScreenSharing'), local: true });
  }
  return refs;
}
