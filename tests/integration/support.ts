import { makeTempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import { startCentral, type RunningCentral } from '@bianmin/sync/central';

export function defaultTerminalConfig() {
  const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  if (!loaded.ok) throw new Error('the default config must be valid');
  return loaded.value;
}

/** A real central service on loopback, port 0, with a fresh SQLite file. */
export async function startTestCentre(name: string): Promise<RunningCentral> {
  const started = await startCentral({
    port: 0,
    host: '127.0.0.1',
    dataDir: makeTempDir(`central-${name}`).path,
  });
  if (!started.ok) throw new Error(started.error.detail);
  return started.value;
}
