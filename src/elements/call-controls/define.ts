import { defineElement } from '../define-element.js';
import { CallControls } from './call-controls.js';

defineElement('call-controls', CallControls);
