/**
 * ACS devices: the DeviceManager's lists and selection as snapshot devices, permission requests, and the
 * one LocalVideoStream that preview and calls share (switching its source moves every view and the call).
 */
import type { AudioDeviceInfo, VideoDeviceInfo } from '@azure/communication-calling';
import { CallError } from '../../core/errors.js';
import type { PermissionRequest } from '../../core/provider.js';
import type { CallSnapshot, DeviceInfo, DeviceKind } from '../../core/state.js';
import { keepOrFirst, permissionsAfter, queryPermissions, toDevices } from '../kit/devices.js';
import { Subscriptions } from '../kit/subscriptions.js';
import { toCallError } from './mapping.js';
import type { AcsDeviceManager, AcsLocalVideoStream, AcsSdk } from './sdk.js';

export interface DeviceHost {
  update(recipe: (s: CallSnapshot) => CallSnapshot): void;
  report(error: unknown, action: string): void;
  /** The platform capabilities now (speaker selection depends on the device manager). */
  capabilities(): CallSnapshot['platform']['capabilities'];
}

export class AcsDevices {
  readonly #host: DeviceHost;
  readonly #subscriptions = new Subscriptions();
  #sdk: AcsSdk | null = null;
  #manager: AcsDeviceManager | null = null;
  #cameras: VideoDeviceInfo[] = [];
  #microphones: AudioDeviceInfo[] = [];
  #speakers: AudioDeviceInfo[] = [];
  #selectedCamera: string | null = null;
  #camera: AcsLocalVideoStream | null = null;
  #cameraLoading: Promise<AcsLocalVideoStream> | null = null;

  constructor(host: DeviceHost) {
    this.#host = host;
  }

  get manager(): AcsDeviceManager | null {
    return this.#manager;
  }

  /** The shared camera stream, once something asked for it. */
  get camera(): AcsLocalVideoStream | null {
    return this.#camera;
  }

  get speakerSelection(): boolean {
    return this.#manager?.isSpeakerSelectionAvailable ?? false;
  }

  /** Follows the device manager's changes and reads permissions and lists once. */
  async attach(sdk: AcsSdk, manager: AcsDeviceManager): Promise<void> {
    this.#sdk = sdk;
    this.#manager = manager;
    const refresh = () => void this.refresh().catch((error: unknown) => this.#host.report(error, 'devices'));
    this.#subscriptions.on(manager, 'videoDevicesUpdated', refresh);
    this.#subscriptions.on(manager, 'audioDevicesUpdated', refresh);
    this.#subscriptions.on(manager, 'selectedMicrophoneChanged', refresh);
    this.#subscriptions.on(manager, 'selectedSpeakerChanged', refresh);
    const permissions = await queryPermissions();
    this.#host.update((s) => ({ ...s, permissions }));
    await this.refresh();
  }

  detach(): void {
    this.#subscriptions.dispose();
    const camera = this.#camera;
    this.#camera = null;
    this.#cameraLoading = null;
    camera?.dispose();
  }

  async refresh(): Promise<void> {
    const dm = this.#manager;
    if (!dm) return;
    const [cameras, microphones, speakers] = await Promise.all([dm.getCameras(), dm.getMicrophones(), dm.getSpeakers()]);
    this.#cameras = cameras;
    this.#microphones = microphones;
    this.#speakers = speakers;
    const camera = keepOrFirst(this.#selectedCamera, cameras);
    if (camera !== this.#selectedCamera) {
      this.#selectedCamera = camera;
      // The camera in use was unplugged: move the live stream (preview and calls) to the new one.
      const next = cameras.find((c) => c.id === camera);
      if (this.#camera && next && this.#camera.source.id !== next.id) {
        this.#camera.switchSource(next).catch((error: unknown) => this.#host.report(error, 'selectDevice'));
      }
    }
    const info = (kind: DeviceKind) => (d: { id: string; name: string }): DeviceInfo => ({ id: d.id, label: d.name, kind });
    const systemDefault = (list: AudioDeviceInfo[]) => list.find((d) => d.isSystemDefault)?.id ?? null;
    this.#host.update((s) => ({
      ...s,
      platform: { ...s.platform, capabilities: this.#host.capabilities() },
      devices: toDevices(
        { camera: cameras.map(info('camera')), microphone: microphones.map(info('microphone')), speaker: speakers.map(info('speaker')) },
        { camera: this.#selectedCamera, microphone: dm.selectedMicrophone?.id ?? null, speaker: dm.selectedSpeaker?.id ?? null },
        { microphone: systemDefault(microphones), speaker: systemDefault(speakers) },
      ),
    }));
  }

  async requestPermissions(request: PermissionRequest): Promise<void> {
    const dm = this.#require();
    let access: { audio: boolean; video: boolean };
    try {
      access = await dm.askDevicePermission({ audio: request.audio, video: request.video });
    } catch (error) {
      throw toCallError(error, 'permission-denied', 'requestPermissions');
    }
    this.#host.update((s) => ({ ...s, permissions: permissionsAfter(s.permissions, request, access) }));
    await this.refresh();
    const denied = [request.audio && !access.audio ? 'microphone' : '', request.video && !access.video ? 'camera' : ''].filter(Boolean);
    if (denied.length) {
      throw new CallError(
        'permission-denied',
        `Access to the ${denied.join(' and ')} was denied. Allow it in the browser's site settings, then try again.`,
      );
    }
  }

  async select(kind: DeviceKind, deviceId: string): Promise<void> {
    const dm = this.#require();
    try {
      if (kind === 'microphone') {
        const mic = this.#microphones.find((d) => d.id === deviceId);
        if (!mic) throw new CallError('device-not-found', `No microphone with id ${deviceId}`);
        await dm.selectMicrophone(mic);
      } else if (kind === 'speaker') {
        const speaker = this.#speakers.find((d) => d.id === deviceId);
        if (!speaker) throw new CallError('device-not-found', `No speaker with id ${deviceId}`);
        await dm.selectSpeaker(speaker);
      } else {
        const camera = this.#cameras.find((d) => d.id === deviceId);
        if (!camera) throw new CallError('device-not-found', `No camera with id ${deviceId}`);
        this.#selectedCamera = camera.id;
        if (this.#camera && this.#camera.source.id !== camera.id) await this.#camera.switchSource(camera);
      }
    } catch (error) {
      throw toCallError(error, 'device-not-found', 'selectDevice');
    }
    await this.refresh();
  }

  /** The one local camera stream, created from the selected camera on first use. */
  localCamera(): Promise<AcsLocalVideoStream> {
    if (this.#camera) return Promise.resolve(this.#camera);
    this.#cameraLoading ??= (async () => {
      const sdk = this.#sdk;
      if (!sdk) throw new CallError('not-connected', 'The Azure Communication Services SDK is not ready yet');
      if (!this.#cameras.length) await this.refresh();
      const info = this.#cameras.find((c) => c.id === this.#selectedCamera) ?? this.#cameras[0];
      if (!info) throw new CallError('device-not-found', 'No camera found');
      // Ours to dispose (detach): by default SDK 2.0.0 disposes a LocalVideoStream when a call that sent it
      // ends or stops video, which would kill the preview and every later call's camera.
      const camera = new sdk.LocalVideoStream(info, { autoDisposeOnCallEnd: false });
      this.#camera = camera;
      return camera;
    })();
    const loading = this.#cameraLoading;
    loading.catch(() => {
      if (this.#cameraLoading === loading) this.#cameraLoading = null;
    });
    return loading;
  }

  #require(): AcsDeviceManager {
    if (!this.#manager) throw new CallError('not-connected', 'The Azure Communication Services SDK is not ready yet');
    return this.#manager;
  }
}
