/**
 * The local provider's MediaViews: one `<video>` each, fed by a track looked up again whenever calls or
 * devices change (a device switch, a reconnection, a screen share), so views never hold a stale track.
 * The camera preview is captured while at least one preview view lives.
 */
import { CallError } from '../../core/errors.js';
import { PREVIEW_STREAM, VideoElementView, type MediaView, type ViewOptions } from '../../core/media.js';
import type { StreamRef } from '../../core/state.js';
import type { CallTracker } from './call-tracker.js';
import type { LocalMedia } from './local-media.js';

export interface ViewsHost {
  readonly user: string;
  readonly media: LocalMedia;
  /** The preview could not start (no camera, access denied). */
  failed(error: unknown): void;
}

export class LocalViews {
  readonly #views = new Map<VideoElementView, () => MediaStreamTrack | null>();
  readonly #host: ViewsHost;
  readonly #calls: CallTracker;

  constructor(host: ViewsHost, calls: CallTracker) {
    this.#host = host;
    this.#calls = calls;
  }

  /** Live views (tests count them). */
  get size(): number {
    return this.#views.size;
  }

  create(stream: StreamRef, options: ViewOptions): MediaView {
    const { media } = this.#host;
    const source = this.#sourceFor(stream);
    const preview = stream.id === PREVIEW_STREAM.id;
    const view = new VideoElementView(stream, options, null, () => {
      this.#views.delete(view);
      if (preview && ![...this.#views.keys()].some((v) => v.stream.id === PREVIEW_STREAM.id)) media.stopPreview();
    });
    this.#views.set(view, source);
    if (preview) media.startPreview().then(() => this.refresh(), (error: unknown) => this.#host.failed(error));
    this.#attach(view, source);
    return view;
  }

  /** Every view shows its source's current track. */
  refresh(): void {
    for (const [view, source] of this.#views) this.#attach(view, source);
  }

  disposeAll(): void {
    for (const view of [...this.#views.keys()]) view.dispose();
  }

  /** Where a view's video comes from, looked up each time so new tracks (device switch, reconnection) show. */
  #sourceFor(stream: StreamRef): () => MediaStreamTrack | null {
    const { media, user: self } = this.#host;
    const calls = this.#calls;
    if (stream.id === PREVIEW_STREAM.id) return () => media.preview?.getVideoTracks()[0] ?? null;
    const [callId, user] = stream.id.split('/');
    if (!callId || !user) throw new CallError('not-found', `No stream ${stream.id} in this session`);
    if (user === self) {
      return () => {
        const call = calls.get(callId);
        if (!call) return null;
        return call.local.screen ? media.screen : call.local.video ? media.camera : null;
      };
    }
    return () => calls.get(callId)?.peers.get(user)?.link?.remote.getVideoTracks()[0] ?? null;
  }

  #attach(view: VideoElementView, source: () => MediaStreamTrack | null): void {
    const track = source();
    const current = (view.video.srcObject as MediaStream | null)?.getVideoTracks()[0] ?? null;
    if (track === current) return;
    view.attach(track ? new MediaStream([track]) : null);
    if (!track) view.video.srcObject = null;
  }
}
