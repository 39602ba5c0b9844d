/**
 * The tiles of each ACS video stream. Every tile owns its own VideoStreamRenderer (see AcsMediaView.attach):
 * made when the tile binds to an available stream or the stream becomes available, disposed when the tile
 * goes, the stream becomes unavailable, or the stream goes away.
 */
import type { AcsMediaView } from './acs-view.js';
import type { AcsLocalVideoStream, AcsRemoteVideoStream, AcsRenderer } from './sdk.js';

export type VideoSource = AcsLocalVideoStream | AcsRemoteVideoStream;

const available = (source: VideoSource): boolean => ('isAvailable' in source ? source.isAvailable : true);

export class StreamTiles {
  readonly #createRenderer: (source: VideoSource) => AcsRenderer;
  readonly #tiles = new Map<VideoSource, Set<AcsMediaView>>();

  constructor(createRenderer: (source: VideoSource) => AcsRenderer) {
    this.#createRenderer = createRenderer;
  }

  /** Renderers alive right now (one per tile of an available stream, counted until its view is made). */
  get rendererCount(): number {
    let n = 0;
    for (const views of this.#tiles.values()) for (const view of views) if (view.rendering) n++;
    return n;
  }

  bind(view: AcsMediaView, source: VideoSource): void {
    if (view.disposed) return;
    let views = this.#tiles.get(source);
    if (!views) {
      views = new Set();
      this.#tiles.set(source, views);
    }
    views.add(view);
    if (available(source)) this.#attach(view, source); // else attached when the stream becomes available
  }

  /** A tile let go of its view (it has already disposed its renderer). */
  release(view: AcsMediaView): void {
    for (const [source, views] of this.#tiles) {
      if (!views.delete(view)) continue;
      if (views.size === 0) this.#tiles.delete(source);
      return;
    }
  }

  /** Availability changed: every tile of the stream makes its renderer, or disposes it. */
  availabilityChanged(source: AcsRemoteVideoStream): void {
    for (const view of this.#tiles.get(source) ?? []) {
      if (source.isAvailable) this.#attach(view, source);
      else view.detach();
    }
  }

  /** The stream is gone for good (participant left, call ended): nothing of the SDK stays alive. */
  drop(source: VideoSource): void {
    for (const view of this.#tiles.get(source) ?? []) view.detach();
    this.#tiles.delete(source);
  }

  dropAll(): void {
    for (const source of [...this.#tiles.keys()]) this.drop(source);
  }

  #attach(view: AcsMediaView, source: VideoSource): void {
    view.attach(() => this.#createRenderer(source));
  }
}
