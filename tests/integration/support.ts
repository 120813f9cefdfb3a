import { randomBytes } from 'node:crypto';
import { makeTempDir } from '@bianmin/common/testing';
import type { TerminalIdentity } from '@bianmin/contract';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import {
  createCentreAdminClient,
  createTerminalRequest,
  startCentral,
  type RunningCentral,
} from '@bianmin/sync/central';
import type { TerminalCredentials } from '@bianmin/sync/terminal-identity';
import { enrolInMemory } from '../../sync/src/testing/enrol.js';

export function defaultTerminalConfig() {
  const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  if (!loaded.ok) throw new Error('the default config must be valid');
  return loaded.value;
}

export interface TestCentre extends RunningCentral {
  /**
   * Creates the terminal at the centre (the default configuration's, unless named) through
   * the administrator API and returns its one-time enrolment token, for buildAgent's
   * enrolmentToken.
   */
  enrolmentToken(terminal?: { terminalId: string } & TerminalIdentity): Promise<string>;
  /** Creates and enrols a terminal with a key in memory, for tests that sign by hand. */
  enrolTerminal(terminalId?: string): Promise<TerminalCredentials>;
}

/** A real central service on loopback, port 0, with a fresh SQLite file. */
export async function startTestCentre(name: string): Promise<TestCentre> {
  const adminToken = randomBytes(32).toString('base64url');
  const started = await startCentral({
    port: 0,
    host: '127.0.0.1',
    dataDir: makeTempDir(`central-${name}`).path,
    trust: { adminToken },
  });
  if (!started.ok) throw new Error(started.error.detail);
  const central = started.value;
  const admin = createCentreAdminClient({ centreUrl: central.url, adminToken });

  const enrolmentToken: TestCentre['enrolmentToken'] = async (
    terminal = defaultTerminalConfig().terminal,
  ) => {
    const created = await admin.createTerminal(createTerminalRequest(terminal));
    const issued = created.ok ? created : await admin.issueToken(terminal.terminalId);
    if (!issued.ok) throw new Error(`${issued.error.error}: ${issued.error.message}`);
    return issued.value.enrolmentToken;
  };

  return {
    ...central,
    enrolmentToken,
    async enrolTerminal(terminalId = defaultTerminalConfig().terminal.terminalId) {
      const config = defaultTerminalConfig().terminal;
      const token = await enrolmentToken({ ...config, terminalId });
      return enrolInMemory({ centreUrl: central.url, terminalId, token });
    },
  };
}
