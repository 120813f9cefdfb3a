export { createServiceTimeRecorder } from './recorder.js';
export { createServiceTimeMark } from './mark-table.js';
