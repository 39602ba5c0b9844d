import { css } from 'lit';

export const styles = css`
  :host {
    /* Declared here, not only read with a fallback: a page sets them on the element, and nothing it sets
       on an ancestor under another name reaches inside. */
    --video-grid-aspect-ratio: 16 / 9;
    --video-grid-narrow-aspect-ratio: 3 / 4;
    --video-grid-gap: var(--_space);
    --video-grid-strip-tile-width: 140px;
    --video-grid-strip-height: 22%;
    /* The layout lives in .frame, so a page may give the host any display (block, grid item, …). */
    display: block;
    /* width: a definite height would otherwise let the aspect ratio widen the box past its container */
    width: 100%;
    /* Without a page-set height the grid keeps its aspect ratio; min-height 0 stops content from growing it. */
    aspect-ratio: var(--video-grid-aspect-ratio);
    min-height: 0;
    overflow: hidden;
  }
  /* Narrow (set from the grid's own width): taller than wide, so a phone gets rows of usable tiles. */
  :host(:state(narrow)) {
    aspect-ratio: var(--video-grid-narrow-aspect-ratio);
  }
  .frame {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    height: 100%;
  }
  .tiles {
    flex: 1;
    min-height: 0;
    display: grid;
    gap: var(--video-grid-gap);
    grid: repeat(var(--_rows, 1), minmax(0, 1fr)) / repeat(var(--_cols, 1), minmax(0, 1fr));
  }
  .tiles[hidden] {
    display: none;
  }
  .speaker {
    grid: minmax(50%, 1fr) / repeat(auto-fill, minmax(min(100%, var(--video-grid-strip-tile-width)), 1fr));
    grid-auto-rows: var(--video-grid-strip-height);
    overflow-y: auto;
  }
  .stage {
    grid-column: 1 / -1;
  }
  [part~='empty'] {
    flex: 1;
    display: grid;
    place-items: center;
    color: var(--_muted-fg);
  }
  /* strict: a change inside a tile (a badge, a name) lays out that tile only, never the grid of 50. */
  [part~='tile'] {
    contain: strict;
    position: relative;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_tile-bg);
    color: var(--_on-tile);
  }
  /* Outlines paint above the video. */
  [part~='tile'][part~='speaking'] {
    outline: 3px solid var(--_speaking);
    outline-offset: -3px;
  }
  .placeholder,
  .media,
  .overlay {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
  }
  /* Only slotted content takes pointer events; the rest of the tile stays the tile's. */
  .overlay {
    pointer-events: none;
  }
  ::slotted(*) {
    pointer-events: auto;
  }
  .placeholder span {
    display: grid;
    place-items: center;
    width: 2.6em;
    height: 2.6em;
    border-radius: 50%;
    background: rgb(255 255 255 / 0.14);
    font: 600 1.3em / 1 var(--_font);
  }
  .name,
  [part~='pin'] {
    position: absolute;
    margin: 4px;
    background: rgb(0 0 0 / 0.7);
    color: var(--_on-tile);
    border: 0;
  }
  /* One line along the bottom: it never covers more than a strip of the tile. */
  .name {
    bottom: 0;
    left: 0;
    display: flex;
    align-items: center;
    gap: 4px;
    max-width: calc(100% - 8px);
    padding: 2px 6px;
    border-radius: 4px;
    white-space: nowrap;
  }
  .label {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  [part~='badge'] {
    display: inline-flex;
    flex: none;
  }
  /* Light colours: the label is dark in both schemes. */
  .muted {
    color: #ffb4ab;
  }
  .held {
    color: #ffd58a;
  }
  /* Always there, shown by the tile's speaking part: a speaking change repaints, it lays nothing out. */
  .speaking {
    position: absolute;
    top: 4px;
    left: 4px;
    padding: 4px;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.7);
    color: #8fe3a5;
    visibility: hidden;
  }
  [part~='tile'][part~='speaking'] > .speaking {
    visibility: visible;
  }
  svg {
    width: 16px;
    height: 16px;
    flex: none;
  }
  /* 32 px: above the 24 px minimum target, and a small corner of a 140 × 100 tile. */
  [part~='pin'] {
    --_control-size: 32px;
    top: 0;
    right: 0;
    padding: 0;
    display: grid;
    place-items: center;
    border-radius: var(--_radius);
  }
  [part~='pin'][aria-pressed='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  [part='pager'] {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space);
  }
`;
