/**
 * The MediaView contract (no implementation, so elements and the controller pull in no media code).
 * The MediaView seam: how a platform's video gets inside our shadow DOM. Elements append `element`,
 * never recreate it while the stream lives, call `update` for scaling or mirroring, and `dispose` on teardown.
 */
import type { StreamRef } from './state.js';

export type ScalingMode = 'crop' | 'fit';

export interface ViewOptions {
  readonly scalingMode: ScalingMode;
  readonly mirrored: boolean;
}

export interface MediaView {
  readonly stream: StreamRef;
  /** The node to append; it fills its container. */
  readonly element: HTMLElement;
  /** Resolves when media is attached; rejects with a CallError if rendering failed. */
  readonly ready: Promise<void>;
  readonly disposed: boolean;
  update(options: Partial<ViewOptions>): void;
  dispose(): void;
}

export const defaultViewOptions: ViewOptions = { scalingMode: 'crop', mirrored: false };

/** The local camera preview, available before and outside calls (device-picker's `preview`). */
export const PREVIEW_STREAM: StreamRef = {
  id: 'local-preview',
  participantId: 'self',
  kind: 'camera',
  available: true,
  local: true,
};

