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

  /** Forgets everything (a new connection starts from the next read). */
  clear(): void {
    this.#records.clear();
    this.#legs.clear();
    this.#created.clear();
  }

  /**
   * One list read: live records update their calls; a terminal record, or a leg the list no longer shows,
   * ends its call. Returns the patch and the ids of the calls it ends.
   */
  apply(list: readonly JambonzCall[], now: number): { readonly patch: Patch; readonly ended: readonly string[] } {
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
    for (const { sid } of ended) {
      this.#records.delete(sid);
      this.#legs.delete(sid);
      this.#created.delete(sid);
    }
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
