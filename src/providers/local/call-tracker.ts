/**
 * The calls this side is in, and how each ends: the server's end messages mapped to end reasons, the
 * links closed and, with the last call in progress, the camera and microphone released. It also writes
 * the calls to the snapshot (at most once a microtask when asked to queue).
 */
import { CallError } from '../../core/errors.js';
import { endCall, upsertCall } from '../../core/patch.js';
import type { ProviderSink } from '../../core/provider.js';
import type { CallSnapshot, EndReason } from '../../core/state.js';
import { newCall, newPeer, OFF, toCall, type LocalCall } from './local-call.js';
import type { LocalMedia } from './local-media.js';
import type { ClientMessage, ServerMessage } from './protocol.js';

export interface TrackerHost {
  readonly user: string;
  readonly media: LocalMedia;
  /** The current connect's sink (revoked after disconnect: writes are dropped). */
  sink(): ProviderSink | undefined;
  send(msg: ClientMessage): void;
  /** Calls or their tracks changed: views look up their tracks again. */
  mediaChanged(): void;
}

/** The end reason for the server's `hangup` reason. */
export function remoteEndReason(code: string | undefined): EndReason {
  if (code === 'no-answer') return { code: 'no-answer', platformCode: code };
  if (code === 'network') return { code: 'network', message: 'The other side lost its connection', platformCode: code };
  if (code === 'ended') return { code: 'network', message: 'The call ended while you were disconnected', platformCode: code };
  return { code: 'remote-hung-up', platformCode: code ?? 'hung-up' };
}

export class CallTracker {
  readonly #calls = new Map<string, LocalCall>();
  /** Rooms we are in, rejoined after a reconnect. */
  readonly rooms = new Set<string>();
  /** The ids of the last calls that ended here, so late news about them can be recognised. */
  readonly #over = new Set<string>();
  readonly #host: TrackerHost;
  #renderQueued = false;

  constructor(host: TrackerHost) {
    this.#host = host;
  }

  get(callId: string): LocalCall | undefined {
    return this.#calls.get(callId);
  }

  /** The call, or a `not-found` CallError. */
  require(callId: string): LocalCall {
    const call = this.#calls.get(callId);
    if (!call) throw new CallError('not-found', `No call with id ${callId}`);
    return call;
  }

  /** Whether the call with this id ended here (one of the last 32) and is not back (a room joined again). */
  over(callId: string): boolean {
    return this.#over.has(callId) && !this.#calls.has(callId);
  }

  /** Whether `call` is still the one tracked under its id (not ended meanwhile). */
  live(call: LocalCall): boolean {
    return this.#calls.get(call.id) === call;
  }

  all(): LocalCall[] {
    return [...this.#calls.values()];
  }

  /** One call in progress at a time: a new one waits until it is hung up. */
  requireIdle(): void {
    if (this.all().some((c) => c.accepted)) throw new CallError('invalid-state', 'Hang up the current call first');
  }

  add(call: LocalCall): void {
    this.#calls.set(call.id, call);
    if (call.room) this.rooms.add(call.room);
    this.render();
  }

  /** What the hello claims after a reconnect: answered 1:1 calls and rooms, bounded as the server wants. */
  resumable(): Pick<Extract<ClientMessage, { type: 'hello' }>, 'calls' | 'rooms'> {
    return {
      calls: this.all()
        .filter((c) => c.kind === 'direct' && c.accepted)
        .slice(0, 8)
        .map((c) => ({ callId: c.id, peer: [...c.peers.keys()][0]! })),
      rooms: [...this.rooms].slice(0, 4),
    };
  }

  /** After a reconnect: an invitation the server no longer knows (it restarted) can never be answered. */
  dropForgottenInvitations(known: readonly string[]): void {
    for (const call of this.all()) {
      if (call.kind === 'direct' && !call.accepted && !known.includes(call.id)) {
        this.ended(call.id, { code: 'network', message: 'The invitation was lost while reconnecting', platformCode: 'lost' });
      }
    }
  }

  incoming(msg: Extract<ServerMessage, { type: 'invite' }>): void {
    const caller = newPeer(msg.from, msg.displayName, { ...OFF, video: msg.video });
    this.add(newCall({ id: msg.callId, kind: 'direct', direction: 'incoming', phase: 'ringing', video: msg.video, accepted: false, peers: new Map([[msg.from, caller]]) }));
  }

  /** The call is over: torn down here and ended in the snapshot with `reason`. */
  ended(callId: string, reason: EndReason): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    this.#teardown(call);
    this.#host.sink()?.update((s) => endCall(s, callId, reason));
  }

  /** We leave: the far side is told (reject, cancel, hang-up or leave, as the call's stage needs). */
  leave(call: LocalCall, reason: EndReason = { code: call.accepted || call.kind === 'room' ? 'hung-up' : 'cancelled' }): void {
    const send = (msg: ClientMessage) => this.#host.send(msg);
    if (call.kind === 'room' && call.room) send({ type: 'leave', room: call.room });
    else if (call.direction === 'incoming' && !call.accepted) send({ type: 'reject', callId: call.id });
    else if (!call.accepted) send({ type: 'cancel', callId: call.id });
    else send({ type: 'hangup', callId: call.id });
    this.ended(call.id, reason);
  }

  /** Every call left, the far sides told (the page is going away, or the provider disconnects). */
  leaveAll(): void {
    for (const call of this.all()) this.leave(call);
  }

  /** Closes links and, when no call is left in progress, the camera and microphone. */
  #teardown(call: LocalCall): void {
    this.#calls.delete(call.id);
    this.#over.add(call.id);
    if (this.#over.size > 32) this.#over.delete(this.#over.values().next().value!);
    if (call.room) this.rooms.delete(call.room);
    for (const peer of call.peers.values()) peer.link?.close();
    call.janus?.close();
    if (!this.all().some((c) => c.accepted)) this.#host.media.release();
    this.#host.mediaChanged();
  }

  queueRender(): void {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    queueMicrotask(() => {
      this.#renderQueued = false;
      this.render();
    });
  }

  /** Writes devices, permissions and every call to the snapshot. */
  render(): void {
    const { media, user } = this.#host;
    this.#host.sink()?.update((s) => {
      let next: CallSnapshot = { ...s, devices: media.devices(), permissions: media.permissions };
      for (const call of this.#calls.values()) next = upsertCall(next, toCall(call, user, s.calls.find((c) => c.id === call.id)));
      return next;
    });
  }
}
