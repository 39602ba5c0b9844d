/**
 * The MediaView over an ACS `VideoStreamRendererView`. The element exists at once (the grid appends it);
 * the SDK view arrives asynchronously and its `target` is put inside the element. While the stream is
 * unavailable the tile holds no SDK renderer or view at all; StreamTiles re-attaches it when the stream returns.
 */
import type { ScalingMode as AcsScalingMode } from '@azure/communication-calling';
import { CallError } from '../../core/errors.js';
import { defaultViewOptions, type MediaView, type ScalingMode, type ViewOptions } from '../../core/media.js';
import type { StreamRef } from '../../core/state.js';
import type { AcsRenderer, AcsRendererView } from './sdk.js';

export const toAcsScalingMode = (mode: ScalingMode): AcsScalingMode => (mode === 'fit' ? 'Fit' : 'Crop');

/** A tile's own SDK renderer and the view it makes; `wanted` false once the tile let it go. */
interface Rendering {
  readonly renderer: AcsRenderer;
  view: AcsRendererView | null;
  making: boolean;
  wanted: boolean;
}

export class AcsMediaView implements MediaView {
  readonly element: HTMLElement;
  readonly ready: Promise<void>;
  #options: ViewOptions;
  #rendering: Rendering | null = null;
  #disposed = false;
  #settled = false;
  #resolve!: () => void;
  #reject!: (error: CallError) => void;

  constructor(
    readonly stream: StreamRef,
    options: Partial<ViewOptions>,
    private readonly onDispose: (view: AcsMediaView) => void,
    private readonly onError: (error: CallError) => void,
  ) {
    this.#options = { ...defaultViewOptions, ...options };
    this.element = document.createElement('div');
    this.element.className = 'media-view acs-media-view';
    this.element.style.cssText = 'width:100%;height:100%;overflow:hidden;display:block;position:relative;';
    this.element.dataset.streamId = stream.id;
    this.ready = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The SDK view currently shown (tests and diagnostics). */
  get rendererView(): AcsRendererView | null {
    return this.#rendering?.view ?? null;
  }

  /** Whether this tile holds an SDK renderer now (its view shown or still being made). */
  get rendering(): boolean {
    return this.#rendering !== null;
  }

  /**
   * Gives this tile its own renderer and view of the stream. Each tile owns one renderer, as Microsoft's
   * UI library does: SDK 2.0.0's `VideoStreamRenderer.dispose()` disposes every view it ever made, and a
   * view disposed before is disposed again and logged as an error (400/43213), so one tile of a shared
   * renderer could not let its view go alone. Our code therefore never disposes an SDK view, only renderers.
   */
  attach(createRenderer: () => AcsRenderer): void {
    if (this.#disposed || this.#rendering) return;
    let renderer: AcsRenderer;
    try {
      renderer = createRenderer();
    } catch (error) {
      this.fail(error);
      return;
    }
    const rendering: Rendering = { renderer, view: null, making: true, wanted: true };
    this.#rendering = rendering;
    let made: Promise<AcsRendererView>;
    try {
      made = renderer.createView({ scalingMode: toAcsScalingMode(this.#options.scalingMode), isMirrored: this.#options.mirrored });
    } catch (error) {
      this.#rendering = null;
      renderer.dispose();
      this.fail(error);
      return;
    }
    made.then(
      (view) => {
        rendering.making = false;
        // Let go while it was being made: the renderer is disposed only now. Disposed mid-creation, it
        // disposes the view, and SDK 2.0.0's createView disposes it again if rendering then fails.
        if (!rendering.wanted) {
          renderer.dispose();
          return;
        }
        rendering.view = view;
        this.element.replaceChildren(view.target);
        this.#settle();
      },
      (error: unknown) => {
        rendering.making = false;
        // A failed createView leaves the renderer with no view; disposing it frees the renderer alone.
        renderer.dispose();
        if (!rendering.wanted) return;
        this.#rendering = null;
        this.fail(error);
      },
    );
  }

  /** Lets go of the renderer and its view (stream unavailable or gone); the element stays where the grid put it. */
  detach(): void {
    const rendering = this.#rendering;
    this.#rendering = null;
    this.element.replaceChildren();
    if (!rendering) return;
    rendering.wanted = false;
    if (!rendering.making) rendering.renderer.dispose();
  }

  fail(error: unknown): void {
    const callError = CallError.from(error, 'provider-error', { action: 'createView' });
    if (!this.#settled) {
      this.#settled = true;
      this.#reject(callError);
    } else {
      this.onError(callError);
    }
  }

  update(options: Partial<ViewOptions>): void {
    const before = this.#options;
    this.#options = { ...before, ...options };
    const view = this.rendererView;
    if (view && this.#options.scalingMode !== before.scalingMode) {
      view.updateScalingMode(toAcsScalingMode(this.#options.scalingMode)).catch((error: unknown) => this.onError(CallError.from(error)));
    }
    // The SDK fixes mirroring when the view is created; a later change flips the wrapper instead.
    const flip = view ? view.isMirrored !== this.#options.mirrored : false;
    this.element.style.transform = flip ? 'scaleX(-1)' : '';
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.detach();
    this.onDispose(this);
    this.element.remove();
    this.#settle();
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve();
  }
}
