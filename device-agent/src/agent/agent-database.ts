import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openTerminalDatabase } from '../queue/terminal-database.js';

/** The terminal database's page cache; a negative cache_size counts KiB, not pages. */
const TERMINAL_DB_CACHE_KIB = 512;

/** The terminal database in the data folder, made if it is not there; throws if unusable. */
export function openAgentDatabase(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const opened = openTerminalDatabase(join(dataDir, 'terminal.sqlite'));
  if (!opened.ok) throw new Error(`the terminal database cannot be used: ${opened.error.message}`);
  const db = opened.value;
  // SQLite's default page cache is 2 MB, filled as the file grows with tickets and events and
  // then held for good; the agent's queries touch a few pages each (the day's counter, one
  // request id, the outbox's tail), so 512 KiB serves them (docs/benchmarks.md, Agent memory).
  db.pragma(`cache_size = -${TERMINAL_DB_CACHE_KIB}`);
  return db;
}
