export { registerConfigRoutes, createConfigAvailability } from './config-routes.js';
export {
  createConfigSigner,
  generateConfigKey,
  loadOrCreateConfigKey,
  type ConfigSigner,
} from './config-signing-key.js';
