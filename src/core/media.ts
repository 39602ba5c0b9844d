/**
 * MediaView implementations shared by providers. The contract lives in view.ts and is re-exported here.
 */
import type { StreamRef } from './state.js';
import { defaultViewOptions, type MediaView, type ViewOptions } from './view.js';

export * from './view.js';

/**
 * A MediaView over a plain MediaStream on one `<video>`: used by providers that hold real tracks
 * (local WebRTC, simulated canvas streams, Kandy). The stream may arrive later via `attach`.
 */
export class VideoElementView implements MediaView {
  readonly element: HTMLElement;
  readonly video: HTMLVideoElement;
  readonly ready: Promise<void>;
  private options: ViewOptions;
  private resolveReady!: () => void;
  private onDispose: (() => void) | undefined;
  #disposed = false;

  constructor(
    readonly stream: StreamRef,
    options: Partial<ViewOptions> = {},
    media?: MediaStream | null,
    onDispose?: () => void,
  ) {
    this.options = { ...defaultViewOptions, ...options };
    this.onDispose = onDispose;
    this.element = document.createElement('div');
    this.element.className = 'media-view';
    this.element.style.cssText = 'width:100%;height:100%;overflow:hidden;display:block;';
    this.video = document.createElement('video');
    this.video.autoplay = true;
    this.video.muted = true; // audio is played by the provider, not by tiles
    this.video.playsInline = true;
    this.video.disablePictureInPicture = true;
    this.video.style.cssText = 'width:100%;height:100%;display:block;';
    this.element.append(this.video);
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.apply();
    if (media) this.attach(media);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  attach(media: MediaStream | null): void {
    if (this.#disposed) return;
    if (this.video.srcObject !== media) this.video.srcObject = media;
    if (media) {
      this.video.play().catch(() => undefined); // autoplay policy: muted video always plays; a pause is harmless
      this.resolveReady();
    }
  }

  update(options: Partial<ViewOptions>): void {
    this.options = { ...this.options, ...options };
    this.apply();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.video.pause();
    this.video.srcObject = null;
    this.element.remove();
    this.resolveReady();
    this.onDispose?.();
  }

  private apply(): void {
    this.video.style.objectFit = this.options.scalingMode === 'fit' ? 'contain' : 'cover';
    this.video.style.transform = this.options.mirrored ? 'scaleX(-1)' : '';
  }
}
