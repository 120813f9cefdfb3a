import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '@bianmin/common';

export interface CentralEnv {
  port: number;
  host: string;
  dataDir: string;
}

/** <repo>/.data/central, resolved from this file so the working directory does not matter. */
export const DEFAULT_CENTRAL_DATA_DIR = fileURLToPath(
  new URL('../../../.data/central', import.meta.url),
);

/** Reads CENTRAL_PORT, CENTRAL_HOST and CENTRAL_DATA_DIR; names the variable that is wrong. */
export function readCentralEnv(
  env: Readonly<Record<string, string | undefined>>,
): Result<CentralEnv, { variable: string; message: string }> {
  const rawPort = env.CENTRAL_PORT?.trim() || '8080';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65_535) {
    return err({
      variable: 'CENTRAL_PORT',
      message: `CENTRAL_PORT must be a port number 0-65535, got "${rawPort}"`,
    });
  }
  return ok({
    port,
    host: env.CENTRAL_HOST?.trim() || '127.0.0.1',
    dataDir: env.CENTRAL_DATA_DIR?.trim() || DEFAULT_CENTRAL_DATA_DIR,
  });
}
