import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import 'call-elements/define'; // registers the tags before Angular renders them
import type {} from 'call-elements/angular'; // types $event of (call-error), (call-ended), …
import type { CallEndedDetail, CallErrorDetail } from 'call-elements';

@Component({
  selector: 'app-call-page',
  // Angular does not know the tags: without this schema the template does not compile.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <call-session
      provider="simulated"
      scenario="one-to-one"
      display-name="Ada"
      [providerOptions]="providerOptions"
      (call-error)="onError($event)"
      (call-ended)="onEnded($event)"
    >
      <call-status></call-status>
      <call-controls></call-controls>
      <call-dialer></call-dialer>
      <incoming-call></incoming-call>
    </call-session>
    <p role="status">{{ notice() }}</p>
  `,
})
export class CallPageComponent {
  // A property binding, never an attribute: tokens and callbacks stay in memory.
  protected readonly providerOptions = {
    ringMs: 1000,
    token: async () => (await fetch('/api/call-token')).text(), // read by acs/kandy/…; simulated ignores it
  };
  protected readonly notice = signal('');

  protected onError(event: CustomEvent<CallErrorDetail>) {
    this.notice.set(`Error: ${event.detail.error.code}`);
  }

  protected onEnded(event: CustomEvent<CallEndedDetail>) {
    this.notice.set(`Call ended: ${event.detail.call.endReason?.code ?? 'unknown'}`);
  }
}
