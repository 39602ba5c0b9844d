/**
 * The MediaView over an ACS `VideoStreamRendererView`. The element exists at once (the grid appends it);
 * the SDK view arrives asynchronously and its `target` is put inside the element. While the stream is
 * unavailable the view holds no SDK view at all; the provider re-attaches it when the stream returns.
 */
import type { ScalingMode as AcsScalingMode } from '@azure/communication-calling';
import { CallError } from '../../core/errors.js';
import { defaultViewOptions, type MediaView, type ScalingMode, type ViewOptions } from '../../core/media.js';
import type { StreamRef } from '../../core/state.js';
import type { AcsRenderer, AcsRendererView } from './sdk.js';

export const toAcsScalingMode = (mode: ScalingMode): AcsScalingMode => (mode === 'fit' ? 'Fit' : 'Crop');

export class AcsMediaView implements MediaView {
  readonly element: HTMLElement;
  readonly ready: Promise<void>;
  #options: ViewOptions;
  #view: AcsRendererView | null = null;
  #attempt = 0;
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
    return this.#view;
  }

  /**
   * Creates this tile's SDK view from the stream's one renderer. A result that arrives late is disposed,
   * unless its renderer is gone (`alive` false): disposing a renderer disposes its views, and SDK 2.0.0
   * logs a second dispose as an error (400/43213).
   */
  attach(renderer: AcsRenderer, alive: () => boolean = () => true): void {
    if (this.#disposed) return;
    this.detach();
    const attempt = ++this.#attempt;
    let pending: Promise<AcsRendererView>;
    try {
      pending = renderer.createView({ scalingMode: toAcsScalingMode(this.#options.scalingMode), isMirrored: this.#options.mirrored });
    } catch (error) {
      this.fail(error);
      return;
    }
    pending.then(
      (view) => {
        if (this.#disposed || attempt !== this.#attempt) {
          if (alive()) view.dispose();
          return;
        }
        this.#view = view;
        this.element.replaceChildren(view.target);
        this.#settle();
      },
      (error: unknown) => {
        if (!this.#disposed && attempt === this.#attempt) this.fail(error);
      },
    );
  }

  /**
   * Drops the SDK view (stream unavailable or gone); the element stays where the grid put it. `disposeView`
   * false when the renderer is about to be disposed: that disposes its views, and SDK 2.0.0 logs a second
   * dispose of a view as an error (400/43213).
   */
  detach(disposeView = true): void {
    this.#attempt++;
    const view = this.#view;
    this.#view = null;
    if (disposeView) view?.dispose();
    this.element.replaceChildren();
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
    const view = this.#view;
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
    // The pool first: with the last view of a stream it disposes the renderer and, through it, this SDK view.
    this.onDispose(this);
    this.detach();
    this.element.remove();
    this.#settle();
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve();
  }
}
