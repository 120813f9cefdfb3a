import { ok } from '@bianmin/common';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig, type TerminalConfigSet } from '@bianmin/config';
import type { ConfigDocument, ConfigKey, SignedConfig } from '@bianmin/contract';
import { ed25519 } from '@bianmin/sync/signing';

/** The default terminal's files, as a terminal loads them. */
function localConfig(): TerminalConfigSet {
  const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  if (!loaded.ok) throw new Error('the default config must be valid');
  return loaded.value;
}

/** A centre key pair for tests: documents signed with it, and the key a terminal pins. */
export function testCentre() {
  const pair = ed25519.generate();
  const key: ConfigKey = { algorithm: 'ed25519', publicKey: pair.publicKey };
  const local = localConfig();
  const base: ConfigDocument = {
    terminalId: local.terminal.terminalId,
    communityCode: local.terminal.community.code,
    version: 1,
    issuedAt: '2026-03-02T02:00:00.000Z',
    warnings: [],
    announcements: [],
  };
  const sign = (changes: Partial<ConfigDocument> = {}, privateKey = pair.privateKey) => {
    const document = JSON.stringify({ ...base, ...changes });
    return {
      document,
      algorithm: 'ed25519',
      signature: ed25519.sign(privateKey, Buffer.from(document, 'utf8')),
    } satisfies SignedConfig;
  };
  return { key, local, sign, reply: (signed: SignedConfig) => async () => ok<unknown>(signed) };
}
