/**
 * One ACS call (or a ringing IncomingCall) as a snapshot call: its SDK events, features and participants
 * are subscribed here and released here when it ends or the session closes.
 */
import type { TransferAcceptedEvent } from '@azure/communication-calling';
import { CallError } from '../../core/errors.js';
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

type TransferTargetCall = Parameters<TransferAcceptedEvent>[0]['targetCall'];

export interface CallSession extends AcsSession {
  readonly sdk: AcsSdk;
  /** The call ended: the provider forgets it. */
  ended(call: TrackedCall): void;
  /** The agent's own Call object for a call the SDK hands over as `CallCommon` (a transfer's target call). */
  callOf(call: TransferTargetCall): AcsCall | undefined;
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
  /** This side transferred the call away: it ends as hung up, "Transferred". */
  transferred = false;
  #connected = false;
  /** Answered here: ending it from now on is hanging up, not declining, even before media connects. */
  #answered = false;
  /** While this side is being transferred: the call it was on, until the call to the target connects. */
  #previous: AcsCall | null = null;
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
    if (!init && this.incoming) this.#answered = true;
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
    try {
      const transfers = call.feature(sdk.Features.Transfer);
      // No `off`: SDK 2.0.0's Transfer feature `off` subscribes again. The listener is disarmed instead.
      let armed = true;
      transfers.on('transferAccepted', ({ targetCall }) => {
        if (armed) this.#transferredHere(targetCall);
      });
      this.#subscriptions.add(() => (armed = false));
    } catch {
      // Calls that cannot be transferred (some Teams and Rooms calls) just never fire transferAccepted.
    }
  }

  /** The far end transferred this user: the SDK placed a call to the target, which replaces this one. */
  #transferredHere(targetCall: TransferTargetCall): void {
    const next = this.#session.callOf(targetCall);
    const previous = this.call;
    if (!next || !previous) {
      this.#session.report(new CallError('provider-error', 'The SDK transferred this call to a call its agent does not list'), 'transfer');
      return;
    }
    this.participants.clear();
    const id = this.id;
    this.#session.update((s) => updateCall(s, id, { participants: [] }));
    this.#previous = previous;
    this.follow(next);
  }

  /** The call to the transfer target connected: the call this side was transferred from is done. */
  #dropPrevious(): void {
    const previous = this.#previous;
    this.#previous = null;
    if (previous && previous.state !== 'Disconnected') previous.hangUp().catch((error: unknown) => this.#session.report(error, 'transfer'));
  }

  sync(): void {
    const call = this.call;
    if (!call || this.ended) return;
    if (call.state === 'Disconnected') {
      const previous = this.#previous;
      if (previous && previous.state !== 'Disconnected') {
        // The call to the transfer target never connected: back on the call this side was on.
        this.#previous = null;
        this.participants.clear();
        this.follow(previous);
        return;
      }
      const reason = toEndReason(call.callEndReason, { local: this.local, direction: this.direction, connected: this.#connected || this.#answered });
      this.end(this.transferred ? { ...reason, code: 'hung-up', message: 'Transferred' } : reason);
      return;
    }
    const state = toCallState(call.state);
    if (state === 'connected') {
      this.#connected = true;
      this.#dropPrevious();
    }
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

  /** Ends this side's leg after a transfer it made reached `Transferred`. */
  async endTransferred(): Promise<void> {
    this.transferred = true;
    this.local = true;
    const call = this.call;
    if (call && call.state !== 'Disconnected') {
      try {
        await call.hangUp();
      } catch (error) {
        this.report(error, 'transfer');
      }
    }
    this.sync();
  }

  report(error: unknown, action: string): void {
    this.#session.report(error, action);
  }

  /** Lets go of every SDK listener and stream of this call (and of a call it was being transferred from). */
  release(): void {
    this.#subscriptions.dispose();
    this.participants.clear();
    this.#dropPrevious();
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
