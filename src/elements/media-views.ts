/**
 * The MediaViews an element shows, in one place for every element that shows media: a view per wanted
 * stream, created once through the controller, updated in place, moved into its box, and disposed as soon
 * as it is no longer wanted, the controller changes, or the element leaves the page. Elements only say
 * which streams they want; they never create or dispose a view themselves, so none is leaked.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallController } from '../core/controller.js';
import type { StreamRef } from '../core/state.js';
import type { MediaView, ViewOptions } from '../core/view.js';

/** One view an element wants. `key` is the stream id, plus whatever else must make a new view (the picker's camera). */
export interface WantedView {
  readonly key: string;
  readonly stream: StreamRef;
  readonly options: Partial<ViewOptions>;
}

export class MediaViews implements ReactiveController {
  #views = new Map<string, MediaView>();
  #controller: CallController | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** How many views are live (tests count them). */
  get size(): number {
    return this.#views.size;
  }

  /**
   * Keeps exactly the `wanted` views for `controller` (none without one): new keys get a view, keys no
   * longer wanted lose theirs, views kept get `options` when `optionsChanged`. A stream the controller
   * cannot show is left out (the controller has reported why; the element shows its fallback).
   */
  sync(controller: CallController | undefined, wanted: Iterable<WantedView>, optionsChanged = false): void {
    if (controller !== this.#controller) {
      this.release();
      this.#controller = controller;
    }
    const keep = new Map<string, WantedView>();
    if (controller) for (const w of wanted) keep.set(w.key, w);
    for (const [key, view] of this.#views) {
      if (keep.has(key)) continue;
      view.dispose();
      this.#views.delete(key);
    }
    if (!controller) return;
    for (const [key, { stream, options }] of keep) {
      const view = this.#views.get(key);
      if (view) {
        if (optionsChanged) view.update(options);
        continue;
      }
      try {
        this.#views.set(key, controller.createView(stream, options));
      } catch {
        // reported by the controller (snapshot.error and `call-error`)
      }
    }
  }

  /** Puts the view for `key` into `box` (its element is moved, never recreated). */
  place(key: string, box: Element | null | undefined): void {
    const view = this.#views.get(key);
    if (view && box && view.element.parentNode !== box) box.append(view.element);
  }

  /** Disposes every view; the next `sync` starts afresh. */
  release(): void {
    for (const view of this.#views.values()) view.dispose();
    this.#views.clear();
    this.#controller = undefined;
  }

  hostDisconnected(): void {
    this.release();
  }
}
