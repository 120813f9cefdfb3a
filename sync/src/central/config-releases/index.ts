export { registerConfigRoutes, createConfigAvailability } from './config-routes.js';
export {
  createConfigSigner,
  generateConfigKey,
  loadOrCreateConfigKey,
  type ConfigSigner,
  type StoredConfigKey,
} from './config-signing-key.js';
