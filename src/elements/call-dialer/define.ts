import { defineElement } from '../define-element.js';
import { CallDialer } from './call-dialer.js';

defineElement('call-dialer', CallDialer);
