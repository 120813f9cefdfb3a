export { registerConfigRoutes, createConfigAvailability } from './config-routes.js';
export {
  createConfigSigner,
  databaseConfigKey,
  generateConfigKey,
  loadOrCreateConfigKey,
  type ConfigSigner,
} from './config-signing-key.js';
