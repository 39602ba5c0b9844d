import { defineElement } from '../define-element.js';
import { IncomingCall } from './incoming-call.js';

defineElement('incoming-call', IncomingCall);
