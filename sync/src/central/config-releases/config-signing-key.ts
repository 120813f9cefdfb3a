import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import type { ConfigKey, SignedConfig } from '@bianmin/contract';
import { ed25519, signatureScheme, type SignatureScheme } from '../../signing/index.js';
import type { ConfigReleaseStore } from './config-release-store.js';

/** The centre's configuration-signing key pair as kept in its database or key file. */
export interface StoredConfigKey {
  version: 1;
  algorithm: string;
  /** PKCS #8 PEM: never leaves the centre. */
  privateKey: string;
  publicKey: string;
}

export interface ConfigSigner {
  /** What terminals pin at enrolment. */
  readonly key: ConfigKey;
  /** Signs the document's exact UTF-8 bytes. */
  sign(document: string): SignedConfig;
}

export function createConfigSigner(stored: StoredConfigKey): Result<ConfigSigner, string> {
  const scheme = signatureScheme(stored.algorithm);
  if (scheme === undefined) return err(`the key's algorithm ${stored.algorithm} is unknown`);
  if (!scheme.isPublicKey(stored.publicKey)) return err('the key file has no valid public key');
  return ok({
    key: { algorithm: scheme.name, publicKey: stored.publicKey },
    sign: (document) => ({
      document,
      algorithm: scheme.name,
      signature: scheme.sign(stored.privateKey, Buffer.from(document, 'utf8')),
    }),
  });
}

export function generateConfigKey(scheme: SignatureScheme = ed25519): StoredConfigKey {
  return { version: 1, algorithm: scheme.name, ...scheme.generate() };
}

/** The key kept in the database (ConfigReleaseStore.signingKey), made there on first use. */
export async function databaseConfigKey(
  store: Pick<ConfigReleaseStore, 'signingKey'>,
): Promise<Result<StoredConfigKey, string>> {
  const text = await store.signingKey(() => JSON.stringify(generateConfigKey()));
  try {
    const parsed: unknown = JSON.parse(text);
    if (isStoredConfigKey(parsed)) return ok(parsed);
  } catch {
    // reported below
  }
  return err('the configuration-signing key stored in the database cannot be read');
}

function isStoredConfigKey(value: unknown): value is StoredConfigKey {
  const v = value as Partial<Record<keyof StoredConfigKey, unknown>> | null;
  return (
    v?.version === 1 &&
    typeof v.algorithm === 'string' &&
    typeof v.privateKey === 'string' &&
    typeof v.publicKey === 'string'
  );
}

/**
 * Reads the key file CENTRAL_CONFIG_KEY_FILE names, or makes it (mode 0600) when there is
 * none; created exclusively, so two instances starting together on one folder end with the
 * same key. Every instance on one database must be given the same file (docs/deploy.md).
 */
export function loadOrCreateConfigKey(path: string): Result<StoredConfigKey, string> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(generateConfigKey(), null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      return err(`${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isStoredConfigKey(parsed)) return ok(parsed);
  } catch (e) {
    return err(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return err(`${path} is not a configuration-signing key file`);
}
