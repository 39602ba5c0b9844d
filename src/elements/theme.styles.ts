import { css } from 'lit';

/**
 * Global design tokens (`--call-*`), with light and dark defaults (`light-dark()`, following the
 * system's `prefers-color-scheme`). Pages override any token on `:root`, on `<call-session>`, or on one
 * element, and force a scheme with `color-scheme: light` (or `dark`) on the elements.
 */
export const tokens = css`
  :host {
    /* Light and dark defaults follow the system; a page forces one with color-scheme on the element. */
    color-scheme: light dark;
    --_bg: var(--call-color-surface, light-dark(#fff, #15171b));
    --_fg: var(--call-color-on-surface, light-dark(#1b1d21, #e6e8eb));
    --_muted-fg: var(--call-color-on-surface-muted, light-dark(#5b616e, #a9afb9));
    --_raised: var(--call-color-surface-raised, light-dark(#f1f3f6, #23262c));
    --_border: var(--call-color-border, light-dark(#c9ced6, #444a54));
    --_primary: var(--call-color-primary, light-dark(#0b57d0, #a8c7fa));
    --_on-primary: var(--call-color-on-primary, light-dark(#fff, #062e6f));
    --_danger: var(--call-color-danger, light-dark(#b3261e, #f2b8b5));
    --_on-danger: var(--call-color-on-danger, light-dark(#fff, #601410));
    --_success: var(--call-color-success, light-dark(#146c2e, #6dd58c));
    --_on-success: var(--call-color-on-success, light-dark(#fff, #00391c));
    --_warning: var(--call-color-warning, light-dark(#8a5300, #ffb95c));
    --_speaking: var(--call-color-speaking, light-dark(#1e8e3e, #6dd58c));
    --_focus: var(--call-color-focus, light-dark(#0b57d0, #a8c7fa));
    --_tile-bg: var(--call-color-tile, #2b2f36);
    --_on-tile: var(--call-color-on-tile, #fff);
    --_radius: var(--call-radius, 8px);
    --_space: var(--call-space, 8px);
    --_font: var(--call-font-family, system-ui, sans-serif);
    --_font-size: var(--call-font-size, 14px);
    --_control-size: var(--call-control-size, 40px);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    min-height: var(--_control-size);
    min-width: var(--_control-size);
    padding: 0 calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_raised);
    color: var(--_fg);
    cursor: pointer;
  }
  button:disabled,
  [aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button[aria-pressed='true'] {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  input,
  select {
    font: inherit;
    min-height: var(--_control-size);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    padding: 0 var(--_space);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
