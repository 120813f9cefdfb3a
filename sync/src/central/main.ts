import { createLogger } from '@bianmin/common';
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

  // REGIONS CONFIG: load and validate the regions config file here, before starting;
  // on failure log central.config-invalid and return 1.

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
