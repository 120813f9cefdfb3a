import { join } from 'node:path';
import { createLogger } from '@bianmin/common';
import {
  formatProblems,
  loadCommunityFiles,
  loadConfigFile,
  resolveConfigDir,
} from '@bianmin/config';
import { readCentralEnv } from './env.js';
import { startCentral } from './start.js';

const env = readCentralEnv(process.env);
// An unknown LOG_LEVEL would make the logger throw; it is reported below instead.
const logger = createLogger('central', { level: env.ok ? env.value.LOG_LEVEL : 'info' });

async function main(): Promise<number> {
  // The environment and the regions file (baselines and targets of the coverage indicator)
  // are checked together before the centre starts, with the same messages as
  // `npm run config:check`. BIANMIN_CONFIG_DIR cannot be wrong, so the file is always read.
  const configDir = resolveConfigDir(process.env);
  const regionsFile = join(configDir, 'regions.json');
  const regions = loadConfigFile('regions', regionsFile);
  // The communities coverage counts over: every communities*.json in the folder.
  const communities = loadCommunityFiles(configDir);
  if (!env.ok || !regions.ok || !communities.ok) {
    const problems = [
      ...(env.ok ? [] : env.error),
      ...(regions.ok ? [] : regions.error),
      ...(communities.ok ? [] : communities.error),
    ];
    logger.event('central.config-invalid', { file: regionsFile, problems: problems.length });
    console.error(
      `The central service cannot start: its configuration is invalid.\n\n${formatProblems(problems)}`,
    );
    return 1;
  }

  const { CENTRAL_PORT: port, CENTRAL_HOST: host, CENTRAL_DATA_DIR: dataDir } = env.value;
  const trust = {
    clockWindowMs: env.value.CENTRAL_CLOCK_WINDOW_SECONDS * 1000,
    tokenValidHours: env.value.CENTRAL_ENROLMENT_TOKEN_HOURS,
    ...(env.value.CENTRAL_ADMIN_TOKEN && { adminToken: env.value.CENTRAL_ADMIN_TOKEN }),
  };
  const started = await startCentral({
    port,
    host,
    dataDir,
    ...(env.value.CENTRAL_DATABASE_URL && { databaseUrl: env.value.CENTRAL_DATABASE_URL }),
    logger,
    regions: regions.value,
    communities: communities.value,
    trust,
    ...(env.value.CENTRAL_CONFIG_KEY_FILE && { configKeyFile: env.value.CENTRAL_CONFIG_KEY_FILE }),
  });
  if (!started.ok) {
    console.error(
      `central service could not start (${started.error.kind}): ${started.error.detail}`,
    );
    return 1;
  }
  const central = started.value;
  console.log(`监测中心 / central monitoring: ${central.url}`);

  const shutdown = () => {
    void central.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return 0;
}

const code = await main();
if (code !== 0) process.exit(code);
