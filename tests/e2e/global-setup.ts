import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startStack } from '../../scripts/stack.js';

/**
 * Starts the real stack (central service, device agent on simulated hardware serving the built
 * kiosk) on ports the system picks, with fresh data, and a config copy whose heartbeat is quick enough to watch.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const workDir = mkdtempSync(join(tmpdir(), 'bianmin-e2e-'));
  const configDir = join(workDir, 'config');
  cpSync(join(REPO_ROOT, 'config/defaults'), configDir, { recursive: true });
  const terminalPath = join(configDir, 'terminal.json');
  const terminal = JSON.parse(readFileSync(terminalPath, 'utf8'));
  terminal.centre.heartbeatIntervalSeconds = 5;
  terminal.centre.uploadIntervalSeconds = 1;
  writeFileSync(terminalPath, JSON.stringify(terminal, null, 2));

  const stack = await startStack({
    dataDir: join(workDir, 'data'),
    configDir,
    output: { logDir: join(REPO_ROOT, 'tests/.output/logs') },
  });
  process.env.KIOSK_URL = stack.urls.kiosk;
  process.env.AGENT_URL = stack.urls.agent;
  process.env.CENTRAL_URL = stack.urls.central;
  process.env.CENTRAL_ADMIN_TOKEN = stack.adminToken;
  return stack.stop;
}
