export { createServiceTimeRecorder, type ServiceTimeRecorderOptions } from './recorder.js';
export { createServiceTimeMark } from './mark-table.js';
