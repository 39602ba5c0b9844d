import { css } from 'lit';
import { iconStyles } from '../icons.js';

export const styles = [
  iconStyles,
  css`
    :host {
      display: block;
      --_width: var(--call-dialer-width, 18rem);
      --_key-size: var(--call-dialer-key-size, 48px);
      max-width: var(--_width);
    }
    [part~='button'] {
      min-height: var(--_key-size);
    }
    [part~='backspace'] {
      min-width: var(--_key-size);
    }
    [part~='backspace'] svg:dir(rtl) {
      transform: scaleX(-1);
    }
    [part='dialer'] {
      display: grid;
      gap: var(--_space);
    }
    [part='label'] {
      font-weight: 600;
    }
    [part='field-row'] {
      display: flex;
      gap: var(--_space);
    }
    [part='field'] {
      flex: 1;
      min-width: 0;
    }
    [part='field'][aria-invalid='true'] {
      border: 2px solid var(--_danger);
    }
    [part='error'] {
      margin: 0;
      color: var(--_danger);
    }
    [part='keypad'] {
      display: grid;
      grid-template-columns: repeat(3, 1fr);
      gap: var(--_space);
    }
    [part~='key'] {
      font-size: 1.25em;
      font-variant-numeric: tabular-nums;
    }
    [part='video'] {
      display: flex;
      align-items: center;
      gap: var(--_space);
    }
    [part='video'] input {
      width: 24px;
      height: 24px;
      min-height: 0;
      margin: 0;
    }
    [part~='call'] {
      background: var(--_success);
      border-color: var(--_success);
      color: var(--_on-success);
    }
    [part='tones'] {
      margin: 0;
      min-height: var(--_control-size);
    }
    [part='digits'] {
      font-size: 1.25em;
      letter-spacing: 0.1em;
      overflow-wrap: anywhere;
    }
  `,
];
