// What the Angular compiler rejects with strictTemplates. The test expects exactly two errors, one per
// component: NG8001 without the schema, and a mistyped $event (so the event typings are not `any`).
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'call-elements/define';
import type {} from 'call-elements/angular';
import type { CallEndedDetail } from 'call-elements';

@Component({
  selector: 'app-no-schema',
  template: `<call-session provider="simulated"></call-session>`,
})
export class NoSchemaComponent {}

@Component({
  selector: 'app-typed-events',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <call-session (call-ended)="onEnded($event)"></call-session>
    <call-session (call-ended)="onNumber($event)"></call-session>
  `,
})
export class TypedEventsComponent {
  protected onEnded(event: CustomEvent<CallEndedDetail>) {
    return event.detail.call.endReason?.code;
  }
  protected onNumber(value: number) {
    return value;
  }
}
