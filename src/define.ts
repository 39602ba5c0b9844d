/** Registers every call-elements tag. The only side-effect module of the package besides each element's `define`. */
import './elements/call-session/define.js';
import './elements/call-dialer/define.js';
import './elements/call-controls/define.js';
import './elements/call-status/define.js';
import './elements/incoming-call/define.js';
import './elements/video-grid/define.js';
import './elements/participant-list/define.js';
import './elements/call-list/define.js';
import './elements/device-picker/define.js';
export * from './index.js';
