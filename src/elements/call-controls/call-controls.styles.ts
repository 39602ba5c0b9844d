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
  [part~='hang-up'] {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-danger);
  }
`;
