/**
 * Transferring a live ACS call with `Features.Transfer`: blind to a user or a phone number, or consultative
 * onto another call of this user. SDK 2.0.0 sends a transfer only from `LocalHold` (its TransferImpl fails
 * at once otherwise, error 0/0), so a connected call is held first and resumed if the transfer fails.
 * When the Transfer reaches `Transferred` the transferor hangs up, as Microsoft's transfer how-to says.
 */
import type { CallState as AcsCallState, TransferErrorCode } from '@azure/communication-calling';
import { CallError } from '../../core/errors.js';
import type { TransferTarget } from '../../core/provider.js';
import type { CallSnapshot, CallState, Capability } from '../../core/state.js';
import type { TrackedCall } from './call-tracker.js';
import { parseTarget, toCallError } from './mapping.js';
import type { AcsCall, AcsSdk, AcsTransfer } from './sdk.js';

export interface TransferHost {
  /** The tracked call with our id, or a `not-found` CallError. */
  entry(callId: string): TrackedCall;
  readonly sdk: AcsSdk;
}

/** Resolves with the call's state once `done` holds for it, or once the call has ended. */
function untilCallState(call: AcsCall, done: (state: AcsCallState) => boolean): Promise<AcsCallState> {
  return new Promise((resolve) => {
    const check = () => {
      if (!done(call.state) && call.state !== 'Disconnected') return;
      call.off('stateChanged', check);
      resolve(call.state);
    };
    call.on('stateChanged', check);
    check();
  });
}

type TransferOutcome = 'Transferred' | 'Failed' | 'call-ended';

/** Resolves when the transfer has an outcome (it may already have one when `transfer()` returns). */
function transferOutcome(transfer: AcsTransfer, call: AcsCall): Promise<TransferOutcome> {
  return new Promise((resolve) => {
    const check = () => {
      const outcome: TransferOutcome | null =
        transfer.state === 'Transferred' || transfer.state === 'Failed' ? transfer.state : call.state === 'Disconnected' ? 'call-ended' : null;
      if (!outcome) return;
      transfer.off('stateChanged', check);
      call.off('stateChanged', check);
      resolve(outcome);
    };
    transfer.on('stateChanged', check);
    call.on('stateChanged', check);
    check();
  });
}

/** A Transfer's `error` → CallError: the service's SIP-style code where there is one. */
export function toTransferError(error: TransferErrorCode | undefined): CallError {
  const code = error?.code ?? 0;
  const subCode = error?.subCode ?? 0;
  if (code > 0) return toCallError({ code, subCode, message: 'The transfer failed' }, 'provider-error', 'transfer');
  return new CallError('provider-error', `The transfer failed (${code}/${subCode})`, { action: 'transfer' });
}

function liveCall(entry: TrackedCall): AcsCall {
  if (!entry.call) throw new CallError('unsupported', 'Azure Communication Services cannot forward a ringing call; answer it, then transfer it');
  return entry.call;
}

export async function transferCall(host: TransferHost, callId: string, target: TransferTarget): Promise<void> {
  const entry = host.entry(callId);
  const call = liveCall(entry);
  const other = 'callId' in target ? host.entry(target.callId) : null;
  const otherCall = other ? liveCall(other) : null;
  const identifier = 'to' in target ? parseTarget(target.to, target.kind) : null;
  if (call.state !== 'Connected' && call.state !== 'LocalHold') throw new CallError('invalid-state', 'Only a connected call can be transferred');
  const feature = call.feature(host.sdk.Features.Transfer);
  let heldHere = false;
  if (call.state === 'Connected') {
    try {
      await call.hold();
    } catch (error) {
      throw toCallError(error, 'provider-error', 'transfer');
    }
    heldHere = true;
    if ((await untilCallState(call, (s) => s === 'LocalHold')) !== 'LocalHold') {
      throw new CallError('invalid-state', 'The call ended before it could be transferred', { action: 'transfer' });
    }
  }
  let transfer: AcsTransfer;
  try {
    // The other call is looked up by the SDK's current id for it (an ACS call id can change).
    transfer = otherCall ? feature.transfer({ targetCallId: otherCall.id }) : feature.transfer({ targetParticipant: identifier! });
  } catch (error) {
    await resumeAfter(entry, heldHere);
    throw toCallError(error, 'provider-error', 'transfer');
  }
  entry.sync();
  const outcome = await transferOutcome(transfer, call);
  if (outcome === 'call-ended') throw new CallError('invalid-state', 'The call ended before the transfer completed', { action: 'transfer' });
  if (outcome === 'Failed') {
    await resumeAfter(entry, heldHere);
    throw toTransferError(transfer.error);
  }
  // Transferred: the far end now talks to the target; this side's legs are done.
  const done = other ? [entry, other] : [entry];
  await Promise.all(done.map((e) => e.endTransferred()));
}

/** Back to the conversation after a failed transfer, when it was this action that held the call. */
async function resumeAfter(entry: TrackedCall, heldHere: boolean): Promise<void> {
  const call = entry.call;
  if (heldHere && call?.state === 'LocalHold') {
    try {
      await call.resume();
    } catch (error) {
      entry.report(error, 'resume');
    }
  }
  entry.sync();
}

const TRANSFERABLE_STATES: ReadonlySet<CallState> = new Set(['connected', 'on-hold']);

/**
 * `transfer` on a connected or held 1:1 call (the SDK refuses calls with more parties), and
 * `consult-transfer` on such a call while this user has another one to transfer it onto.
 */
export function withTransferCapabilities(s: CallSnapshot, transferable: (callId: string) => boolean): CallSnapshot {
  const live = s.calls.filter((c) => TRANSFERABLE_STATES.has(c.state) && transferable(c.id));
  let changed = false;
  const calls = s.calls.map((c) => {
    const blind = live.includes(c);
    const consult = blind && live.length > 1;
    if (c.capabilities.includes('transfer') === blind && c.capabilities.includes('consult-transfer') === consult) return c;
    changed = true;
    const capabilities: Capability[] = c.capabilities.filter((x) => x !== 'transfer' && x !== 'consult-transfer');
    if (blind) capabilities.push('transfer');
    if (consult) capabilities.push('consult-transfer');
    return { ...c, capabilities };
  });
  return changed ? { ...s, calls } : s;
}
