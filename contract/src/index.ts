/**
 * @bianmin/contract: every wire message defined once, as a TypeBox schema (validated at the
 * boundary) and its TypeScript type. Browser code imports types only (`import type`), so no
 * schema code lands in the kiosk's bundle; server helpers are in '@bianmin/contract/server'.
 */
export * from './schema.js';
export * from './devices.js';
export * from './errors.js';
export * from './elder-pace.js';
export * from './centre/index.js';
export * from './agent/index.js';
