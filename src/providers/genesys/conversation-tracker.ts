/**
 * The user's conversations as calls in the snapshot: each event or read of the list updates, adds or ends
 * calls; the latest raw conversation per call is kept (actions need participant ids). A conversation whose
 * agent leg waits for after-call work stays as a `wrap-up` call, with the codes the platform offers.
 */
import { CallError } from '../../core/errors.js';
import { endCall, upsertCall } from '../../core/patch.js';
import type { Call, CallSnapshot, WrapUpCode } from '../../core/state.js';
import { findSelf, isEnded, needsWrapUp, toCall, toEndReason, type GenesysConversation, type GenesysParticipant } from './genesys-mapping.js';

export interface TrackerHost {
  readonly userId: () => string;
  readonly update: (recipe: (s: CallSnapshot) => CallSnapshot) => void;
  /** GET …/participants/{id}/wrapupcodes. */
  readonly loadWrapUpCodes: (callId: string, participantId: string) => Promise<readonly WrapUpCode[]>;
  readonly report: (error: CallError) => void;
}

export class ConversationTracker {
  readonly #host: TrackerHost;
  /** Latest raw conversation per id. */
  readonly #raw = new Map<string, GenesysConversation>();
  /** Wrap-up codes per call in wrap-up: the list, or the request for it. */
  readonly #codes = new Map<string, readonly WrapUpCode[] | Promise<void>>();

  constructor(host: TrackerHost) {
    this.#host = host;
  }

  raw(callId: string): GenesysConversation | undefined {
    return this.#raw.get(callId);
  }

  /** The signed-in user's participant on a call. */
  self(callId: string): GenesysParticipant {
    const raw = this.#raw.get(callId);
    const self = raw && findSelf(raw, this.#host.userId());
    if (!self?.id) throw new CallError('invalid-state', 'You are not a participant of this call', { callId });
    return self;
  }

  clear(): void {
    this.#raw.clear();
    this.#codes.clear();
  }

  apply(conversation: GenesysConversation): void {
    this.#host.update((s) => this.#toSnapshot(s, conversation));
  }

  /** The whole list as read: calls missing from it ended while no event reached us. */
  applyList(conversations: readonly GenesysConversation[]): void {
    const ids = new Set(conversations.map((c) => c.id));
    this.#host.update((s) => {
      let next = conversations.reduce((acc, c) => this.#toSnapshot(acc, c), s);
      for (const call of s.calls) {
        if (ids.has(call.id)) continue;
        const raw = this.#raw.get(call.id);
        this.#forget(call.id);
        next = endCall(next, call.id, raw ? toEndReason(raw, this.#host.userId()) : { code: 'hung-up' });
      }
      return next;
    });
  }

  /** Shows a change the platform accepted before its event arrives (the event or next read confirms it). */
  applyParticipant(callId: string, participantId: string, change: Partial<GenesysParticipant>): void {
    const raw = this.#raw.get(callId);
    if (!raw) return;
    const participants = (raw.participants ?? []).map((p) => (p.id === participantId ? { ...p, ...change } : p));
    this.apply({ ...raw, participants });
  }

  #forget(id: string): void {
    this.#raw.delete(id);
    this.#codes.delete(id);
  }

  /** Keeps what the platform does not resend: when the call was first seen, DTMF sent from here. */
  #merge(s: CallSnapshot, call: Call): Call {
    const prev = s.calls.find((c) => c.id === call.id);
    if (!prev) return call;
    return { ...call, createdAt: prev.createdAt, startedAt: prev.startedAt ?? call.startedAt, dtmf: prev.dtmf };
  }

  #toSnapshot(s: CallSnapshot, conversation: GenesysConversation): CallSnapshot {
    const id = conversation.id;
    if (!id) return s;
    const userId = this.#host.userId();
    const self = findSelf(conversation, userId);
    const wrapUp = self !== undefined && needsWrapUp(self);
    const live = (conversation.participants ?? []).some((p) => !isEnded(p));
    if (!wrapUp && (!live || (self && isEnded(self)))) {
      this.#forget(id);
      return endCall(s, id, toEndReason(conversation, userId));
    }
    this.#raw.set(id, conversation);
    let codes: readonly WrapUpCode[] = [];
    if (wrapUp) {
      const known = this.#codes.get(id);
      if (Array.isArray(known)) codes = known;
      else if (!known) this.#loadCodes(id, self.id ?? '');
    }
    return upsertCall(s, this.#merge(s, toCall(conversation, userId, Date.now(), codes)));
  }

  /** Once per call in wrap-up; a failure is shown and the next event or read asks again. */
  #loadCodes(callId: string, participantId: string): void {
    const loading = this.#host
      .loadWrapUpCodes(callId, participantId)
      .then((codes) => {
        if (this.#codes.get(callId) !== loading) return; // the call left meanwhile
        this.#codes.set(callId, codes);
        const raw = this.#raw.get(callId);
        if (raw) this.apply(raw);
      })
      .catch((error: unknown) => {
        if (this.#codes.get(callId) === loading) this.#codes.delete(callId);
        this.#host.report(CallError.from(error, 'provider-error', { action: 'wrapUpCodes', callId }));
      });
    this.#codes.set(callId, loading);
  }
}
