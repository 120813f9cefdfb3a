export {
  createCentreTrust,
  DEFAULT_CLOCK_WINDOW_MS,
  DEFAULT_TOKEN_VALID_HOURS,
  type CentreTrust,
  type TrustOptions,
} from './centre-trust.js';
export { createSqliteNonceStore, createSqliteTerminalRegistry } from './sqlite-trust-store.js';
export type {
  NonceStore,
  RegisteredTerminal,
  TerminalRegistry,
  IssuedToken,
} from './trust-store.js';
export { enrolmentTokenSha256, newEnrolmentToken } from './enrolment-token.js';
export {
  createCentreAdminClient,
  createTerminalRequest,
  type AdminCallError,
  type CentreAdminClient,
} from './admin-client.js';
