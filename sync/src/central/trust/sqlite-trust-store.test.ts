import { join } from 'node:path';
import { makeTempDir } from '@bianmin/common/testing';
import { openCentralDatabase } from '../database.js';
import { createSqliteNonceStore, createSqliteTerminalRegistry } from './sqlite-trust-store.js';
import { describeTrustStores } from './trust-store.contract.js';

describeTrustStores('SQLite', async () => {
  const dir = makeTempDir('trust-store');
  const opened = openCentralDatabase(join(dir.path, 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  return {
    store: { registry: createSqliteTerminalRegistry(db), nonces: createSqliteNonceStore(db) },
    close: async () => {
      db.close();
      dir.remove();
    },
  };
});
