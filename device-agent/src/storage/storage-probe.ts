import { statfs } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import type { StateOf } from '@bianmin/contract';

export type StorageState = StateOf<'storage'>;

export interface StorageThresholds {
  /** Below this much free space the terminal cannot promise to record a ticket: a fault. */
  fullBelowBytes: number;
  /** Below this much, staff are warned while there is still room for days of tickets. */
  lowBelowBytes: number;
}

/**
 * A kiosk writes a few kilobytes a minute; a WAL checkpoint, log rotation and an update
 * need tens of megabytes. So: a fault below 8 MiB, a warning below 256 MiB.
 */
const DEFAULT_STORAGE_THRESHOLDS: StorageThresholds = {
  fullBelowBytes: 8 * 1024 * 1024,
  lowBelowBytes: 256 * 1024 * 1024,
};

/** SQLite's extended result codes, as better-sqlite3 names them, mapped to what staff can act on. */
function stateOfSqliteError(code: string): StorageState {
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code === 'SQLITE_FULL') return 'disk-full';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  return 'error';
}

/**
 * The terminal's storage as a device: free space on the data folder's file system, and
 * whether the database takes a write. A write that changes nothing still opens a write
 * transaction and commits, so a read-only file system, a corrupt page or an I/O error shows
 * here before a resident's ticket meets it. (A full disk may still take a write that reuses
 * WAL space, which is why free space is read as well.)
 */
export function createStorageProbe(
  db: Database.Database,
  dataDir: string,
  thresholds: StorageThresholds = DEFAULT_STORAGE_THRESHOLDS,
): () => Promise<StorageState> {
  const touch = db.prepare('UPDATE outbox_ack SET acked_up_to = acked_up_to WHERE id = 1');
  return async () => {
    try {
      touch.run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return typeof code === 'string' ? stateOfSqliteError(code) : 'error';
    }
    let free: number;
    try {
      const fs = await statfs(dataDir);
      free = fs.bavail * fs.bsize;
    } catch {
      return 'error';
    }
    if (free < thresholds.fullBelowBytes) return 'disk-full';
    if (free < thresholds.lowBelowBytes) return 'space-low';
    return 'ready';
  };
}
