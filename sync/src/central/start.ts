import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import type { FastifyInstance } from 'fastify';
import type Database from 'better-sqlite3';
import { openCentralDatabase } from './database.js';
import { buildCentralServer } from './server.js';
import type { CentralStores } from './storage/central-stores.js';
import { openPostgresStorage } from './storage/postgres/open-storage.js';
import { createSqliteStores } from './storage/sqlite/sqlite-stores.js';
import type { TrustOptions } from './trust/index.js';
import {
  createConfigSigner,
  databaseConfigKey,
  loadOrCreateConfigKey,
} from './config-releases/index.js';

export interface StartCentralOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
  /** Directory for central.sqlite; created if missing (unused on PostgreSQL). */
  dataDir: string;
  /** CENTRAL_DATABASE_URL: every store on this PostgreSQL database instead of central.sqlite. */
  databaseUrl?: string;
  /** How often the presence sweeper looks at every terminal (default 10 s). */
  presenceSweepMs?: number;
  logger?: EventLogger;
  now?: () => Date;
  timeZone?: string;
  regions?: RegionsConfig;
  communities?: CommunitiesConfig;
  /** Enrolment and signed requests: time window, administrator token, token validity. */
  trust?: TrustOptions;
  /** CENTRAL_CONFIG_KEY_FILE: the configuration-signing key's file; default: kept in the database. */
  configKeyFile?: string;
}

export interface RunningCentral {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  server: FastifyInstance;
  /** Stops listening, then closes the database. */
  close(): Promise<void>;
}

export type CentralStartError =
  | { kind: 'database'; detail: string }
  | { kind: 'listen'; detail: string }
  | { kind: 'config-key'; detail: string };

export const CENTRAL_DATABASE_FILE = 'central.sqlite';

export async function startCentral(
  options: StartCentralOptions,
): Promise<Result<RunningCentral, CentralStartError>> {
  const { logger } = options;
  const opened = await openStores(options);
  if (!opened.ok) return err({ kind: 'database', detail: opened.error });
  const { stores, closeDatabase } = opened.value;
  // A key file if one is named, else the key kept in the database: the same for every
  // instance on it (docs/remote-config.md).
  const key =
    options.configKeyFile === undefined
      ? await databaseConfigKey(stores.configReleases)
      : loadOrCreateConfigKey(options.configKeyFile);
  const configSigner = key.ok ? createConfigSigner(key.value) : key;
  if (!configSigner.ok) {
    await closeDatabase();
    return err({ kind: 'config-key', detail: configSigner.error });
  }
  const server = buildCentralServer({
    stores,
    configSigner: configSigner.value,
    ...(options.presenceSweepMs !== undefined && { presenceSweepMs: options.presenceSweepMs }),
    ...(logger && { logger }),
    ...(options.now && { now: options.now }),
    ...(options.timeZone && { timeZone: options.timeZone }),
    ...(options.regions && { regions: options.regions }),
    ...(options.communities && { communities: options.communities }),
    ...(options.trust && { trust: options.trust }),
  });
  try {
    await server.listen({ port: options.port, host: options.host });
  } catch (e) {
    await server.close();
    await closeDatabase();
    return err({ kind: 'listen', detail: messageOf(e) });
  }
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger?.event('central.started', { url, storage: stores.kind });

  let closing: Promise<void> | undefined;
  return ok({
    url,
    server,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await closeDatabase();
        logger?.event('central.stopped');
      })()),
  });
}

interface OpenedStores {
  stores: CentralStores;
  closeDatabase(): Promise<void>;
}

/** PostgreSQL when a database URL is given (schema brought up to date), else central.sqlite. */
async function openStores(options: StartCentralOptions): Promise<Result<OpenedStores, string>> {
  if (options.databaseUrl !== undefined) {
    try {
      const stores = await openPostgresStorage(options.databaseUrl, 10, (error) =>
        options.logger?.event('central.database-connection-lost', { error: error.name }),
      );
      return ok({ stores, closeDatabase: () => stores.close() });
    } catch (e) {
      return err(`PostgreSQL (CENTRAL_DATABASE_URL): ${messageOf(e)}`);
    }
  }
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (e) {
    return err(messageOf(e));
  }
  const opened = openCentralDatabase(join(options.dataDir, CENTRAL_DATABASE_FILE));
  if (!opened.ok) return err(opened.error.message);
  const db: Database.Database = opened.value;
  const stores = createSqliteStores(db);
  return ok({
    stores,
    closeDatabase: async () => {
      await stores.close();
      db.close();
    },
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
