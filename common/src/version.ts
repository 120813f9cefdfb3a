import { createRequire } from 'node:module';

/** The release this code belongs to: the repository's package.json version, said once. */
export const SOFTWARE_VERSION: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
