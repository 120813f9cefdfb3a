export {
  loadTerminalCredentials,
  type CredentialsOptions,
  type CredentialsState,
  type TerminalCredentials,
} from './credentials.js';
export {
  fileKeyStore,
  memoryKeyStore,
  TERMINAL_KEY_FILE,
  type KeyStore,
  type KeyStoreError,
  type StoredKey,
} from './key-store.js';
export {
  discardEnrolmentTokenFile,
  readEnrolmentToken,
  ENROLMENT_TOKEN_FILE,
} from './enrolment-token-source.js';
