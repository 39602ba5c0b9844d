import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  [part='controls'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--gap, var(--_space));
  }
  [aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  [part~='hang-up'] {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-danger);
  }
`;
