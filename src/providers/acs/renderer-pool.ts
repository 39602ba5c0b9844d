/**
 * One VideoStreamRenderer per ACS video stream, shared by every view of it: created when the first view
 * of an available stream binds, disposed with the last view, or when the stream goes away.
 */
import type { AcsMediaView } from './acs-view.js';
import type { AcsLocalVideoStream, AcsRemoteVideoStream, AcsRenderer } from './sdk.js';

export type VideoSource = AcsLocalVideoStream | AcsRemoteVideoStream;

interface Binding {
  renderer: AcsRenderer | null;
  readonly views: Set<AcsMediaView>;
}

const available = (source: VideoSource): boolean => ('isAvailable' in source ? source.isAvailable : true);

export class RendererPool {
  readonly #createRenderer: (source: VideoSource) => AcsRenderer;
  readonly #bindings = new Map<VideoSource, Binding>();

  constructor(createRenderer: (source: VideoSource) => AcsRenderer) {
    this.#createRenderer = createRenderer;
  }

  /** Renderers alive right now (one per stream that has a visible, available view). */
  get rendererCount(): number {
    let n = 0;
    for (const binding of this.#bindings.values()) if (binding.renderer) n++;
    return n;
  }

  bind(view: AcsMediaView, source: VideoSource): void {
    if (view.disposed) return;
    let binding = this.#bindings.get(source);
    if (!binding) {
      binding = { renderer: null, views: new Set() };
      this.#bindings.set(source, binding);
    }
    binding.views.add(view);
    if (!available(source)) return; // attached when the stream becomes available
    const renderer = this.#rendererFor(source, binding);
    if (renderer) view.attach(renderer, () => binding.renderer === renderer);
  }

  /** A tile let go of its view: the stream's renderer goes with its last view. */
  release(view: AcsMediaView): void {
    for (const [source, binding] of this.#bindings) {
      if (!binding.views.delete(view)) continue;
      if (binding.views.size === 0) {
        view.detach(false);
        binding.renderer?.dispose();
        binding.renderer = null;
        this.#bindings.delete(source);
      }
      return;
    }
  }

  /** Availability changed: attach every waiting view, or dispose SDK views and the renderer. */
  availabilityChanged(source: AcsRemoteVideoStream): void {
    const binding = this.#bindings.get(source);
    if (!binding) return;
    if (source.isAvailable) {
      const renderer = this.#rendererFor(source, binding);
      if (renderer) for (const view of binding.views) if (!view.rendererView) view.attach(renderer, () => binding.renderer === renderer);
    } else {
      for (const view of binding.views) view.detach(false);
      binding.renderer?.dispose();
      binding.renderer = null;
    }
  }

  /** The stream is gone for good (participant left, call ended): nothing of the SDK stays alive. */
  drop(source: VideoSource): void {
    const binding = this.#bindings.get(source);
    if (!binding) return;
    for (const view of binding.views) view.detach(false);
    binding.renderer?.dispose();
    binding.renderer = null;
    this.#bindings.delete(source);
  }

  dropAll(): void {
    for (const source of [...this.#bindings.keys()]) this.drop(source);
  }

  #rendererFor(source: VideoSource, binding: Binding): AcsRenderer | null {
    if (binding.renderer) return binding.renderer;
    try {
      binding.renderer = this.#createRenderer(source);
    } catch (error) {
      for (const view of binding.views) view.fail(error);
      return null;
    }
    return binding.renderer;
  }
}
