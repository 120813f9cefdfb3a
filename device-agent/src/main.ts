import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { createLogger } from '@bianmin/common';
import { formatProblems, loadTerminalConfig, resolveConfigDir } from '@bianmin/config';
import { buildAgent } from './agent/app.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const logger = createLogger('device-agent');

function fail(message: string): never {
  console.error(`The device agent cannot start: ${message}`);
  process.exit(1);
}

const configDir = resolveConfigDir();
const config = loadTerminalConfig(configDir);
if (!config.ok) {
  // The same messages as `npm run config:check`: what, where, and how to fix.
  logger.event('agent.config-invalid', { configDir, problems: config.error.length });
  fail(`its configuration is invalid.\n\n${formatProblems(config.error)}`);
}

const portText = process.env.AGENT_PORT ?? '7070';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.event('agent.start-failed', { reason: 'bad-port' });
  fail(
    `AGENT_PORT is "${portText}"; set it to a port number from 0 (any free port) to 65535, or unset it for 7070.`,
  );
}
const host = process.env.AGENT_HOST ?? '127.0.0.1';

process.on('unhandledRejection', (reason) => {
  logger.event('agent.unexpected-error', {
    error: reason instanceof Error ? reason.name : 'unknown',
  });
});

const agent = await buildAgent({
  ...config.value,
  dataDir: process.env.AGENT_DATA_DIR ?? resolve(repoRoot, '.data/agent'),
  logger,
  ...(process.env.CENTRAL_URL ? { centreUrl: process.env.CENTRAL_URL } : {}),
});
let url: string;
try {
  // With port 0 the system picks a free port; the started line reports the one bound.
  url = await agent.server.listen({ port, host });
} catch (error) {
  await agent.close();
  logger.event('agent.start-failed', { reason: 'listen' });
  fail(
    `it could not listen on ${host}:${port} (${error instanceof Error ? error.message : 'unknown error'}). ` +
      'Is another agent running? Stop it or set AGENT_PORT.',
  );
}
logger.event('agent.started', {
  url,
  terminalId: config.value.terminal.terminalId,
});

const shutdown = async () => {
  await agent.close();
  logger.event('agent.stopped');
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
