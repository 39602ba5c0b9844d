import { css } from 'lit';
import { iconStyles } from '../icons.js';

export const styles = [
  iconStyles,
  css`
    :host {
      display: block;
      /* The element's own variables, declared here so that no page variable but these can reach in. */
      --_gap: var(--call-controls-gap, var(--_space));
      --_button-size: var(--call-controls-button-size, 48px);
      --_warning-bg: var(--call-controls-warning-background, light-dark(#fce8e6, #4a1512));
      --_warning-fg: var(--call-controls-warning-color, var(--_danger));
      /* Icon-only buttons when the element itself is narrow, whatever the viewport. */
      container: call-controls / inline-size;
    }
    [part='controls'] {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: var(--_gap);
    }
    [part~='button'] {
      min-width: var(--_button-size);
      min-height: var(--_button-size);
    }
    /* "On" also reads without colour: a bar under the pressed toggle, besides its icon and colours. */
    [part~='toggle'][aria-pressed='true'] {
      box-shadow: inset 0 -3px 0 currentColor;
    }
    [part~='warning'],
    [part~='warning'][aria-pressed='true'] {
      background: var(--_warning-bg);
      border-color: var(--_warning-fg);
      color: var(--_warning-fg);
    }
    [part~='hang-up'] {
      background: var(--_danger);
      border-color: var(--_danger);
      color: var(--_on-danger);
    }
    @container call-controls (width < 40rem) {
      [part~='button'] {
        padding: 0;
      }
      [part='label'] {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    }
  `,
];
