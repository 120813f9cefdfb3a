import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { EventLogger } from '@bianmin/common';
import type { ServerLimits } from '@bianmin/contract/server';
import { openCentralDatabase } from '../central/database.js';
import { buildCentralServer } from '../central/server.js';
import { makeTempDir } from '@bianmin/common/testing';

export interface CentralHarness {
  url: string;
  server: FastifyInstance;
  db: Database.Database;
  /** Moves the centre's clock. */
  setNow(at: string): void;
  post(path: string, body: unknown, contentType?: string): Promise<Response>;
  get(path: string): Promise<Response>;
  close(): Promise<void>;
}

/** A real centre on a real SQLite file, listening on 127.0.0.1 (port 0 unless given). */
export async function startCentralHarness(
  options: {
    port?: number;
    dir?: string;
    logger?: EventLogger;
    now?: string;
    limits?: ServerLimits;
  } = {},
): Promise<CentralHarness> {
  const temp = options.dir === undefined ? makeTempDir() : undefined;
  const opened = openCentralDatabase(join(options.dir ?? temp!.path, 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  let now = new Date(options.now ?? '2026-03-02T02:00:00.000Z');
  const server = buildCentralServer({
    db,
    now: () => now,
    ...(options.logger && { logger: options.logger }),
    ...(options.limits && { limits: options.limits }),
  });
  const url = await server.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  return {
    url,
    server,
    db,
    setNow: (at) => {
      now = new Date(at);
    },
    post: (path, body, contentType = 'application/json') =>
      fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path) => fetch(url + path),
    async close() {
      await server.close();
      db.close();
      temp?.remove();
    },
  };
}
