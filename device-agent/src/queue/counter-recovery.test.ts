import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed, makeTempDir, type TempDir } from '@bianmin/common/testing';
import { createOutbox } from '@bianmin/sync/outbox';
import { openTerminalDatabase } from './terminal-database.js';
import { createTicketStore } from './ticket-store.js';
import { recoverTicketCounters } from './counter-recovery.js';

const ZONE = 'Asia/Shanghai';
const SERVICE = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };

describe('recovering ticket counters on a new database file', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = makeTempDir('counter-recovery');
  });
  afterEach(() => dir.remove());

  const newFile = () => {
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  };

  it('gives up on a centre that does not answer within the bound and numbers from 501', async () => {
    const db = newFile();
    const log = captureLogger();
    const now = () => new Date();
    const outcome = await recoverTicketCounters({
      db,
      timeZone: ZONE,
      now,
      logger: log.logger,
      // A centre whose packets are dropped: the request never settles.
      askCentre: () => new Promise(() => undefined),
      timeoutMs: 20,
    });
    expect(outcome).toBe('range');
    expect(eventsNamed(log.lines, 'agent.ticket-counters-recovered')).toMatchObject([
      { source: 'range', reason: 'timeout' },
    ]);
    const store = createTicketStore(db, createOutbox(db), { timeZone: ZONE, now });
    const issued = store.issue({
      requestId: 'r1',
      service: SERVICE,
      priority: false,
      durationMs: 1,
    });
    expect(issued.ok && issued.value.number).toBe('A501');
    db.close();
  });

  it('asks nothing for a file upgraded from an older release (no birth recorded)', async () => {
    const db = newFile();
    db.prepare('UPDATE database_birth SET created_at = NULL').run();
    let asked = 0;
    const outcome = await recoverTicketCounters({
      db,
      timeZone: ZONE,
      now: () => new Date(),
      logger: captureLogger().logger,
      askCentre: async () => {
        asked += 1;
        return { ok: true, value: [] };
      },
      timeoutMs: 1000,
    });
    expect(outcome).toBe('not-needed');
    expect(asked).toBe(0);
    db.close();
  });
});
