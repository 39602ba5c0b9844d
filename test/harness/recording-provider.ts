/**
 * A provider for controller tests: it records what the controller asks of it and lets a test set state.
 * It implements the real CallProvider interface, so the compiler checks it against the contract.
 */
import { VideoElementView, type MediaView, type ViewOptions } from '../../src/core/media.js';
import { createCall, upsertCall } from '../../src/core/patch.js';
import type { CallProvider, ProviderSink } from '../../src/core/provider.js';
import type { Call, Capability, CallSnapshot, StreamRef } from '../../src/core/state.js';

export const ALL_CALL_CAPABILITIES: Capability[] = [
  'mute', 'video', 'screen-share', 'hold', 'dtmf', 'add-participant', 'remove-participant', 'participant-mute',
  'participant-hold', 'record', 'whisper', 'listen-pause', 'transfer', 'redirect', 'hang-up-for-everyone',
];

export class RecordingProvider implements CallProvider {
  readonly kind = 'recording';
  sink!: ProviderSink;
  calls: { method: string; args: unknown[] }[] = [];
  failWith: Error | null = null;

  connect(sink: ProviderSink): Promise<void> {
    this.sink = sink;
    sink.update((s) => ({
      ...s,
      platform: { kind: 'recording', mode: 'media', capabilities: ['outgoing', 'incoming', 'group-join', 'device-select', 'speaker-select'], destinations: ['phone', 'user'] },
      devices: {
        microphones: [{ id: 'mic-1', label: 'Mic', kind: 'microphone' }],
        cameras: [{ id: 'cam-1', label: 'Cam', kind: 'camera' }],
        speakers: [{ id: 'spk-1', label: 'Spk', kind: 'speaker' }],
        selected: { microphone: 'mic-1', camera: 'cam-1', speaker: 'spk-1' },
      },
    }));
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.calls.push({ method: 'disconnect', args: [] });
    return Promise.resolve();
  }

  createView(stream: StreamRef, options: ViewOptions): MediaView {
    return new VideoElementView(stream, options, null);
  }

  addCall(init: Partial<Call> = {}, capabilities: Capability[] = ALL_CALL_CAPABILITIES): Call {
    const call = createCall({ id: `c${this.calls.length}-${Math.random().toString(36).slice(2, 7)}`, direction: 'outgoing', state: 'connected', capabilities, ...init });
    this.sink.update((s: CallSnapshot) => upsertCall(s, call));
    return call;
  }

  #record(method: string, args: unknown[]): Promise<never> | Promise<void> {
    this.calls.push({ method, args });
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
  }

  startCall(...args: unknown[]): Promise<string> {
    this.calls.push({ method: 'startCall', args });
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve('new-call');
  }
  join(...args: unknown[]): Promise<string> {
    this.calls.push({ method: 'join', args });
    return Promise.resolve('joined');
  }
  accept = (...args: unknown[]) => this.#record('accept', args);
  reject = (...args: unknown[]) => this.#record('reject', args);
  hangUp = (...args: unknown[]) => this.#record('hangUp', args);
  setMuted = (...args: unknown[]) => this.#record('setMuted', args);
  setVideo = (...args: unknown[]) => this.#record('setVideo', args);
  setScreenShare = (...args: unknown[]) => this.#record('setScreenShare', args);
  hold = (...args: unknown[]) => this.#record('hold', args);
  resume = (...args: unknown[]) => this.#record('resume', args);
  sendDtmf = (...args: unknown[]) => this.#record('sendDtmf', args);
  addParticipant = (...args: unknown[]) => this.#record('addParticipant', args);
  removeParticipant = (...args: unknown[]) => this.#record('removeParticipant', args);
  participantAction = (...args: unknown[]) => this.#record('participantAction', args);
  setRecording = (...args: unknown[]) => this.#record('setRecording', args);
  transfer = (...args: unknown[]) => this.#record('transfer', args);
  redirect = (...args: unknown[]) => this.#record('redirect', args);
  selectDevice = (...args: unknown[]) => this.#record('selectDevice', args);
  requestPermissions = (...args: unknown[]) => this.#record('requestPermissions', args);
}

/**
 * Waits until `predicate` holds, polling each frame; fails after `timeout` ms with `message`. The default
 * leaves room for a loaded 2-core machine yet stays under the 20 s test timeout, so the message is what fails.
 */
export async function until(predicate: () => boolean, message = 'condition', timeout = 15000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Resolves after pending microtasks (a controller notification) have run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
