import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CallController } from '../../core/controller.js';
import type { MediaView, ScalingMode } from '../../core/view.js';
import { findCall, type Call, type CallSnapshot, type StreamRef } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { tokens } from '../theme.styles.js';
import { styles } from './video-grid.styles.js';

interface Tile {
  /** The stream id, or `person:<participant id>` for someone without any video stream. */
  readonly id: string;
  readonly participantId: string;
  readonly name: string;
  readonly speaking: boolean;
  readonly stream: StreamRef | null;
}

export interface CallPinChangeDetail {
  /** The pinned tile (a stream id, or `person:<participant id>`), or null when unpinned. */
  readonly tileId: string | null;
}

const initials = (name: string): string => {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (w: string | undefined) => (w ? [...w][0]! : '');
  return (first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '')).toUpperCase() || '?';
};

/**
 * A tile per video stream of a call: remote cameras and screens, and the local camera and screen
 * (mirrored). People without video get an initials tile. Layouts `grid` and `speaker`; a pinned tile or a
 * screen share takes the stage. Only tiles on the current page hold a MediaView: everything else is
 * released so the platform can stop sending it.
 *
 * @fires call-pin-change - The user pinned or unpinned a tile. `detail: { tileId }`.
 * @csspart tiles - The container of the tiles.
 * @csspart tile - One tile; also `speaking`, `local`, `screen`, `stage`, `pinned`, `no-video` as it applies.
 * @csspart media - The box the video is rendered into.
 * @csspart placeholder - The initials shown under the video and instead of it.
 * @csspart name - The name label.
 * @csspart pin - The pin toggle of a tile.
 * @csspart pager - Paging controls (shown when `max-tiles` splits the tiles into pages).
 * @csspart previous - The "Previous page" button.
 * @csspart next - The "Next page" button.
 * @csspart page - The "Page n of m" text.
 * @cssproperty --video-grid-aspect-ratio - The grid's aspect ratio when the page sets no height (16 / 9).
 * @cssproperty --video-grid-gap - Space between tiles.
 * @cssproperty --video-grid-strip-tile-width - Minimum width of a strip tile in the speaker layout (120px).
 * @cssproperty --video-grid-strip-height - Height of a strip row in the speaker layout (22%).
 */
export class VideoGrid extends CallElement {
  static override styles = [tokens, styles];

  /** `grid`: equal tiles; `speaker`: the pinned, sharing or dominant speaker large, the rest in a strip. */
  @property({ reflect: true }) layout: 'grid' | 'speaker' = 'grid';

  /** `crop` fills the tile; `fit` shows the whole picture. Screen shares are always fitted. */
  @property({ reflect: true }) scaling: ScalingMode = 'crop';

  /** Tiles per page besides the stage; 0 shows every tile. */
  @property({ type: Number, attribute: 'max-tiles' }) maxTiles = 0;

  /** Show the local camera as the camera sees it, not mirrored. */
  @property({ type: Boolean, attribute: 'no-mirror' }) noMirror = false;

  /** The call to show; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | null = null;

  /** The pinned tile id; it takes the stage. */
  @property() pinned: string | null = null;

  @state() private page = 0;

  #visible: Tile[] = [];
  #stage: Tile | undefined;
  #pages = 1;
  #cols = 1;
  #rows = 1;
  #size = { w: 0, h: 0 };
  #views = new Map<string, MediaView>();
  #viewsOf: CallController | undefined;
  #synced: readonly (StreamRef | null)[] = [];
  #tileRenders = 0;
  #resize = new ResizeObserver(([entry]) => {
    const { width: w, height: h } = entry!.contentRect;
    if (w === this.#size.w && h === this.#size.h) return;
    this.#size = { w, h };
    this.requestUpdate();
  });

  /** How many tile templates have been rendered (a tile renders only when what it shows changed). */
  get tileRenderCount(): number {
    return this.#tileRenders;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated) return;
    this.#resize.observe(this.renderRoot.querySelector('.tiles')!);
    this.requestUpdate(); // views were released on disconnect
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.#release();
  }

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return this.#call(next) !== this.#call(prev) || next.self !== prev.self || next.platform !== prev.platform;
  }

  #call(s: CallSnapshot): Call | null {
    return findCall(s, this.callId ?? s.activeCallId);
  }

  #tiles(s: CallSnapshot, call: Call): Tile[] {
    const tiles: Tile[] = [];
    const add = (participantId: string, name: string, speaking: boolean, streams: readonly StreamRef[]) => {
      for (const stream of streams) {
        const label = stream.kind === 'screen' ? this.localize.t('grid.screen', { name }) : name;
        tiles.push({ id: stream.id, participantId, name: label, speaking: speaking && stream.kind === 'camera', stream });
      }
      if (!streams.some((v) => v.kind === 'camera')) tiles.push({ id: `person:${participantId}`, participantId, name, speaking, stream: null });
    };
    for (const p of call.participants) if (p.state !== 'disconnected') add(p.id, p.displayName || p.address, p.speaking, p.video);
    add(s.self.id || 'self', this.localize.t('participants.you', { name: s.self.displayName }), false, call.local.streams);
    return tiles;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const s = this.snapshot;
    const call = this.#call(s);
    const tiles = call && s.platform.mode === 'media' ? this.#tiles(s, call) : [];
    const stage =
      tiles.find((t) => t.id === this.pinned) ??
      tiles.find((t) => t.stream?.kind === 'screen' && t.stream.available) ??
      (this.layout === 'speaker'
        ? (tiles.find((t) => t.participantId === call?.dominantSpeakerId && t.stream?.kind !== 'screen') ?? tiles[0])
        : undefined);
    const rest = stage ? tiles.filter((t) => t !== stage) : tiles;
    const per = this.maxTiles > 0 ? Math.floor(this.maxTiles) : rest.length || 1;
    this.#pages = Math.max(1, Math.ceil(rest.length / per));
    this.page = Math.max(0, Math.min(this.page, this.#pages - 1));
    const shown = rest.slice(this.page * per, this.page * per + per);
    this.#stage = stage;
    this.#visible = stage ? [stage, ...shown] : shown;
    if (!stage) this.#fitGrid(shown.length);
  }

  /**
   * Columns × rows for n tiles: the most of the container used, by tiles closest to 4:3 (a cropped camera
   * keeps faces whole; a very wide strip or tall sliver does not).
   */
  #fitGrid(n: number): void {
    const { w, h } = this.#size;
    let cols = Math.max(1, Math.ceil(Math.sqrt(n)));
    if (w > 0 && h > 0) {
      let best = -1;
      for (let c = 1; c <= n; c++) {
        const r = Math.ceil(n / c);
        const shape = (w / c / (h / r)) * 0.75;
        const score = (n / (c * r)) * Math.min(shape, 1 / shape);
        if (score > best + 1e-3) [best, cols] = [score, c];
      }
    }
    this.#cols = cols;
    this.#rows = Math.max(1, Math.ceil(n / cols));
  }

  protected override render() {
    const t = this.localize.t.bind(this.localize);
    const stage = this.#stage;
    return html`<div class="frame"><div
        part="tiles"
        class="tiles ${stage ? 'speaker' : ''}"
        role="list"
        aria-label=${t('grid.label')}
        @click=${this.#onClick}
      >
        ${repeat(
          this.#visible,
          (tile) => tile.id,
          (tile) => {
            const pinned = tile.id === this.pinned;
            const pin = t('grid.pin', { name: tile.name });
            const none = tile.stream?.available ? '' : t('grid.no-video');
            return guard([tile.name, tile.speaking, tile.stream, pinned, tile === stage, pin, none], () => {
              this.#tileRenders++;
              const stream = tile.stream;
              const parts = [
                'tile',
                tile.speaking && 'speaking',
                stream?.local && 'local',
                stream?.kind === 'screen' && 'screen',
                tile === stage && 'stage',
                pinned && 'pinned',
                none && 'no-video',
              ].filter(Boolean);
              return html`<div part=${parts.join(' ')} class=${tile === stage ? 'stage' : ''} role="listitem" data-tile=${tile.id}>
                <div part="placeholder" class="placeholder" aria-hidden="true"><span>${initials(tile.name)}</span></div>
                <div part="media" class="media" data-media=${tile.id}></div>
                <span part="name" class="name">${tile.name}${none ? html`<span class="visually-hidden">, ${none}</span>` : nothing}</span>
                <button part="pin" aria-pressed=${pinned ? 'true' : 'false'} aria-label=${pin} data-pin=${tile.id}>
                  <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
                    <path d="M16 3v2l-1 1v5l3 3v2h-5v5l-1 1-1-1v-5H6v-2l3-3V6L8 5V3z" />
                  </svg>
                </button>
              </div>`;
            });
          },
        )}
      </div>
      ${this.#pages > 1
        ? html`<div part="pager">
            <button part="previous" aria-label=${t('grid.previous')} ?disabled=${this.page === 0} @click=${() => this.page--}>‹</button>
            <span part="page" aria-live="polite">${t('grid.page', { page: this.page + 1, pages: this.#pages })}</span>
            <button part="next" aria-label=${t('grid.next')} ?disabled=${this.page >= this.#pages - 1} @click=${() => this.page++}>›</button>
          </div>`
        : nothing}</div>`;
  }

  #onClick(event: Event): void {
    const id = (event.target as Element).closest<HTMLElement>('[data-pin]')?.dataset.pin;
    if (id === undefined) return;
    this.pinned = this.pinned === id ? null : id;
    this.emit<CallPinChangeDetail>('call-pin-change', { tileId: this.pinned });
  }

  protected override firstUpdated(): void {
    this.#resize.observe(this.renderRoot.querySelector('.tiles')!);
  }

  protected override updated(changed: PropertyValues): void {
    // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy.
    const box = this.renderRoot.querySelector<HTMLElement>('.tiles')!.style;
    box.setProperty('--cols', String(this.#cols));
    box.setProperty('--rows', String(this.#rows));
    this.#syncViews(changed.has('scaling') || changed.has('noMirror'));
  }

  /** One MediaView per visible, available stream: created once, updated in place, disposed when it goes. */
  #syncViews(optionsChanged: boolean): void {
    const controller = this.isConnected ? this.callController : undefined;
    if (controller !== this.#viewsOf) {
      this.#release();
      this.#viewsOf = controller;
    }
    const streams = this.#visible.map((tile) => tile.stream);
    if (!optionsChanged && streams.length === this.#synced.length && streams.every((s, i) => s === this.#synced[i])) return;
    this.#synced = streams;
    const wanted = new Map<string, StreamRef>();
    if (controller) for (const s of streams) if (s?.available) wanted.set(s.id, s);
    for (const [id, view] of this.#views) {
      if (!wanted.has(id)) {
        view.dispose();
        this.#views.delete(id);
      }
    }
    if (!controller) return;
    const boxes = new Map<string, HTMLElement>();
    for (const box of this.renderRoot.querySelectorAll<HTMLElement>('[data-media]')) boxes.set(box.dataset.media!, box);
    for (const [id, stream] of wanted) {
      const options = {
        scalingMode: stream.kind === 'screen' ? 'fit' : this.scaling === 'fit' ? 'fit' : 'crop',
        mirrored: stream.local && stream.kind === 'camera' && !this.noMirror,
      } as const;
      let view = this.#views.get(id);
      if (!view) {
        try {
          view = controller.createView(stream, options);
        } catch {
          continue; // reported by the controller; the initials stay
        }
        this.#views.set(id, view);
      } else if (optionsChanged) {
        view.update(options);
      }
      const box = boxes.get(id);
      if (box && view.element.parentNode !== box) box.append(view.element);
    }
  }

  #release(): void {
    for (const view of this.#views.values()) view.dispose();
    this.#views.clear();
    this.#synced = [];
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-grid': VideoGrid;
  }
  interface HTMLElementEventMap {
    'call-pin-change': CustomEvent<CallPinChangeDetail>;
  }
}
