// Stories of the elements that show media or whole calls (full call, grid, participants, incoming call,
// device picker, session, theming): see story-checks.ts.
import * as callSession from '../../stories/call-session.stories.js';
import * as devicePicker from '../../stories/device-picker.stories.js';
import * as fullCall from '../../stories/full-call.stories.js';
import * as incomingCall from '../../stories/incoming-call.stories.js';
import * as participantList from '../../stories/participant-list.stories.js';
import * as theming from '../../stories/theming.stories.js';
import * as videoGrid from '../../stories/video-grid.stories.js';
import { checkStories } from './story-checks.js';

checkStories('stories: full call, video grid, participants, incoming call, devices, session, theming', {
  fullCall,
  incomingCall,
  videoGrid,
  participantList,
  devicePicker,
  callSession,
  theming,
});
