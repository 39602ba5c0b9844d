// Stories of the elements without media (controls, status, dialer, call list, wrap-up): see story-checks.ts.
import * as callControls from '../../stories/call-controls.stories.js';
import * as callDialer from '../../stories/call-dialer.stories.js';
import * as callList from '../../stories/call-list.stories.js';
import * as callStatus from '../../stories/call-status.stories.js';
import * as callWrapUp from '../../stories/call-wrap-up.stories.js';
import { checkStories } from './story-checks.js';

checkStories('stories: controls, status, dialer, call list, wrap-up', {
  callDialer,
  callControls,
  callStatus,
  callList,
  callWrapUp,
});
