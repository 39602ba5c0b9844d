import { defineElement } from '../define-element.js';
import { CallWrapUp } from './call-wrap-up.js';

defineElement('call-wrap-up', CallWrapUp);
