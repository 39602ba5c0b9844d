/**
 * The local user's camera, microphone and screen: capture with the selected devices, device lists and
 * permission state kept current through the provider kit (kit/devices.ts).
 */
import { CallError } from '../../core/errors.js';
import type { DeviceInfo, DeviceKind, Devices, Permissions } from '../../core/state.js';
import { browserDeviceLists, permissionsAfter, toDevices, watchDevices, watchPermissions } from '../kit/devices.js';
import { Subscriptions } from '../kit/subscriptions.js';

type Kind = 'audio' | 'video';

export class LocalMedia {
  /** The tracks calls send; null while off. */
  audio: MediaStreamTrack | null = null;
  camera: MediaStreamTrack | null = null;
  screen: MediaStreamTrack | null = null;
  /** Stream ids carried to peers (msid); the tracks on it are the ones being sent. */
  readonly stream = new MediaStream();
  preview: MediaStream | null = null;
  selected: Record<DeviceKind, string | null> = { microphone: null, camera: null, speaker: null };
  permissions: Permissions = { camera: 'unknown', microphone: 'unknown' };
  #lists: Record<DeviceKind, DeviceInfo[]> = { microphone: [], camera: [], speaker: [] };
  #changed: () => void;
  /** Device and permission watches, undone by `stop`. */
  readonly #watches = new Subscriptions();
  /** Bumped by `stop`, so a `start` still awaiting its watches knows it was stopped meanwhile. */
  #generation = 0;
  #unwatchScreen: (() => void) | undefined;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  get available(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  }

  /** Device lists and permission state, kept current (devicechange, permission changes) until `stop`. */
  async start(): Promise<void> {
    if (!this.available) return;
    const generation = this.#generation;
    this.#watches.add(watchDevices(() => void this.refreshDevices()));
    const permissions = watchPermissions((update) => {
      this.permissions = { ...this.permissions, ...update };
      this.#changed();
      if (update.camera === 'granted' || update.microphone === 'granted') void this.refreshDevices(); // labels appear once granted
    }).then((unwatch) => (generation === this.#generation ? this.#watches.add(unwatch) : unwatch()));
    await Promise.all([this.refreshDevices(), permissions]);
  }

  stop(): void {
    this.#generation++;
    this.#watches.dispose();
    this.release();
    this.stopPreview();
  }

  async refreshDevices(): Promise<void> {
    if (!this.available) return;
    this.#lists = await browserDeviceLists();
    this.#changed();
  }

  /** The lists, and what stays selected: the chosen device, else the live track's, else the first. */
  devices(): Devices {
    const live = (track: MediaStreamTrack | null) => track?.getSettings().deviceId ?? null;
    return toDevices(this.#lists, this.selected, { microphone: live(this.audio), camera: live(this.camera) });
  }

  #constraints(kind: Kind): MediaTrackConstraints | boolean {
    const id = this.selected[kind === 'audio' ? 'microphone' : 'camera'];
    return id ? { deviceId: { exact: id } } : true;
  }

  /** getUserMedia with our permission bookkeeping; failures become CallErrors with standard codes. */
  async #capture(kinds: { audio: boolean; video: boolean }): Promise<MediaStream> {
    if (!this.available) throw new CallError('unsupported', 'This browser cannot capture a camera or microphone here (it needs https or localhost)');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: kinds.audio ? this.#constraints('audio') : false,
        video: kinds.video ? this.#constraints('video') : false,
      });
      this.permissions = permissionsAfter(this.permissions, kinds, { audio: true, video: true });
      void this.refreshDevices();
      return stream;
    } catch (error) {
      const callError = CallError.from(error, 'device-not-found');
      if (callError.code === 'permission-denied') {
        this.permissions = permissionsAfter(this.permissions, kinds, { audio: false, video: false });
        this.#changed();
      }
      throw callError;
    }
  }

  /** Makes sure the microphone (and the camera when asked) are live. */
  async acquire(video: boolean): Promise<void> {
    const needAudio = !this.audio || this.audio.readyState === 'ended';
    const needVideo = video && (!this.camera || this.camera.readyState === 'ended');
    if (!needAudio && !needVideo) return;
    const stream = await this.#capture({ audio: needAudio, video: needVideo });
    const [audio] = stream.getAudioTracks();
    const [camera] = stream.getVideoTracks();
    if (audio) this.#swap('audio', audio);
    if (camera) this.#swap('camera', camera);
  }

  async cameraOn(): Promise<MediaStreamTrack> {
    await this.acquire(true);
    return this.camera!;
  }

  cameraOff(): void {
    if (!this.camera) return;
    this.camera.stop();
    this.stream.removeTrack(this.camera);
    this.camera = null;
  }

  /** A new track from another device; the old one is stopped. Returns null when that kind is not live. */
  async switchDevice(kind: 'microphone' | 'camera', id: string): Promise<MediaStreamTrack | null> {
    this.selected[kind] = id;
    const current = kind === 'microphone' ? this.audio : this.camera;
    if (current) {
      const stream = await this.#capture({ audio: kind === 'microphone', video: kind === 'camera' });
      const track = (kind === 'microphone' ? stream.getAudioTracks() : stream.getVideoTracks())[0]!;
      track.enabled = current.enabled; // a muted microphone stays muted on the new device
      this.#swap(kind === 'microphone' ? 'audio' : 'camera', track);
    }
    if (kind === 'camera' && this.preview) await this.startPreview(true);
    this.#changed();
    return kind === 'microphone' ? this.audio : this.camera;
  }

  #swap(slot: 'audio' | 'camera', track: MediaStreamTrack): void {
    const old = this[slot];
    if (old) {
      old.stop();
      this.stream.removeTrack(old);
    }
    this[slot] = track;
    this.stream.addTrack(track);
  }

  async shareScreen(onEnded: () => void): Promise<MediaStreamTrack> {
    if (!navigator.mediaDevices?.getDisplayMedia) throw new CallError('unsupported', 'This browser cannot share the screen');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      throw CallError.from(error, 'unsupported');
    }
    const track = stream.getVideoTracks()[0];
    if (!track) throw new CallError('unsupported', 'Screen sharing returned no video');
    // The browser's own "Stop sharing" ends the track; our stop() does not fire `ended`, so it unlistens.
    track.addEventListener('ended', onEnded, { once: true });
    this.#unwatchScreen = () => track.removeEventListener('ended', onEnded);
    this.screen = track;
    return track;
  }

  stopScreen(): void {
    this.#unwatchScreen?.();
    this.#unwatchScreen = undefined;
    this.screen?.stop();
    this.screen = null;
  }

  /** Ends every capture (the last call is over). */
  release(): void {
    this.#unwatchScreen?.();
    this.#unwatchScreen = undefined;
    for (const track of [this.audio, this.camera, this.screen]) {
      if (!track) continue;
      track.stop();
      this.stream.removeTrack(track);
    }
    this.audio = this.camera = this.screen = null;
  }

  async startPreview(restart = false): Promise<MediaStream> {
    if (this.preview && !restart) return this.preview;
    const stream = await this.#capture({ audio: false, video: true });
    this.stopPreview();
    this.preview = stream;
    return stream;
  }

  stopPreview(): void {
    for (const track of this.preview?.getTracks() ?? []) track.stop();
    this.preview = null;
  }

  async requestPermissions(audio: boolean, video: boolean): Promise<void> {
    const stream = await this.#capture({ audio, video });
    for (const track of stream.getTracks()) track.stop();
    this.#changed();
  }
}
