import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CallController } from '../../core/controller.js';
import type { ScalingMode } from '../../core/view.js';
import { findCall, type Call, type CallSnapshot, type StreamRef } from '../../core/state.js';
import { CallElement } from '../call-element.js';
import { MediaViews, type WantedView } from '../media-views.js';
import { icon } from '../icons.js';
import { tokens } from '../theme.styles.js';
import { styles } from './video-grid.styles.js';

/** The smallest tile the grid lays out before it pages the rest: the name, badges and pin still fit. */
const MIN_TILE = { w: 140, h: 100 };
/** Below this width the grid is taller than wide (`:state(narrow)`), so a phone shows tiles, not slivers. */
const NARROW = 600;

/**
 * @internal For the bench and tests, not API: how many tile templates a grid has rendered (a tile renders
 * only when what it shows changed). A symbol, so it is no member anyone sees or completes.
 */
export const tileRenders: unique symbol = Symbol('video-grid tile renders');

interface Tile {
  /** The stream id, or `person:<participant id>` for someone without any video stream. */
  readonly id: string;
  readonly participantId: string;
  readonly name: string;
  readonly speaking: boolean;
  readonly muted: boolean;
  readonly held: boolean;
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
 * released so the platform can stop sending it. Columns follow the grid's own size: no tile narrower than
 * 140 px or lower than 100 px; what does not fit goes on further pages.
 *
 * Per-tile overlay content: put an element in the grid with `slot="tile-<tile id>"` (a stream id such as
 * `p1-camera`, or `person:<participant id>`); it shows over that tile, above the video and below the pin.
 * Light-DOM children rather than a render callback: the page keeps rendering and styling them with its own
 * framework and CSS, they cross the shadow boundary by slotting, and the grid's tile templates stay cached.
 *
 * @slot empty - Shown instead of the tiles while there is no call or no one to show; a default text otherwise.
 * @slot tile-<id> - Overlay content for one tile (`tile-p1-camera`, `tile-person:p2`, `tile-self-camera`).
 * @fires call-pin-change - The user pinned or unpinned a tile. `detail: { tileId }`.
 * @csspart tiles - The container of the tiles.
 * @csspart tile - One tile; also `speaking`, `muted`, `held`, `local`, `screen`, `stage`, `pinned`, `no-video` as it applies.
 * @csspart media - The box the video is rendered into.
 * @csspart placeholder - The initials shown under the video and instead of it.
 * @csspart name - The name label, with the state badges.
 * @csspart badge - A state badge on a tile; also `muted-badge`, `held-badge` or `speaking-badge` (always
 *   there, visible while the tile is `speaking`: a speaking change repaints, it lays nothing out).
 * @csspart overlay - The box a tile's slotted overlay content goes in.
 * @csspart pin - The pin toggle of a tile.
 * @csspart empty - The empty state (around the `empty` slot).
 * @csspart pager - Paging controls (shown when `max-tiles` splits the tiles into pages).
 * @csspart previous - The "Previous page" button.
 * @csspart next - The "Next page" button.
 * @csspart page - The "Page n of m" text.
 * @cssproperty [--video-grid-aspect-ratio=16 / 9] - The grid's aspect ratio when the page sets no height.
 * @cssproperty [--video-grid-narrow-aspect-ratio=3 / 4] - The same while the grid is narrower than 600 px.
 * @cssproperty [--video-grid-gap=var(--call-space)] - Space between tiles.
 * @cssproperty [--video-grid-strip-tile-width=140px] - Minimum width of a strip tile in the speaker layout.
 * @cssproperty [--video-grid-strip-height=22%] - Height of a strip row in the speaker layout.
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
  #views = new MediaViews(this);
  #viewsOf: CallController | undefined;
  #synced: readonly (StreamRef | null)[] = [];
  #tileRenders = 0;
  #gap = 0;
  #resize = new ResizeObserver((entries) => {
    for (const { target, contentRect } of entries) {
      if (target === this) {
        // Next frame: resizing the host from inside its own resize callback is a ResizeObserver loop.
        const narrow = contentRect.width < NARROW;
        if (narrow !== this.internals.states.has('narrow')) requestAnimationFrame(() => this.internals.states[narrow ? 'add' : 'delete']('narrow'));
        continue;
      }
      const { width: w, height: h } = contentRect;
      if (w === this.#size.w && h === this.#size.h) continue;
      this.#size = { w, h };
      this.#gap = parseFloat(getComputedStyle(target).columnGap) || 0;
      this.requestUpdate();
    }
  });

  /** @internal */
  get [tileRenders](): number {
    return this.#tileRenders;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated) return;
    this.#observe();
    this.requestUpdate(); // views were released on disconnect
  }

  #observe(): void {
    this.#resize.observe(this);
    this.#resize.observe(this.renderRoot.querySelector('.tiles')!);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    // The views went with the element (MediaViews.hostDisconnected): the next update syncs afresh.
    this.#synced = [];
    this.#viewsOf = undefined;
  }

  protected override snapshotChanged(next: CallSnapshot, prev: CallSnapshot): boolean {
    return this.#call(next) !== this.#call(prev) || next.self !== prev.self || next.platform !== prev.platform;
  }

  #call(s: CallSnapshot): Call | null {
    return findCall(s, this.callId ?? s.activeCallId);
  }

  #tiles(s: CallSnapshot, call: Call): Tile[] {
    const tiles: Tile[] = [];
    type Who = Pick<Tile, 'participantId' | 'name' | 'speaking' | 'muted' | 'held'>;
    const add = (who: Who, streams: readonly StreamRef[]) => {
      for (const stream of streams) {
        const camera = stream.kind === 'camera';
        const name = camera ? who.name : this.localize.t('grid.screen', { name: who.name });
        // A screen share's tile shows the screen, not the person's state.
        tiles.push({ ...who, id: stream.id, name, speaking: who.speaking && camera, muted: who.muted && camera, held: who.held && camera, stream });
      }
      if (!streams.some((v) => v.kind === 'camera')) tiles.push({ ...who, id: `person:${who.participantId}`, stream: null });
    };
    for (const p of call.participants) {
      if (p.state === 'disconnected') continue;
      add({ participantId: p.id, name: p.displayName || p.address, speaking: p.speaking, muted: p.muted, held: p.held }, p.video);
    }
    const you = this.localize.t('participants.you', { name: s.self.displayName });
    add({ participantId: s.self.id || 'self', name: you, speaking: false, muted: call.local.muted, held: call.local.held }, call.local.streams);
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
    // The speaker layout's strip scrolls; the grid pages whatever its size cannot show at MIN_TILE.
    const limits = this.#limits();
    const fits = stage ? Infinity : limits.cols * limits.rows;
    const per = Math.min(this.maxTiles > 0 ? Math.floor(this.maxTiles) : rest.length || 1, fits);
    this.#pages = Math.max(1, Math.ceil(rest.length / per));
    this.page = Math.max(0, Math.min(this.page, this.#pages - 1));
    const shown = rest.slice(this.page * per, this.page * per + per);
    this.#stage = stage;
    this.#visible = stage ? [stage, ...shown] : shown;
    if (!stage) this.#fitGrid(shown.length);
  }

  /** The most columns and rows of tiles no smaller than MIN_TILE that the grid's size holds (unbounded before it is measured). */
  #limits(): { cols: number; rows: number } {
    const { w, h } = this.#size;
    if (!(w > 0 && h > 0)) return { cols: Infinity, rows: Infinity };
    const g = this.#gap;
    return { cols: Math.max(1, Math.floor((w + g) / (MIN_TILE.w + g))), rows: Math.max(1, Math.floor((h + g) / (MIN_TILE.h + g))) };
  }

  /**
   * Columns × rows for n tiles: the most of the container used, by tiles closest to 4:3 (a cropped camera
   * keeps faces whole; a very wide strip or tall sliver does not), none smaller than MIN_TILE.
   */
  #fitGrid(n: number): void {
    const { w, h } = this.#size;
    const limits = this.#limits();
    let cols = Math.min(limits.cols, Math.max(1, Math.ceil(Math.sqrt(n))));
    if (w > 0 && h > 0) {
      let best = -1;
      for (let c = 1; c <= Math.min(n, limits.cols); c++) {
        const r = Math.ceil(n / c);
        if (r > limits.rows) continue;
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
    const empty = !this.#visible.length;
    return html`<div class="frame">${empty ? html`<div part="empty" class="empty"><slot name="empty">${t('grid.empty')}</slot></div>` : nothing}<div
        part="tiles"
        class="tiles ${stage ? 'speaker' : ''}"
        ?hidden=${empty}
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
            // The badges' names, read after the name (the badges themselves are icons). Speaking changes too
            // often to be part of a name; the participant list says it.
            const states = [tile.muted && t('participants.muted'), tile.held && t('participants.held'), none]
              .filter(Boolean)
              .join(', ');
            // generation: a page replaced icons or strings.
            return guard([tile.name, tile.speaking, tile.muted, tile.held, tile.stream, pinned, tile === stage, pin, states, this.localize.generation], () => {
              this.#tileRenders++;
              const stream = tile.stream;
              const parts = [
                'tile',
                tile.speaking && 'speaking',
                tile.muted && 'muted',
                tile.held && 'held',
                stream?.local && 'local',
                stream?.kind === 'screen' && 'screen',
                tile === stage && 'stage',
                pinned && 'pinned',
                none && 'no-video',
              ].filter(Boolean);
              return html`<div part=${parts.join(' ')} class=${tile === stage ? 'stage' : ''} role="listitem" data-tile=${tile.id}>
                <div part="placeholder" class="placeholder" aria-hidden="true"><span>${initials(tile.name)}</span></div>
                <div part="media" class="media" data-media=${tile.id}></div>
                <span part="badge speaking-badge" class="speaking" aria-hidden="true">${icon('speaking')}</span>
                <div part="overlay" class="overlay"><slot name=${`tile-${tile.id}`}></slot></div>
                <span part="name" class="name"
                  >${tile.muted ? html`<span part="badge muted-badge" class="muted">${icon('muted')}</span>` : nothing}${tile.held
                    ? html`<span part="badge held-badge" class="held">${icon('held')}</span>`
                    : nothing}<span class="label"
                    >${tile.name}</span
                  >${states ? html`<span class="visually-hidden">, ${states}</span>` : nothing}</span
                >
                <button part="pin" aria-pressed=${pinned ? 'true' : 'false'} aria-label=${pin} data-pin=${tile.id}>${icon('pin')}</button>
              </div>`;
            });
          },
        )}
      </div>
      ${this.#pages > 1
        ? html`<div part="pager">
            <button part="previous" aria-label=${t('grid.previous')} ?disabled=${this.page === 0} @click=${() => this.page--}>${icon('previous')}</button>
            <span part="page" aria-live="polite">${t('grid.page', { page: this.page + 1, pages: this.#pages })}</span>
            <button part="next" aria-label=${t('grid.next')} ?disabled=${this.page >= this.#pages - 1} @click=${() => this.page++}>${icon('next')}</button>
          </div>`
        : nothing}</div>`;
  }

  #onClick(event: Event): void {
    const id = (event.target as Element).closest<HTMLElement>('[data-pin]')?.dataset.pin;
    if (id === undefined) return;
    const next = this.pinned === id ? null : id;
    // Cancelable: a page that calls preventDefault() keeps the pin as it was.
    if (this.emit('call-pin-change', { tileId: next })) this.pinned = next;
  }

  protected override firstUpdated(): void {
    this.#observe();
  }

  protected override updated(changed: PropertyValues): void {
    // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy.
    const box = this.renderRoot.querySelector<HTMLElement>('.tiles')!.style;
    box.setProperty('--_cols', String(this.#cols));
    box.setProperty('--_rows', String(this.#rows));
    this.#syncViews(changed.has('scaling') || changed.has('noMirror'));
  }

  /** One MediaView per visible, available stream: created once, updated in place, disposed when it goes. */
  #syncViews(optionsChanged: boolean): void {
    const controller = this.isConnected ? this.callController : undefined;
    const streams = this.#visible.map((tile) => tile.stream);
    const same = streams.length === this.#synced.length && streams.every((s, i) => s === this.#synced[i]);
    if (!optionsChanged && same && controller === this.#viewsOf) return;
    this.#synced = streams;
    this.#viewsOf = controller;
    const wanted = streams.flatMap((stream): WantedView[] =>
      stream?.available
        ? [{
            key: stream.id,
            stream,
            options: {
              scalingMode: stream.kind === 'screen' ? 'fit' : this.scaling === 'fit' ? 'fit' : 'crop',
              mirrored: stream.local && stream.kind === 'camera' && !this.noMirror,
            },
          }]
        : [],
    );
    this.#views.sync(controller, wanted, optionsChanged);
    for (const box of this.renderRoot.querySelectorAll<HTMLElement>('[data-media]')) this.#views.place(box.dataset.media!, box);
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
