export { createCentreTrust, type TrustOptions } from './centre-trust.js';
export { createSqliteNonceStore, createSqliteTerminalRegistry } from './sqlite-trust-store.js';
export type { TerminalRegistry } from './trust-store.js';
export { enrolmentTokenSha256, newEnrolmentToken } from './enrolment-token.js';
export {
  createCentreAdminClient,
  createTerminalRequest,
  type AdminCallError,
  type CentreAdminClient,
} from './admin-client.js';
