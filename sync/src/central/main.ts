import { join } from 'node:path';
import { createLogger } from '@bianmin/common';
import { formatProblems, loadConfigFile, resolveConfigDir } from '@bianmin/config';
import { readCentralEnv } from './env.js';
import { startCentral } from './start.js';

const logger = createLogger('central');

async function main(): Promise<number> {
  const env = readCentralEnv(process.env);
  if (!env.ok) {
    logger.event('central.config-invalid', { variable: env.error.variable });
    console.error(env.error.message);
    return 1;
  }

  // The regions file (baselines and targets of the coverage indicator) is checked before the
  // centre starts, with the same messages as `npm run config:check`.
  const regionsFile = join(resolveConfigDir(), 'regions.json');
  const regions = loadConfigFile('regions', regionsFile);
  if (!regions.ok) {
    logger.event('central.config-invalid', { file: regionsFile, problems: regions.error.length });
    console.error(
      `The central service cannot start: its configuration is invalid.\n\n${formatProblems(regions.error)}`,
    );
    return 1;
  }

  const started = await startCentral({ ...env.value, logger });
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
