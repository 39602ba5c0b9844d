import { defineElement } from '../define-element.js';
import { DevicePicker } from './device-picker.js';

defineElement('device-picker', DevicePicker);
