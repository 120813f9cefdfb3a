/**
 * `npm start`: builds the kiosk UI and the monitoring app, then runs the whole terminal (the device agent on
 * simulated hardware, serving the kiosk) and a local central service, with embedded SQLite
 * under .data/. Ports: AGENT_PORT (7070) and CENTRAL_PORT (8080); 0 picks a free one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  AgentEnvSchema,
  CentralEnvSchema,
  formatProblems,
  parseEnvironment,
} from '@bianmin/config';
import { REPO_ROOT, startStack } from './stack.js';

// The ports are checked with the services' own schemas before anything is built.
const ports = parseEnvironment(
  AgentEnvSchema.pick({ AGENT_PORT: true }).extend(
    CentralEnvSchema.pick({ CENTRAL_PORT: true }).shape,
  ),
  process.env,
);
if (!ports.ok) {
  console.error(`npm start cannot start: ${formatProblems(ports.error)}`);
  process.exit(1);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const workspace of ['kiosk-ui', 'monitor-ui']) {
  console.log(`Building ${workspace} ...`);
  const build = spawnSync(npm, ['run', 'build', '--workspace', workspace], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const stack = await startStack({
  agentPort: ports.value.AGENT_PORT,
  centralPort: ports.value.CENTRAL_PORT,
  dataDir: process.env.BIANMIN_DATA_DIR ?? join(REPO_ROOT, '.data'),
  ...(process.env.BIANMIN_CONFIG_DIR ? { configDir: process.env.BIANMIN_CONFIG_DIR } : {}),
  output: 'inherit',
  devAccount: true,
});

console.log(`
Bianmin Kiosk is running on simulated hardware:
  kiosk (resident UI, served by the device agent):  ${stack.urls.kiosk}
  device agent health:                              ${stack.urls.agent}/healthz
  central monitoring:                               ${stack.urls.central}
  monitoring app:                                   ${stack.urls.monitor}
    development account (nation-wide, this run only): ${stack.devAccount?.user} / ${stack.devAccount?.password}
Open the kiosk, use the development panel to place an ID card, and take a ticket.
Press Ctrl+C to stop.
`);

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
