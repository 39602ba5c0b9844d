import { defineElement } from '../define-element.js';
import { CallSession } from './call-session.js';

defineElement('call-session', CallSession);
