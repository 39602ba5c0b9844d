import { defineElement } from '../define-element.js';
import { VideoGrid } from './video-grid.js';

defineElement('video-grid', VideoGrid);
