import { afterAll, beforeAll } from 'vitest';
import {
  captureLogger,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import { buildAgent, type Agent, type AgentOptions } from './app.js';

const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!loaded.ok) throw new Error('the default config must be valid');
/** The default configuration files, as a terminal loads them. */
export const defaultConfig = loaded.value;

/**
 * An agent on the default configuration and simulators, in a data folder of its own, whose
 * centre never answers; built before the enclosing suite's tests and closed after them.
 */
export function useDefaultAgent(name: string, options: Partial<AgentOptions> = {}) {
  const dataDir = makeTempDir(name);
  let agent: Agent | undefined;
  let noCentre: NetworkSwitch | undefined;
  beforeAll(async () => {
    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...defaultConfig,
      dataDir: dataDir.path,
      logger: captureLogger('agent').logger,
      centreUrl: noCentre.url,
      ...options,
    });
  });
  afterAll(async () => {
    await agent?.close();
    await noCentre?.close();
    dataDir.remove();
  });
  return {
    dataDir: dataDir.path,
    get agent(): Agent {
      if (!agent) throw new Error('the agent is built in beforeAll');
      return agent;
    },
  };
}
