import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { createLogger } from '@bianmin/common';
import { formatProblems, loadTerminalConfig, resolveConfigDir } from '@bianmin/config';
import { buildAgent } from './agent/app.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const logger = createLogger('device-agent');

const configDir = resolveConfigDir();
const config = loadTerminalConfig(configDir);
if (!config.ok) {
  // The same messages as `npm run config:check`: what, where, and how to fix.
  console.error(
    `The device agent cannot start: its configuration is invalid.\n\n${formatProblems(config.error)}`,
  );
  logger.event('agent.config-invalid', { configDir, problems: config.error.length });
  process.exit(1);
}

const port = Number(process.env.AGENT_PORT ?? 7070);
const host = process.env.AGENT_HOST ?? '127.0.0.1';
const agent = await buildAgent({
  ...config.value,
  dataDir: process.env.AGENT_DATA_DIR ?? resolve(repoRoot, '.data/agent'),
  logger,
  ...(process.env.CENTRAL_URL ? { centreUrl: process.env.CENTRAL_URL } : {}),
});
await agent.server.listen({ port, host });
logger.event('agent.started', {
  url: `http://${host}:${port}`,
  terminalId: config.value.terminal.terminalId,
});

const shutdown = async () => {
  await agent.close();
  logger.event('agent.stopped');
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
