/**
 * The legs this page knows: each call's last record from the list and what only this page knows about it
 * (LegState), and how one list read changes the snapshot. No I/O: the provider reads, this applies.
 */
import { endCall, updateCall, upsertCall } from '../../core/patch.js';
import type { CallSnapshot } from '../../core/state.js';
import type { JambonzCall } from './jambonz-api.js';
import { initialLeg, isTerminal, toCall, toEndReason, type JambonzFeatures, type LegState } from './jambonz-mapping.js';

/** A call we placed may take a moment to show in the list; until then it is not taken for gone. */
export const CREATE_GRACE = 10_000;

type Patch = (s: CallSnapshot) => CallSnapshot;

export class JambonzLegs {
  readonly #features: JambonzFeatures;
  readonly #inConference: ((call: JambonzCall) => boolean) | undefined;
  #records = new Map<string, JambonzCall>();
  #legs = new Map<string, LegState>();
  /** Calls this page placed, by sid → when, until the list shows them. */
  #created = new Map<string, number>();
  /** Legs jambonz released without a last status (see `release`): their stale records are skipped. */
  #released = new Set<string>();

  constructor(features: JambonzFeatures, inConference: ((call: JambonzCall) => boolean) | undefined) {
    this.#features = features;
    this.#inConference = inConference;
  }

  has(sid: string): boolean {
    return this.#records.has(sid);
  }

  leg(sid: string): LegState {
    return this.#legs.get(sid) ?? initialLeg;
  }

  /** Records what this page changed on a leg; returns the patch that shows it. */
  change(sid: string, leg: Partial<LegState>, now: number): Patch {
    this.#legs.set(sid, { ...this.leg(sid), ...leg });
    return this.#render(sid, now);
  }

  /** A call this page just placed: shown at once, not taken for gone until the list had time to show it. */
  placed(record: JambonzCall, leg: LegState, now: number): Patch {
    const sid = record.call_sid;
    this.#records.set(sid, record);
    this.#created.set(sid, now);
    this.#legs.set(sid, leg);
    return (s) => upsertCall(s, toCall(record, leg, undefined, now, this.#features));
  }

  /**
   * Ends a leg jambonz let go without telling the list: declining an inbound leg answers the caller 503
   * and releases the session with no status change (feature server call-session.js `_lccCallStatus`), and
   * the record keeps its last status until it expires (12 h: realtimedb-helpers lib/update-call-status.js
   * `MAX_CALL_LIFETIME`). The call ends now; that record is skipped while the list still shows it.
   */
  release(sid: string, leg: Partial<LegState>, now: number): Patch {
    const final = { ...this.leg(sid), ...leg };
    this.#released.add(sid);
    this.#forget(sid);
    return (s) => endCall(s, sid, toEndReason(undefined, final), now);
  }

  /** Forgets everything (a new connection starts from the next read). */
  clear(): void {
    this.#records.clear();
    this.#legs.clear();
    this.#created.clear();
    this.#released.clear();
  }

  #forget(sid: string): void {
    this.#records.delete(sid);
    this.#legs.delete(sid);
    this.#created.delete(sid);
  }

  /**
   * One list read: live records update their calls; a terminal record, or a leg the list no longer shows,
   * ends its call. Returns the patch and the ids of the calls it ends.
   */
  apply(all: readonly JambonzCall[], now: number): { readonly patch: Patch; readonly ended: readonly string[] } {
    for (const sid of this.#released) if (!all.some((r) => r.call_sid === sid)) this.#released.delete(sid);
    const list = all.filter((record) => !this.#released.has(record.call_sid));
    const listed = new Set<string>();
    const ended: { sid: string; record: JambonzCall | undefined; leg: LegState }[] = [];
    for (const record of list) {
      listed.add(record.call_sid);
      this.#created.delete(record.call_sid);
      if (isTerminal(record.call_status)) {
        ended.push({ sid: record.call_sid, record, leg: this.leg(record.call_sid) });
        continue;
      }
      const conference = this.#inConference?.(record) ?? false;
      const leg = this.leg(record.call_sid);
      if (leg.conference !== conference) this.#legs.set(record.call_sid, { ...leg, conference });
      this.#records.set(record.call_sid, record);
    }
    for (const sid of this.#records.keys()) {
      if (listed.has(sid)) continue;
      const createdAt = this.#created.get(sid);
      if (createdAt !== undefined && now - createdAt < CREATE_GRACE) continue;
      ended.push({ sid, record: undefined, leg: this.leg(sid) });
    }
    for (const { sid } of ended) this.#forget(sid);
    const live = list.filter((record) => !isTerminal(record.call_status)).map((record) => ({ record, leg: this.leg(record.call_sid) }));
    const patch: Patch = (s) => {
      let next = s;
      for (const { record, leg } of live) {
        const prev = next.calls.find((c) => c.id === record.call_sid);
        next = upsertCall(next, toCall(record, leg, prev, now, this.#features));
      }
      for (const { sid, record, leg } of ended) next = endCall(next, sid, toEndReason(record, leg), now);
      return next;
    };
    return { patch, ended: ended.map((e) => e.sid) };
  }

  /** Rebuilds one call from its last record and the leg state this page holds. */
  #render(sid: string, now: number): Patch {
    const record = this.#records.get(sid);
    if (!record) return (s) => s;
    const leg = this.leg(sid);
    return (s) => updateCall(s, sid, (prev) => toCall(record, leg, prev, now, this.#features));
  }
}
