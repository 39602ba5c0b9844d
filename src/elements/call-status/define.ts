import { defineElement } from '../define-element.js';
import { CallStatus } from './call-status.js';

defineElement('call-status', CallStatus);
