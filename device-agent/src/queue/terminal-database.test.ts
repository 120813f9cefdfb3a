import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEGACY_EPOCH } from '@bianmin/contract';
import { createOutbox, OUTBOX_MIGRATIONS } from '@bianmin/sync/outbox';
import { createTicketStore, TICKET_MIGRATIONS } from './ticket-store.js';
import { openTerminalDatabase, TERMINAL_MIGRATIONS } from './terminal-database.js';

/** The schema exactly as the code before versioned migrations created it (user_version 0). */
const UNVERSIONED_SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS outbox_ack (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    acked_up_to INTEGER NOT NULL
  );
  INSERT OR IGNORE INTO outbox_ack (id, acked_up_to) VALUES (1, 0);
  CREATE TABLE IF NOT EXISTS ticket_counters (
    service_id TEXT NOT NULL,
    day TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (service_id, day)
  );
  CREATE TABLE IF NOT EXISTS tickets (
    service_id TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    priority INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'waiting',
    request_id TEXT NOT NULL UNIQUE,
    printed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, day, seq)
  );
`;

const SERVICE = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
const ISSUED = {
  serviceId: SERVICE.id,
  serviceName: SERVICE.name,
  ticketNumber: 'A001',
  priority: true,
  durationMs: 30_000,
};

describe('terminal database', () => {
  let dir: string;
  let file: string;
  let db: Database.Database | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bianmin-terminal-db-'));
    file = join(dir, 'terminal.sqlite');
  });

  afterEach(() => {
    if (db?.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = () => {
    const opened = openTerminalDatabase(file);
    if (!opened.ok) throw new Error(opened.error.message);
    return (db = opened.value);
  };

  it('upgrades a file from before versioned migrations, keeping its data', () => {
    const legacy = new Database(file);
    legacy.exec(UNVERSIONED_SCHEMA);
    legacy
      .prepare('INSERT INTO outbox (type, payload, created_at) VALUES (?, ?, ?)')
      .run(
        'ticket.issued',
        JSON.stringify({ ...ISSUED, prioritySource: 'disability' }),
        '2026-03-02T01:00:00.000Z',
      );
    legacy
      .prepare('INSERT INTO outbox (type, payload, created_at) VALUES (?, ?, ?)')
      .run('staff.called', '{"screen":"home"}', '2026-03-02T01:05:00.000Z');
    legacy.exec(`
      UPDATE outbox_ack SET acked_up_to = 1;
      INSERT INTO ticket_counters VALUES ('social-security', '2026-03-02', 1);
      INSERT INTO tickets (service_id, day, seq, number, priority, issued_at, request_id)
        VALUES ('social-security', '2026-03-02', 1, 'A001', 1, '2026-03-02T01:00:00.000Z', 'r-1');
    `);
    expect(legacy.pragma('user_version', { simple: true })).toBe(0);
    legacy.close();

    const upgraded = open();
    expect(upgraded.pragma('user_version', { simple: true })).toBe(TERMINAL_MIGRATIONS.length);
    const outbox = createOutbox(upgraded);
    expect(outbox.ackedUpTo()).toBe(1);
    // Its seqs carry on in the epoch the centre files a pre-epoch terminal's events under.
    expect(outbox.epoch()).toBe(LEGACY_EPOCH);
    expect(outbox.pending(10).map((e) => e.seq)).toEqual([2]);
    expect(upgraded.prepare('SELECT payload FROM outbox WHERE seq = 1').pluck().get()).toBe(
      JSON.stringify(ISSUED),
    );

    // The day's numbering goes on from the ticket issued before the upgrade.
    const tickets = createTicketStore(upgraded, outbox, {
      timeZone: 'Asia/Shanghai',
      now: () => new Date('2026-03-02T02:00:00.000Z'),
    });
    const next = tickets.issue({
      requestId: 'r-2',
      service: SERVICE,
      priority: false,
      durationMs: 1,
    });
    expect(next).toMatchObject({
      ok: true,
      value: { number: 'A002', day: '2026-03-02', waitingAhead: 1 },
    });
    expect(outbox.pending(10).map((e) => e.seq)).toEqual([2, 3]);
  });

  it('keeps printed tickets printed and starts the rest as pending', () => {
    const legacy = new Database(file);
    legacy.exec(UNVERSIONED_SCHEMA);
    legacy.exec(`
      INSERT INTO tickets (service_id, day, seq, number, priority, issued_at, request_id, printed)
        VALUES ('social-security', '2026-03-02', 1, 'A001', 0, '2026-03-02T01:00:00.000Z', 'r-1', 1),
               ('social-security', '2026-03-02', 2, 'A002', 0, '2026-03-02T01:01:00.000Z', 'r-2', 0);
    `);
    legacy.close();
    const states = open().prepare('SELECT request_id, print_state FROM tickets ORDER BY seq').all();
    expect(states).toEqual([
      { request_id: 'r-1', print_state: 'printed' },
      { request_id: 'r-2', print_state: 'pending' },
    ]);
  });

  it('maps queued reader states the registry does not know to reader-fault, leaving acknowledged ones', () => {
    const legacy = new Database(file);
    legacy.exec(UNVERSIONED_SCHEMA);
    const insert = legacy.prepare(
      'INSERT INTO outbox (type, payload, created_at) VALUES (?, ?, ?)',
    );
    for (const state of ['no-card', 'no-card', 'reader-offline', 'card-unreadable']) {
      insert.run(
        'device.status-changed',
        JSON.stringify({ device: 'idCardReader', state }),
        '2026-03-02T01:00:00.000Z',
      );
    }
    legacy.exec('UPDATE outbox_ack SET acked_up_to = 1');
    legacy.close();

    const states = open()
      .prepare("SELECT json_extract(payload, '$.state') FROM outbox ORDER BY seq")
      .pluck()
      .all();
    expect(states).toEqual(['no-card', 'reader-fault', 'reader-offline', 'reader-fault']);
  });

  it('creates a new file with every table and keeps it across reopening', () => {
    const fresh = open();
    createOutbox(fresh).record({ type: 'staff.called', payload: { screen: 'home' } });
    fresh.close();
    expect(createOutbox(open()).pendingCount()).toBe(1);
  });

  it('refuses a file from a newer release instead of guessing at it', () => {
    open().pragma(`user_version = ${TERMINAL_MIGRATIONS.length + 1}`);
    db!.close();
    const result = openTerminalDatabase(file);
    expect(result).toMatchObject({ ok: false, error: { kind: 'newer-schema' } });
  });

  it('holds every outbox and queue step, each in its own part’s order', () => {
    for (const partSteps of [OUTBOX_MIGRATIONS, TICKET_MIGRATIONS]) {
      const positions = partSteps.map((step) => TERMINAL_MIGRATIONS.indexOf(step));
      expect(positions).not.toContain(-1);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    expect(new Set(TERMINAL_MIGRATIONS).size).toBe(TERMINAL_MIGRATIONS.length);
  });
});
