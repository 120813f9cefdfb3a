import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { err, ok, type EventLogger, type Result } from '@bianmin/common';
import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import type { FastifyInstance } from 'fastify';
import { openCentralDatabase } from './database.js';
import { buildCentralServer } from './server.js';
import { chooseStorage } from './storage/choose-storage.js';
import type { TrustOptions } from './trust/index.js';

export interface StartCentralOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
  /** Directory for central.sqlite; created if missing. */
  dataDir: string;
  /** CENTRAL_DATABASE_URL: PostgreSQL instead of central.sqlite (refused until every store has moved). */
  databaseUrl?: string;
  logger?: EventLogger;
  now?: () => Date;
  timeZone?: string;
  regions?: RegionsConfig;
  communities?: CommunitiesConfig;
  /** Enrolment and signed requests: time window, administrator token, token validity. */
  trust?: TrustOptions;
}

export interface RunningCentral {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  server: FastifyInstance;
  /** Stops listening, then closes the database. */
  close(): Promise<void>;
}

export type CentralStartError =
  { kind: 'database'; detail: string } | { kind: 'listen'; detail: string };

export const CENTRAL_DATABASE_FILE = 'central.sqlite';

export async function startCentral(
  options: StartCentralOptions,
): Promise<Result<RunningCentral, CentralStartError>> {
  const { logger } = options;
  const storage = chooseStorage(options.databaseUrl);
  if (!storage.ok) return err({ kind: 'database', detail: storage.error });
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (e) {
    return err({ kind: 'database', detail: messageOf(e) });
  }
  const opened = openCentralDatabase(join(options.dataDir, CENTRAL_DATABASE_FILE));
  if (!opened.ok) return err({ kind: 'database', detail: opened.error.message });
  const db = opened.value;
  const server = buildCentralServer({
    db,
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
    db.close();
    return err({ kind: 'listen', detail: messageOf(e) });
  }
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger?.event('central.started', { url });

  let closing: Promise<void> | undefined;
  return ok({
    url,
    server,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        db.close();
        logger?.event('central.stopped');
      })()),
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
