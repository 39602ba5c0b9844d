/**
 * The local user's camera, microphone and screen: capture with the selected devices, device lists from
 * enumerateDevices (+ devicechange), and permission state (Permissions API where the browser has it).
 */
import { CallError } from '../../core/errors.js';
import type { DeviceInfo, DeviceKind, Devices, PermissionState, Permissions } from '../../core/state.js';

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
  #devices: DeviceInfo[] = [];
  #changed: () => void;
  #onDeviceChange = (): void => void this.refreshDevices();
  #statuses: PermissionStatus[] = [];

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  get available(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  }

  async start(): Promise<void> {
    if (!this.available) return;
    navigator.mediaDevices.addEventListener('devicechange', this.#onDeviceChange);
    await Promise.all([this.refreshDevices(), this.#watchPermissions()]);
  }

  stop(): void {
    if (this.available) navigator.mediaDevices.removeEventListener('devicechange', this.#onDeviceChange);
    for (const status of this.#statuses) status.onchange = null;
    this.#statuses = [];
    this.release();
    this.stopPreview();
  }

  async #watchPermissions(): Promise<void> {
    if (!navigator.permissions?.query) return;
    for (const name of ['camera', 'microphone'] as const) {
      try {
        const status = await navigator.permissions.query({ name: name });
        const apply = (): void => {
          this.permissions = { ...this.permissions, [name]: status.state as PermissionState };
          this.#changed();
          if (status.state === 'granted') void this.refreshDevices(); // labels appear once granted
        };
        status.onchange = apply;
        this.#statuses.push(status);
        apply();
      } catch {
        // Not every browser can query camera/microphone; the state stays unknown until capture tells.
      }
    }
  }

  async refreshDevices(): Promise<void> {
    if (!this.available) return;
    const list = await navigator.mediaDevices.enumerateDevices();
    const kinds: Record<string, DeviceKind> = { audioinput: 'microphone', videoinput: 'camera', audiooutput: 'speaker' };
    this.#devices = list
      .filter((d) => kinds[d.kind] && d.deviceId)
      .map((d, i) => ({ id: d.deviceId, label: d.label, kind: kinds[d.kind]!, index: i }))
      .map(({ id, label, kind }) => ({ id, label, kind }));
    this.#changed();
  }

  devices(): Devices {
    const of = (kind: DeviceKind) => this.#devices.filter((d) => d.kind === kind);
    const pick = (kind: DeviceKind) => {
      const list = of(kind);
      const current = this.selected[kind];
      if (current && list.some((d) => d.id === current)) return current;
      // The live track's device, else the browser's default.
      const track = kind === 'microphone' ? this.audio : kind === 'camera' ? this.camera : null;
      const live = track?.getSettings().deviceId;
      return live && list.some((d) => d.id === live) ? live : (list[0]?.id ?? null);
    };
    return {
      microphones: of('microphone'),
      cameras: of('camera'),
      speakers: of('speaker'),
      selected: { microphone: pick('microphone'), camera: pick('camera'), speaker: pick('speaker') },
    };
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
      this.permissions = {
        camera: kinds.video ? 'granted' : this.permissions.camera,
        microphone: kinds.audio ? 'granted' : this.permissions.microphone,
      };
      void this.refreshDevices();
      return stream;
    } catch (error) {
      const callError = CallError.from(error, 'device-not-found');
      if (callError.code === 'permission-denied') {
        this.permissions = {
          camera: kinds.video ? 'denied' : this.permissions.camera,
          microphone: kinds.audio ? 'denied' : this.permissions.microphone,
        };
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
    track.addEventListener('ended', onEnded, { once: true });
    this.screen = track;
    return track;
  }

  stopScreen(): void {
    this.screen?.stop();
    this.screen = null;
  }

  /** Ends every capture (the last call is over). */
  release(): void {
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
