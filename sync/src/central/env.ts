import type { Result } from '@bianmin/common';
import {
  type CentralEnv,
  type ConfigProblem,
  CentralEnvSchema,
  parseEnvironment,
} from '@bianmin/config';

export { type CentralEnv, DEFAULT_CENTRAL_DATA_DIR } from '@bianmin/config';

/**
 * Reads CENTRAL_PORT, CENTRAL_HOST, CENTRAL_DATA_DIR, CENTRAL_DATABASE_URL (PostgreSQL
 * instead of the SQLite file), BIANMIN_CONFIG_DIR and LOG_LEVEL, among others,
 * through the configuration package's schema, so a wrong one is reported like a wrong
 * setting in a file.
 */
export function readCentralEnv(
  env: Readonly<Record<string, string | undefined>>,
): Result<CentralEnv, ConfigProblem[]> {
  return parseEnvironment(CentralEnvSchema, env);
}
