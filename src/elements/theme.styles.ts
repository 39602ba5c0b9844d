import { css } from 'lit';

/**
 * Global design tokens (`--call-*`), with light and dark defaults (`light-dark()`). The elements set no
 * `color-scheme` of their own: they inherit it, so `color-scheme` on the page, on `<call-session>` or on any
 * ancestor decides light or dark. Only where nothing above says anything (`normal`) does an element follow
 * the system (`followSystemScheme` in call-element.ts). Pages override any token on `:root`, on
 * `<call-session>`, or on one element.
 *
 * Each token line below is `--_private: var(--call-public, default);` under a comment that describes it:
 * custom-elements-manifest.config.mjs reads these lines into every element's `cssProperties`.
 */
export const tokens = css`
  :host {
    /* Background of every element's own surface. */
    --_bg: var(--call-color-surface, light-dark(#fff, #15171b));
    /* Text and icons on the surface. */
    --_fg: var(--call-color-on-surface, light-dark(#1b1d21, #e6e8eb));
    /* Secondary text (hints, durations) on the surface; 4.5:1 on surface and raised surface. */
    --_muted-fg: var(--call-color-on-surface-muted, light-dark(#545a66, #b0b6c0));
    /* Buttons, keys and rows that stand out from the surface. */
    --_raised: var(--call-color-surface-raised, light-dark(#eef1f5, #262a31));
    /* Borders of buttons, inputs and cards; 3:1 on the surface. */
    --_border: var(--call-color-border, light-dark(#767c87, #8a909a));
    /* Pressed toggles, links and the main action. */
    --_primary: var(--call-color-primary, light-dark(#0b57d0, #a8c7fa));
    /* Text and icons on the primary colour. */
    --_on-primary: var(--call-color-on-primary, light-dark(#fff, #062e6f));
    /* Hang up, decline, errors, and states that cut someone off (muted, camera off). */
    --_danger: var(--call-color-danger, light-dark(#b3261e, #f2b8b5));
    /* Text and icons on the danger colour. */
    --_on-danger: var(--call-color-on-danger, light-dark(#fff, #601410));
    /* Accept, call, connected. */
    --_success: var(--call-color-success, light-dark(#146c2e, #6dd58c));
    /* Text and icons on the success colour. */
    --_on-success: var(--call-color-on-success, light-dark(#fff, #00391c));
    /* Held, reconnecting, recording and other states to notice. */
    --_warning: var(--call-color-warning, light-dark(#8a5300, #ffb95c));
    /* Text and icons on the warning colour. */
    --_on-warning: var(--call-color-on-warning, light-dark(#fff, #452b00));
    /* The ring around the tile of whoever is speaking; 3:1 on the tile. */
    --_speaking: var(--call-color-speaking, light-dark(#34a853, #6dd58c));
    /* The keyboard focus ring. */
    --_focus: var(--call-color-focus, light-dark(#0b57d0, #a8c7fa));
    /* Video tile background (dark in both schemes, as video is). */
    --_tile-bg: var(--call-color-tile, light-dark(#2b2f36, #23262c));
    /* Text on video tiles and on their labels. */
    --_on-tile: var(--call-color-on-tile, #fff);
    /* Corner radius of buttons, tiles and cards. */
    --_radius: var(--call-radius, 8px);
    /* The spacing unit; gaps and padding are multiples of it. */
    --_space: var(--call-space, 8px);
    /* Font family. */
    --_font: var(--call-font-family, system-ui, sans-serif);
    /* Base font size. */
    --_font-size: var(--call-font-size, 14px);
    /* Minimum height and width of buttons and inputs. */
    --_control-size: var(--call-control-size, 40px);
    font-family: var(--_font);
    font-size: var(--_font-size);
    /* Every element paints its own surface, so it reads on any page background. */
    background: var(--_bg);
    color: var(--_fg);
    box-sizing: border-box;
  }
  /* Nothing above chose a scheme (set by followSystemScheme in call-element.ts): follow the system. */
  :host(:state(follow-system-scheme)) {
    color-scheme: light dark;
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
