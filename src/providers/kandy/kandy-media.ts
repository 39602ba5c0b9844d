/**
 * Kandy media in the page: remote audio played from a detached container of ours, video views of call
 * tracks, and the camera preview (Kandy 4.9.0 has no media API outside calls, so that stream is ours).
 */
import { CallError } from '../../core/errors.js';
import { PREVIEW_STREAM, VideoElementView, type MediaView, type ViewOptions } from '../../core/media.js';
import type { PermissionRequest, ProviderSink } from '../../core/provider.js';
import { browserDeviceLists, permissionsAfter, toDevices } from '../kit/devices.js';
import type { StreamRef } from '../../core/state.js';
import type { KandyClient } from './kandy-sdk.js';
import { KandyTrackView } from './kandy-view.js';

export class KandyMedia {
  readonly #sink: () => ProviderSink | null;
  /** Remote audio plays from here: a detached container of ours, never the page's DOM. */
  #audioBox: HTMLElement | null = null;
  readonly #renderedAudio = new Set<string>();
  #preview: MediaStream | null = null;
  readonly #previewViews = new Set<VideoElementView>();

  constructor(sink: () => ProviderSink | null) {
    this.#sink = sink;
  }

  /** Remote audio elements currently playing (tests, diagnostics). */
  get audioElements(): readonly HTMLAudioElement[] {
    return this.#audioBox ? [...this.#audioBox.querySelectorAll('audio')] : [];
  }

  createView(client: KandyClient | null, stream: StreamRef, options: ViewOptions): MediaView {
    if (stream.id === PREVIEW_STREAM.id) return this.#previewView(stream, options);
    if (!client) throw new CallError('not-connected', 'Kandy is not connected');
    const track = client.media.getTrackById(stream.id);
    if (!track || track.kind !== 'video') throw new CallError('not-found', `Kandy has no video track ${stream.id}`);
    return new KandyTrackView(stream, stream.id, client.media, options);
  }

  #previewView(stream: StreamRef, options: ViewOptions): MediaView {
    const view = new VideoElementView(stream, options, this.#preview, () => {
      this.#previewViews.delete(view);
      if (this.#previewViews.size === 0) this.#stopPreview();
    });
    this.#previewViews.add(view);
    if (!this.#preview) {
      const camera = this.#sink()?.snapshot.devices.selected.camera;
      navigator.mediaDevices
        .getUserMedia({ video: camera ? { deviceId: { exact: camera } } : true, audio: false })
        .then((media) => {
          if (this.#previewViews.size === 0) return media.getTracks().forEach((t) => t.stop());
          this.#preview = media;
          for (const v of this.#previewViews) v.attach(media);
        })
        .catch((error: unknown) => {
          view.dispose();
          this.#sink()?.fail(CallError.from(error, 'device-not-found', { action: 'createView' }));
        });
    }
    return view;
  }

  #stopPreview(): void {
    this.#preview?.getTracks().forEach((t) => t.stop());
    this.#preview = null;
  }

  renderAudio(client: KandyClient, trackId: string): void {
    if (this.#renderedAudio.has(trackId)) return;
    this.#audioBox ??= document.createElement('div');
    const speaker = this.#sink()?.snapshot.devices.selected.speaker;
    client.media.renderTracks([trackId], this.#audioBox, speaker ? { speakerId: speaker } : {});
    this.#renderedAudio.add(trackId);
    // A detached <audio autoplay> is not guaranteed to start; play() is.
    for (const audio of this.#audioBox.querySelectorAll('audio')) audio.play().catch(() => undefined);
  }

  unrenderAudio(client: KandyClient | null, trackId: string): void {
    if (!this.#renderedAudio.delete(trackId)) return;
    if (client && this.#audioBox) client.media.removeTracks([trackId], this.#audioBox);
  }

  /** The speaker changed: every remote audio track plays again through the new one. */
  rerouteAudio(client: KandyClient): void {
    for (const trackId of [...this.#renderedAudio]) {
      this.unrenderAudio(client, trackId);
      this.renderAudio(client, trackId);
    }
  }

  /** Asks the browser for camera and microphone (Kandy has no API for it) and reads the labelled devices. */
  async requestPermissions(request: PermissionRequest): Promise<void> {
    const sink = this.#sink();
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: request.audio, video: request.video });
      stream.getTracks().forEach((t) => t.stop());
      const lists = await browserDeviceLists();
      sink?.update((s) => ({
        ...s,
        permissions: permissionsAfter(s.permissions, request, { audio: true, video: true }),
        devices: toDevices(lists, s.devices.selected),
      }));
    } catch (error) {
      const callError = CallError.from(error, 'permission-denied');
      if (callError.code === 'permission-denied') {
        sink?.update((s) => ({ ...s, permissions: permissionsAfter(s.permissions, request, { audio: false, video: false }) }));
      }
      throw callError;
    }
  }

  /** Everything stops: preview views, the preview camera, remote audio. */
  close(client: KandyClient | null): void {
    for (const view of [...this.#previewViews]) view.dispose();
    this.#stopPreview();
    for (const trackId of [...this.#renderedAudio]) this.unrenderAudio(client, trackId);
    this.#renderedAudio.clear();
  }
}
