import { fileURLToPath } from 'node:url';

/** The repository's root, for defaults that live inside it on a development machine. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Working examples for a development machine; a real terminal keeps its own folder. */
export const DEFAULT_CONFIG_DIR = fileURLToPath(new URL('../defaults', import.meta.url));

/** The environment variable a deployment sets to keep its configuration outside the repo. */
export const CONFIG_DIR_ENV = 'BIANMIN_CONFIG_DIR';
