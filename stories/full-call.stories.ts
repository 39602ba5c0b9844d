import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

interface FullCallArgs {
  scenario: string;
  participants: number;
  lang: string;
  displayName: string;
}

/**
 * Every element together on the simulated provider: what a page built with call-elements looks like.
 * Pick a scenario to see each situation the kit handles.
 */
const meta: Meta<FullCallArgs> = {
  title: 'Pages/Full call page',
  component: 'call-session',
  args: { scenario: 'group', participants: 6, lang: 'en', displayName: 'You' },
  argTypes: {
    scenario: {
      control: 'select',
      options: ['idle', 'incoming', 'one-to-one', 'group', 'screen-share', 'on-hold', 'permission-denied', 'call-control'],
    },
    participants: { control: { type: 'range', min: 1, max: 49 } },
    lang: { control: 'inline-radio', options: ['en', 'es', 'de'] },
  },
  render: (args) => html`
    <style>
      /* Two columns where there is room; one, call area first, in a narrow container (a phone, a docs page). */
      .full-call-box {
        container-type: inline-size;
      }
      .full-call {
        display: grid;
        gap: 12px;
        grid-template-columns: minmax(0, 1fr) minmax(240px, 320px);
      }
      .full-call > * {
        display: grid;
        gap: 12px;
        align-content: start;
        min-width: 0;
      }
      @container (max-width: 720px) {
        .full-call {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    </style>
    <call-session
      provider="simulated"
      scenario=${args.scenario}
      participants=${args.participants}
      lang=${ifDefined(args.lang)}
      display-name=${args.displayName}
    >
      <div class="full-call-box">
        <div class="full-call">
          <div>
            <call-status></call-status>
            <incoming-call></incoming-call>
            <video-grid></video-grid>
            <call-controls></call-controls>
          </div>
          <aside aria-label="Call details">
            <call-list></call-list>
            <participant-list></participant-list>
            <call-dialer default-country="US"></call-dialer>
            <device-picker preview></device-picker>
          </aside>
        </div>
      </div>
    </call-session>
  `,
};
export default meta;

type Story = StoryObj<FullCallArgs>;

export const Group: Story = {};
export const Idle: Story = { args: { scenario: 'idle' } };
export const Incoming: Story = { args: { scenario: 'incoming' } };
export const OneToOne: Story = { args: { scenario: 'one-to-one' } };
export const ScreenShare: Story = { args: { scenario: 'screen-share' } };
export const OnHold: Story = { args: { scenario: 'on-hold' } };
export const PermissionDenied: Story = { args: { scenario: 'permission-denied' } };
export const AgentConsole: Story = { args: { scenario: 'call-control', displayName: 'Agent' } };
export const Spanish: Story = { args: { lang: 'es' } };
export const German: Story = { args: { lang: 'de', scenario: 'incoming' } };
