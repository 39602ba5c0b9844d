import { defineElement } from '../define-element.js';
import { ParticipantList } from './participant-list.js';

defineElement('participant-list', ParticipantList);
