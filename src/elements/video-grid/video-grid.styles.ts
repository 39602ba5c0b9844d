import { css } from 'lit';

export const styles = css`
  :host {
    /* The layout lives in .frame, so a page may give the host any display (block, grid item, …). */
    display: block;
    /* width: a definite height would otherwise let the aspect ratio widen the box past its container */
    width: 100%;
    /* Without a page-set height the grid keeps a 16:9 box; min-height 0 stops content from growing it. */
    aspect-ratio: var(--video-grid-aspect-ratio, 16 / 9);
    min-height: 0;
    overflow: hidden;
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
    gap: var(--video-grid-gap, var(--_space));
    grid: repeat(var(--rows), minmax(0, 1fr)) / repeat(var(--cols), minmax(0, 1fr));
  }
  .speaker {
    grid: minmax(50%, 1fr) / repeat(auto-fill, minmax(var(--video-grid-strip-tile-width, 120px), 1fr));
    grid-auto-rows: var(--video-grid-strip-height, 22%);
    overflow-y: auto;
  }
  .stage {
    grid-column: 1 / -1;
  }
  [part~='tile'] {
    position: relative;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_tile-bg);
  }
  /* Outlines paint above the video. */
  [part~='speaking'] {
    outline: 3px solid var(--_speaking);
    outline-offset: -3px;
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
    width: 2.6em;
    height: 2.6em;
    border-radius: 50%;
    background: var(--_raised);
    font: 600 1.3em / 1 var(--_font);
  }
  .name,
  [part~='pin'] {
    position: absolute;
    margin: 4px;
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    border: 0;
  }
  .name {
    bottom: 0;
    max-width: calc(100% - 8px);
    padding: 2px 6px;
    border-radius: 4px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='pin'] {
    top: 0;
    right: 0;
    min-width: 32px;
    min-height: 32px;
    padding: 0;
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
