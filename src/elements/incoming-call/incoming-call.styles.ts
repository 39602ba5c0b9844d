import { css } from 'lit';
import { iconStyles } from '../icons.js';

export const styles = [
  iconStyles,
  css`
    :host {
      display: block;
      --_shadow: var(--incoming-call-shadow, 0 4px 16px rgb(0 0 0 / 0.18));
      --_button-size: var(--incoming-call-button-size, 48px);
    }
    [part='calls'] {
      display: grid;
      gap: var(--_space);
    }
    [part='call'] {
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      box-shadow: var(--_shadow);
    }
    [part~='button'] {
      min-height: var(--_button-size);
      min-width: var(--_button-size);
    }
    [part='caller'] {
      margin: 0;
      font-weight: 600;
    }
    [part='address'] {
      margin: 0;
      color: var(--_muted-fg);
      overflow-wrap: anywhere;
    }
    [part='actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
      margin-top: var(--_space);
    }
    [part~='accept'] {
      background: var(--_success);
      border-color: var(--_success);
      color: var(--_on-success);
    }
    [part~='decline'] {
      background: var(--_danger);
      border-color: var(--_danger);
      color: var(--_on-danger);
    }
  `,
];
