/** Server-side helpers of the contract (Fastify); never imported by the kiosk. */
export { AJV_OPTIONS } from './ajv-options.js';
export {
  FORBIDDEN_JSON_KEY,
  installErrorReplies,
  notFoundReply,
  type ErrorRepliesOptions,
  type RejectedRequest,
} from './error-replies.js';
export { describeSchemaError, type SchemaError } from './schema-error.js';
export { API_DOCS_PATH, registerApiDocs } from './openapi.js';
export { DEFAULT_SERVER_LIMITS, serverLimitOptions, type ServerLimits } from './limits.js';
export { sendAppPage, staticAppFiles, type AppPage } from './static-app.js';
