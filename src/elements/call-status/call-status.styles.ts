import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_error-bg: var(--call-status-error-background, var(--_bg));
  }
  [part='status'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space);
  }
  [part='party'] {
    font-weight: 600;
  }
  [part='state'],
  [part='connection'],
  [part='end-reason'],
  [part='idle'] {
    color: var(--_muted-fg);
  }
  [part='connection'][data-state='failed'] {
    color: var(--_danger);
  }
  [part='recording'] {
    display: inline-flex;
    align-self: center;
    align-items: center;
    gap: 4px;
    color: var(--_warning);
    font-weight: 600;
  }
  [part='recording'] svg {
    width: 1em;
    height: 1em;
  }
  [part='timer'] {
    font-variant-numeric: tabular-nums;
  }
  [part='error'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin-top: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 2px solid var(--_danger);
    border-inline-start-width: 6px;
    border-radius: var(--_radius);
    background: var(--_error-bg);
  }
  [part='error-text'] {
    flex: 1 1 12em;
  }
  [part='error-title'] {
    color: var(--_danger);
  }
  [part='error-detail'] {
    display: block;
    color: var(--_muted-fg);
    overflow-wrap: anywhere;
  }
`;
