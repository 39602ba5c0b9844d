// Stories of the elements without media (controls, status, dialer, call list, wrap-up): see story-checks.ts.
import * as callControls from '../../stories/call-controls.stories.js';
import * as callDialer from '../../stories/call-dialer.stories.js';
import * as callList from '../../stories/call-list.stories.js';
import * as callStatus from '../../stories/call-status.stories.js';
import * as callWrapUp from '../../stories/call-wrap-up.stories.js';
import { checkStories, type CsfModule } from './story-checks.js';

checkStories('stories: controls, status, dialer, call list, wrap-up', {
  callDialer: callDialer as unknown as CsfModule,
  callControls: callControls as unknown as CsfModule,
  callStatus: callStatus as unknown as CsfModule,
  callList: callList as unknown as CsfModule,
  callWrapUp: callWrapUp as unknown as CsfModule,
});
