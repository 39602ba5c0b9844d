/**
 * A scripted, deterministic in-browser platform: the catalogue's, the demos' and the tests' provider.
 * `SimulatedPlatform` (simulated-platform.ts) is the platform; this class adds the hooks (`simulate*`, …)
 * with which tests, stories and demos play the far side of a call.
 */
import { CallError, type CallErrorCode } from '../../core/errors.js';
import { createParticipant, removeParticipant, updateCall, updateParticipant, upsertParticipant } from '../../core/patch.js';
import type { DeviceInfo, DeviceKind } from '../../core/state.js';
import { SimulatedPlatform } from './simulated-platform.js';
import { listKey } from './simulated-devices.js';

export { SimulatedPlatform, type SimulatedOptions, type SimulatedWrapUp } from './simulated-platform.js';

export class SimulatedProvider extends SimulatedPlatform {
  /** The far side hangs up (or, for a ringing incoming call, the caller gives up). */
  simulateRemoteHangUp(callId: string): void {
    const call = this.current.calls.find((c) => c.id === callId);
    if (!call) return;
    if (call.state === 'ringing' && call.direction === 'incoming') this.end(callId, 'cancelled');
    else this.conversationEnded(callId, { code: 'remote-hung-up' });
  }

  /** The connection drops: every live call ends with `network` and the session reconnects. */
  simulateNetworkLoss(): void {
    for (const call of this.current.calls) this.end(call.id, 'network');
    this.write((s) => ({ ...s, connection: 'reconnecting' }));
    this.after(0, () => this.write((s) => ({ ...s, connection: 'connected' })));
  }

  simulateRemoteHold(callId: string, held: boolean): void {
    this.write((s) => updateCall(s, callId, { state: held ? 'remote-hold' : 'connected' }));
  }

  /** Someone joins a call. Returns the participant id. */
  simulateJoin(callId: string, name: string, options: { video?: boolean } = {}): string {
    const pid = this.nextId('p');
    this.write((s) =>
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
    this.write((s) => removeParticipant(s, callId, participantId));
  }

  setSpeaking(callId: string, participantId: string, speaking: boolean): void {
    this.write((s) => updateParticipant(s, callId, participantId, { speaking }));
  }

  setParticipantMuted(callId: string, participantId: string, muted: boolean): void {
    this.write((s) => updateParticipant(s, callId, participantId, { muted }));
  }

  /** Turns a participant's camera on or off (the stream stays, `available` changes). */
  setParticipantVideo(callId: string, participantId: string, on: boolean): void {
    this.write((s) =>
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
    this.write((s) =>
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
    this.deviceList = [...this.deviceList.filter((d) => d.id !== device.id), device];
    this.write((s) => ({ ...s, devices: this.deviceState(s) }));
  }

  unplugDevice(deviceId: string): void {
    this.deviceList = this.deviceList.filter((d) => d.id !== deviceId);
    this.write((s) => ({ ...s, devices: this.deviceState(s) }));
  }

  /** The next call of `action` (e.g. `setMuted`, `startCall`) fails with `code`. */
  failNext(action: string, code: CallErrorCode = 'provider-error'): void {
    this.time.failNext(action, code);
  }

  /** The platform reports an error no action awaits (a dropped connection, say). */
  simulatePlatformError(code: CallErrorCode, message: string): void {
    this.sink?.fail(new CallError(code, message));
  }

  /** Devices of a kind as the platform lists them now. */
  devicesOf(kind: DeviceKind): readonly DeviceInfo[] {
    return this.current.devices[listKey(kind)];
  }
}
