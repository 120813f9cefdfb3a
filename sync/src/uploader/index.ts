export {
  createUploader,
  type Uploader,
  type UploaderOptions,
  type UploaderStatus,
} from './uploader.js';
export type { UploadError } from './upload-error.js';
export type { HeartbeatSnapshot } from './heartbeat-body.js';
export { backoffDelayMs, retryDelayMs, parseRetryAfter } from './backoff.js';
