/**
 * The remote participants of one ACS call: each RemoteParticipant's events and video streams become a
 * snapshot participant; its listeners and streams are released when it leaves or the call ends.
 */
import { createParticipant, removeParticipant, updateCall, upsertParticipant } from '../../core/patch.js';
import type { Call, CallSnapshot, Participant, StreamRef } from '../../core/state.js';
import { Subscriptions } from '../kit/subscriptions.js';
import { identifierAddress, identifierId, toParticipantState } from './mapping.js';
import type { StreamTiles } from './stream-tiles.js';
import type { AcsRemoteParticipant, AcsRemoteVideoStream } from './sdk.js';

/** What the trackers of one provider share. */
export interface AcsSession {
  readonly tiles: StreamTiles;
  /** Remote streams by our stream id, for `createView`. */
  readonly remoteSources: Map<string, AcsRemoteVideoStream>;
  update(recipe: (s: CallSnapshot) => CallSnapshot): void;
  report(error: unknown, action: string): void;
}

interface ParticipantEntry {
  readonly rp: AcsRemoteParticipant;
  readonly id: string;
  readonly streams: Map<AcsRemoteVideoStream, () => void>;
  readonly subscriptions: Subscriptions;
}

const streamId = (p: ParticipantEntry, vs: AcsRemoteVideoStream): string =>
  `${p.id}/${vs.mediaStreamType === 'ScreenSharing' ? 'screen' : 'video'}/${vs.id}`;

export class ParticipantTracker {
  readonly #session: AcsSession;
  readonly #callId: string;
  readonly #group: boolean;
  readonly #entries = new Map<string, ParticipantEntry>();

  constructor(session: AcsSession, callId: string, group: boolean) {
    this.#session = session;
    this.#callId = callId;
    this.#group = group;
  }

  get(id: string): AcsRemoteParticipant | undefined {
    return this.#entries.get(id)?.rp;
  }

  add(rp: AcsRemoteParticipant): void {
    const id = identifierId(rp.identifier);
    if (this.#entries.has(id)) return;
    const p: ParticipantEntry = { rp, id, streams: new Map(), subscriptions: new Subscriptions() };
    this.#entries.set(id, p);
    const sync = () => this.#sync(p);
    p.subscriptions.on(rp, 'stateChanged', sync);
    p.subscriptions.on(rp, 'isMutedChanged', sync);
    p.subscriptions.on(rp, 'isSpeakingChanged', sync);
    p.subscriptions.on(rp, 'displayNameChanged', sync);
    p.subscriptions.on(rp, 'videoStreamsUpdated', ({ added, removed }: { added: AcsRemoteVideoStream[]; removed: AcsRemoteVideoStream[] }) => {
      for (const vs of added) this.#addStream(p, vs);
      for (const vs of removed) this.#removeStream(p, vs);
      sync();
    });
    for (const vs of rp.videoStreams) this.#addStream(p, vs);
    sync();
  }

  /** `leave`: the participant left the call (shown); otherwise the call itself is going away. */
  remove(rp: AcsRemoteParticipant, leave: boolean): void {
    const id = identifierId(rp.identifier);
    const p = this.#entries.get(id);
    if (!p) return;
    p.subscriptions.dispose();
    for (const vs of [...p.streams.keys()]) this.#removeStream(p, vs);
    this.#entries.delete(id);
    if (leave) this.#session.update((s) => removeParticipant(s, this.#callId, id));
  }

  clear(): void {
    for (const p of [...this.#entries.values()]) this.remove(p.rp, false);
  }

  #addStream(p: ParticipantEntry, vs: AcsRemoteVideoStream): void {
    if (p.streams.has(vs) || (vs.mediaStreamType !== 'Video' && vs.mediaStreamType !== 'ScreenSharing')) return;
    this.#session.remoteSources.set(streamId(p, vs), vs);
    const onAvailable = () => {
      this.#session.tiles.availabilityChanged(vs);
      this.#sync(p);
    };
    vs.on('isAvailableChanged', onAvailable);
    p.streams.set(vs, () => vs.off('isAvailableChanged', onAvailable));
  }

  #removeStream(p: ParticipantEntry, vs: AcsRemoteVideoStream): void {
    const undo = p.streams.get(vs);
    if (!undo) return;
    undo();
    p.streams.delete(vs);
    this.#session.remoteSources.delete(streamId(p, vs));
    this.#session.tiles.drop(vs);
  }

  #participant(p: ParticipantEntry): Participant {
    const rp = p.rp;
    const video: StreamRef[] = [...p.streams.keys()].map((vs) => ({
      id: streamId(p, vs),
      participantId: p.id,
      kind: vs.mediaStreamType === 'ScreenSharing' ? 'screen' : 'camera',
      available: vs.isAvailable,
      local: false,
    }));
    const address = identifierAddress(rp.identifier);
    return createParticipant({
      id: p.id,
      displayName: rp.displayName || address,
      address,
      state: toParticipantState(rp.state),
      muted: rp.isMuted,
      speaking: rp.isSpeaking,
      held: rp.state === 'Hold',
      video,
    });
  }

  #sync(p: ParticipantEntry): void {
    if (!this.#entries.has(p.id)) return;
    const participant = this.#participant(p);
    const callId = this.#callId;
    this.#session.update((s) => {
      const next = upsertParticipant(s, callId, participant);
      // The first remote party of a 1:1 call takes the participant's real name once the SDK knows it, and
      // becomes someone else when the call was transferred to them.
      if (this.#group) return next;
      return updateCall(next, callId, (c: Call) => {
        const party = c.remoteParties[0];
        const renamed = !!p.rp.displayName && party?.displayName !== p.rp.displayName;
        const replaced = party?.address !== participant.address;
        return c.participants[0]?.id === p.id && (renamed || replaced)
          ? { ...c, remoteParties: [{ displayName: participant.displayName, address: participant.address }, ...c.remoteParties.slice(1)] }
          : c;
      });
    });
  }
}
