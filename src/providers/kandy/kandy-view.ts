/**
 * A MediaView over a Kandy track. The SDK renders a track only into a container it is given; we give it
 * our own element (never a selector: `document.querySelector` cannot reach into a shadow root), so the
 * tile that appends `element` gets the SDK's `<video>` wherever it lives.
 */
import { CallError } from '../../core/errors.js';
import { defaultViewOptions, type MediaView, type ViewOptions } from '../../core/media.js';
import type { StreamRef } from '../../core/state.js';
import type { KandyMediaApi } from './kandy-sdk.js';

/** How long the SDK gets to put its `<video>` into our container before the view reports failure. */
const RENDER_TIMEOUT_MS = 5000;

export class KandyTrackView implements MediaView {
  readonly element: HTMLElement;
  readonly ready: Promise<void>;
  #options: ViewOptions;
  #disposed = false;
  #observer: MutationObserver | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly stream: StreamRef,
    readonly trackId: string,
    private readonly media: KandyMediaApi,
    options: Partial<ViewOptions> = {},
    private readonly onDispose?: () => void,
  ) {
    this.#options = { ...defaultViewOptions, ...options };
    this.element = document.createElement('div');
    this.element.className = 'media-view kandy-track';
    this.element.style.cssText = 'width:100%;height:100%;overflow:hidden;display:block;';
    this.ready = new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        const video = this.video;
        if (!video) return false;
        this.#apply();
        this.#stopWatching();
        resolve();
        return true;
      };
      this.#observer = new MutationObserver(() => void check());
      this.#observer.observe(this.element, { childList: true });
      this.#timer = setTimeout(() => {
        this.#stopWatching();
        if (!this.#disposed && !this.video) {
          reject(new CallError('provider-error', `Kandy did not render track ${trackId}`, { action: 'createView' }));
        }
      }, RENDER_TIMEOUT_MS);
      media.renderTracks([trackId], this.element);
      check();
    });
  }

  /** The element Kandy created (`<video id="video-{trackId}">`), once it has. */
  get video(): HTMLVideoElement | null {
    return this.element.querySelector('video');
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  update(options: Partial<ViewOptions>): void {
    this.#options = { ...this.#options, ...options };
    this.#apply();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stopWatching();
    // The SDK knows this container only if it rendered into it; removing an unknown one is a no-op there.
    if (this.video) this.media.removeTracks([this.trackId], this.element);
    this.element.remove();
    this.onDispose?.();
  }

  #stopWatching(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    clearTimeout(this.#timer);
  }

  #apply(): void {
    const video = this.video;
    if (!video) return;
    video.playsInline = true;
    video.disablePictureInPicture = true;
    video.style.display = 'block';
    video.style.objectFit = this.#options.scalingMode === 'fit' ? 'contain' : 'cover';
    video.style.transform = this.#options.mirrored ? 'scaleX(-1)' : '';
  }
}
