/**
 * What the simulated platform does when a call changes hands: blind and consultative transfer, merging two
 * calls, and the after-call work that follows a conversation. Each is a pure recipe on the snapshot.
 */
import { endCall, updateCall } from '../../core/patch.js';
import type { Call, CallSnapshot, EndReason, WrapUp } from '../../core/state.js';
import { inWrapUp, wrapUpAt, type SimulatedWrapUp } from './scripted-calls.js';
import type { Timeline } from './timeline.js';

export const TRANSFERRED: EndReason = { code: 'transferred', platformCode: 'transferred' };

/** The call ends for this user: into wrap-up when the platform asks for after-call work, else out of the list. */
export function conversationOver(s: CallSnapshot, callId: string, reason: EndReason, now: number, wrapUp: WrapUp | null): CallSnapshot {
  if (!wrapUp) return endCall(s, callId, reason, now);
  return updateCall(s, callId, (c) => inWrapUp(c, wrapUp, reason));
}

/** Consultative transfer: the far ends of both calls are joined to each other; both calls leave this user. */
export function consultTransfer(s: CallSnapshot, callId: string, otherCallId: string, now: number, wrapUp: WrapUp | null): CallSnapshot {
  return conversationOver(conversationOver(s, otherCallId, TRANSFERRED, now, wrapUp), callId, TRANSFERRED, now, wrapUp);
}

/**
 * Merge: everyone on the other call joins this one, which becomes a conference; the other call leaves the
 * list without ending for anyone (so no `call-ended`), and this call is the active one.
 */
export function mergeCalls(s: CallSnapshot, callId: string, otherCallId: string): CallSnapshot {
  const other = s.calls.find((c) => c.id === otherCallId);
  if (!other) return s;
  const merged = updateCall(s, callId, (c): Call => {
    const known = new Set(c.participants.map((p) => p.id));
    const joining = other.participants.filter((p) => !known.has(p.id) && p.role !== 'agent').map((p) => ({ ...p, state: 'connected' as const, held: false }));
    return {
      ...c,
      state: 'connected',
      local: { ...c.local, held: false },
      remoteParties: [...c.remoteParties, ...other.remoteParties],
      participants: [...c.participants, ...joining],
    };
  });
  return { ...merged, calls: merged.calls.filter((c) => c.id !== otherCallId), activeCallId: callId };
}

/** How the desk reads and writes the provider's state. */
export interface SnapshotAccess {
  read(): CallSnapshot;
  write(recipe: (s: CallSnapshot) => CallSnapshot): void;
}

/**
 * The platform's after-call work desk: sends calls whose conversation is over into wrap-up (when the
 * platform asks for it), ends wrap-up at its deadline, and lets a call go once its work is submitted.
 */
export class WrapUpDesk {
  readonly #time: Timeline;
  readonly #config: SimulatedWrapUp | null;
  readonly #state: SnapshotAccess;
  readonly #deadlines = new Map<string, unknown>();

  constructor(time: Timeline, config: SimulatedWrapUp | null, state: SnapshotAccess) {
    this.#time = time;
    this.#config = config;
    this.#state = state;
  }

  /** Wrap-up for a call that ends now: only where configured, and only for a conversation that took place. */
  #due(call: Call | undefined): WrapUp | null {
    return this.#config && call?.startedAt != null ? wrapUpAt(this.#config, this.#time.now()) : null;
  }

  over(callId: string, reason: EndReason): void {
    const wrapUp = this.#due(this.#state.read().calls.find((c) => c.id === callId));
    this.#state.write((s) => conversationOver(s, callId, reason, this.#time.now(), wrapUp));
    if (wrapUp?.deadline != null) this.expireAt(callId, wrapUp.deadline);
  }

  consultTransfer(callId: string, otherCallId: string): void {
    const wrapUp = this.#due(this.#state.read().calls.find((c) => c.id === callId));
    this.#state.write((s) => consultTransfer(s, callId, otherCallId, this.#time.now(), wrapUp));
    if (wrapUp?.deadline != null) for (const id of [callId, otherCallId]) this.expireAt(id, wrapUp.deadline);
  }

  /** At `deadline` the platform ends wrap-up by itself and the call leaves the list. */
  expireAt(callId: string, deadline: number): void {
    this.#deadlines.set(callId, this.#time.after(deadline - this.#time.now(), () => this.leave(callId)));
  }

  /** The call leaves the list, ending with the reason its conversation ended. */
  leave(callId: string): void {
    this.#time.cancel(this.#deadlines.get(callId));
    this.#deadlines.delete(callId);
    const call = this.#state.read().calls.find((c) => c.id === callId);
    if (call?.state === 'wrap-up') this.#state.write((s) => endCall(s, callId, call.endReason ?? { code: 'hung-up' }, this.#time.now()));
  }
}
