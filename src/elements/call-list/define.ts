import { defineElement } from '../define-element.js';
import { CallList } from './call-list.js';

defineElement('call-list', CallList);
