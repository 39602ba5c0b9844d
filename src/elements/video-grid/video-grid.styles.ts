import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    /* A definite height would otherwise make the aspect ratio widen the box past its container. */
    width: 100%;
    /* Without a page-set height the grid keeps a 16:9 box; min-height 0 stops content from growing it. */
    aspect-ratio: var(--video-grid-aspect-ratio, 16 / 9);
    min-height: 0;
    overflow: hidden;
  }
  .tiles {
    flex: 1;
    min-height: 0;
    display: grid;
    gap: var(--video-grid-gap, var(--_space));
    grid-template-columns: repeat(var(--cols, 1), minmax(0, 1fr));
    grid-template-rows: repeat(var(--rows, 1), minmax(0, 1fr));
  }
  .speaker {
    grid-template-columns: repeat(auto-fill, minmax(var(--video-grid-strip-tile-width, 120px), 1fr));
    grid-template-rows: minmax(50%, 1fr);
    grid-auto-rows: var(--video-grid-strip-height, 22%);
    overflow-y: auto;
  }
  .stage {
    grid-column: 1 / -1;
  }
  [part~='tile'] {
    position: relative;
    overflow: hidden;
    min-width: 0;
    min-height: 0;
    border-radius: var(--_radius);
    background: var(--_tile-bg);
    color: var(--_on-tile);
  }
  [part~='tile']::after {
    content: '';
    position: absolute;
    inset: 0;
    border-radius: inherit;
    pointer-events: none;
  }
  [part~='speaking']::after {
    box-shadow: inset 0 0 0 3px var(--_speaking);
  }
  .placeholder,
  .media {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
  }
  .placeholder span {
    display: grid;
    place-items: center;
    width: min(96px, 45%);
    aspect-ratio: 1;
    border-radius: 50%;
    background: var(--_raised);
    color: var(--_fg);
    font-size: 1.3em;
    font-weight: 600;
  }
  .name {
    position: absolute;
    left: 4px;
    bottom: 4px;
    max-width: calc(100% - 8px);
    padding: 2px 6px;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='pin'] {
    position: absolute;
    top: 4px;
    right: 4px;
    min-width: 32px;
    min-height: 32px;
    padding: 0;
    border: 0;
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    display: grid;
    place-items: center;
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
