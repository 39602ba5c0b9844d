/**
 * Synthetic video: a canvas per stream showing a colour and a name, captured as a MediaStream. Streams
 * are reference-counted and created only while a view shows them; a shared timer paints them all.
 *
 * A self-view is shown mirrored (like a mirror, as every call app shows the local camera), so its label is
 * painted mirrored: the mirrored view then reads right, as a real camera's self-view shows a real face. The
 * grid mirrors synthetic and real cameras alike, so what Storybook shows is what a real camera gets.
 */
import { PREVIEW_STREAM } from '../../core/media.js';
import type { CallSnapshot, StreamRef } from '../../core/state.js';

const FPS = 8;

interface Entry {
  canvas: HTMLCanvasElement;
  stream: MediaStream;
  refs: number;
  label: string;
  hue: number;
  screen: boolean;
  selfView: boolean;
}

function hueOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

export class SyntheticVideo {
  #entries = new Map<string, Entry>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #frame = 0;

  /** Streams currently alive (for leak checks). */
  get size(): number {
    return this.#entries.size;
  }

  /** `selfView`: the local camera, which the grid shows mirrored; its label is painted mirrored to read right there. */
  acquire(key: string, label: string, screen = false, selfView = false): MediaStream {
    let entry = this.#entries.get(key);
    if (!entry) {
      const canvas = document.createElement('canvas');
      canvas.width = screen ? 640 : 320;
      canvas.height = screen ? 360 : 180;
      const stream = canvas.captureStream(FPS);
      entry = { canvas, stream, refs: 0, label, hue: hueOf(label), screen, selfView };
      this.#entries.set(key, entry);
      this.#paint(entry);
      this.#timer ??= setInterval(() => this.#tick(), 1000 / FPS);
    }
    entry.label = label;
    entry.refs++;
    return entry.stream;
  }

  release(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry || --entry.refs > 0) return;
    for (const track of entry.stream.getTracks()) track.stop();
    this.#entries.delete(key);
    if (this.#entries.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  stopAll(): void {
    for (const key of [...this.#entries.keys()]) {
      const entry = this.#entries.get(key)!;
      entry.refs = 1;
      this.release(key);
    }
  }

  #tick(): void {
    this.#frame++;
    for (const entry of this.#entries.values()) this.#paint(entry);
  }

  #paint(entry: Entry): void {
    const ctx = entry.canvas.getContext('2d');
    if (!ctx) return;
    const { width, height } = entry.canvas;
    ctx.fillStyle = entry.screen ? '#f4f6f8' : `hsl(${entry.hue} 45% 38%)`;
    ctx.fillRect(0, 0, width, height);
    // A moving bar, so frames differ and a frozen stream is visible.
    ctx.fillStyle = entry.screen ? `hsl(${entry.hue} 60% 50%)` : 'rgba(255,255,255,0.18)';
    const x = (this.#frame * 6) % width;
    ctx.fillRect(x, 0, 12, height);
    ctx.fillStyle = entry.screen ? '#1b1d21' : '#ffffff';
    ctx.font = `${Math.round(height / 9)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.save();
    if (entry.selfView) ctx.setTransform(-1, 0, 0, 1, width, 0);
    ctx.fillText(entry.label, width / 2, height / 2);
    ctx.restore();
  }
}

/** What a stream's synthetic picture shows: the participant's name (or the camera's, for the preview); null for an unknown stream. */
export function streamLabel(s: CallSnapshot, stream: StreamRef): string | null {
  if (stream.id === PREVIEW_STREAM.id) {
    const camera = s.devices.cameras.find((c) => c.id === s.devices.selected.camera);
    return camera?.label || s.self.displayName;
  }
  if (stream.local) return stream.kind === 'screen' ? `${s.self.displayName} — screen` : s.self.displayName;
  for (const call of s.calls) {
    const p = call.participants.find((x) => x.id === stream.participantId);
    if (p && p.video.some((v) => v.id === stream.id)) return stream.kind === 'screen' ? `${p.displayName} — screen` : p.displayName;
  }
  return null;
}
