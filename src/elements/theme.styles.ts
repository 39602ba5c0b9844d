import { css } from 'lit';

/**
 * Global design tokens (`--call-*`), with light and dark defaults. Pages override any token on `:root`,
 * on `<call-session>`, or on one element.
 */
export const tokens = css`
  :host {
    --_bg: var(--call-color-surface, #ffffff);
    --_fg: var(--call-color-on-surface, #1b1d21);
    --_muted-fg: var(--call-color-on-surface-muted, #5b616e);
    --_raised: var(--call-color-surface-raised, #f1f3f6);
    --_border: var(--call-color-border, #c9ced6);
    --_primary: var(--call-color-primary, #0b57d0);
    --_on-primary: var(--call-color-on-primary, #ffffff);
    --_danger: var(--call-color-danger, #b3261e);
    --_on-danger: var(--call-color-on-danger, #ffffff);
    --_success: var(--call-color-success, #146c2e);
    --_on-success: var(--call-color-on-success, #ffffff);
    --_warning: var(--call-color-warning, #8a5300);
    --_speaking: var(--call-color-speaking, #1e8e3e);
    --_focus: var(--call-color-focus, #0b57d0);
    --_tile-bg: var(--call-color-tile, #2b2f36);
    --_on-tile: var(--call-color-on-tile, #ffffff);
    --_radius: var(--call-radius, 8px);
    --_space: var(--call-space, 8px);
    --_font: var(--call-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--call-font-size, 14px);
    --_control-size: var(--call-control-size, 40px);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--call-color-surface, #15171b);
      --_fg: var(--call-color-on-surface, #e6e8eb);
      --_muted-fg: var(--call-color-on-surface-muted, #a9afb9);
      --_raised: var(--call-color-surface-raised, #23262c);
      --_border: var(--call-color-border, #444a54);
      --_primary: var(--call-color-primary, #a8c7fa);
      --_on-primary: var(--call-color-on-primary, #062e6f);
      --_danger: var(--call-color-danger, #f2b8b5);
      --_on-danger: var(--call-color-on-danger, #601410);
      --_success: var(--call-color-success, #6dd58c);
      --_on-success: var(--call-color-on-success, #00391c);
      --_warning: var(--call-color-warning, #ffb95c);
      --_speaking: var(--call-color-speaking, #6dd58c);
      --_focus: var(--call-color-focus, #a8c7fa);
    }
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
  button:disabled {
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
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
`;
