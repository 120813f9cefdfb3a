// First, so the V8 flags apply before the agent's modules load.
import './v8-flags.js';
import { createLogger } from '@bianmin/common';
import {
  AgentEnvSchema,
  formatProblems,
  loadTerminalConfig,
  parseEnvironment,
  resolveConfigDir,
} from '@bianmin/config';
import { buildAgent, type Agent } from './agent/app.js';
import { superviseAgent } from './remote-config/index.js';

function fail(message: string): never {
  console.error(`The device agent cannot start: ${message}`);
  process.exit(1);
}

// The environment and the files are checked together, so one run shows every problem,
// with the same messages as `npm run config:check`: what, where, and how to fix.
const environment = parseEnvironment(AgentEnvSchema, process.env);
// An unknown LOG_LEVEL would make the logger throw; it is reported below instead.
const logger = createLogger('device-agent', {
  level: environment.ok ? environment.value.LOG_LEVEL : 'info',
});
// BIANMIN_CONFIG_DIR cannot be wrong, so the files are checked even when another variable is.
const configDir = resolveConfigDir(process.env);
const config = loadTerminalConfig(configDir);
if (!environment.ok || !config.ok) {
  const problems = [
    ...(environment.ok ? [] : environment.error),
    ...(config.ok ? [] : config.error),
  ];
  logger.event('agent.config-invalid', { configDir, problems: problems.length });
  fail(`its configuration is invalid.\n\n${formatProblems(problems)}`);
}
const env = environment.value;
const port = env.AGENT_PORT;
const host = env.AGENT_HOST;

process.on('unhandledRejection', (reason) => {
  logger.event('agent.unexpected-error', {
    error: reason instanceof Error ? reason.name : 'unknown',
  });
});

// The remote configuration document is laid over the files; a document the agent cannot
// start with is set aside for the previous one (docs/remote-config.md).
let listenFailed = false;
let url = '';
let supervised: Awaited<ReturnType<typeof superviseAgent<Agent>>>;
try {
  supervised = await superviseAgent<Agent>({
    local: config.value,
    dataDir: env.AGENT_DATA_DIR,
    logger,
    build: (set, remote) =>
      buildAgent({
        ...set,
        dataDir: env.AGENT_DATA_DIR,
        configDir,
        logger,
        remote,
        ...(env.CENTRAL_URL ? { centreUrl: env.CENTRAL_URL } : {}),
        ...(env.AGENT_ENROLMENT_TOKEN ? { enrolmentToken: env.AGENT_ENROLMENT_TOKEN } : {}),
        ...(env.KIOSK_UI_DIR ? { kioskDir: env.KIOSK_UI_DIR } : {}),
      }),
    listen: async (agent) => {
      try {
        // With port 0 the system picks a free port; the started line reports the one bound.
        url = await agent.server.listen({ port, host });
      } catch (error) {
        listenFailed = true;
        await agent.close();
        throw error;
      }
    },
    onFatal: (error) => {
      logger.event('agent.start-failed', { reason: 'restart' });
      fail(error instanceof Error ? error.message : 'unknown error');
    },
  });
} catch (error) {
  if (listenFailed) {
    logger.event('agent.start-failed', { reason: 'listen' });
    fail(
      `it could not listen on ${host}:${port} (${error instanceof Error ? error.message : 'unknown error'}). ` +
        'Is another agent running? Stop it or set AGENT_PORT.',
    );
  }
  // What refused the start says why: a database file written by a newer release, a damaged
  // terminal key, an invalid technicians.json.
  logger.event('agent.start-failed', { reason: 'build' });
  fail(error instanceof Error ? error.message : 'unknown error');
}
logger.event('agent.started', {
  url,
  terminalId: config.value.terminal.terminalId,
});

const shutdown = async () => {
  await supervised.close();
  logger.event('agent.stopped');
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
