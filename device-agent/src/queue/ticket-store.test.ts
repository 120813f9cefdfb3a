import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@bianmin/common/testing';
import { createOutbox, type Outbox } from '@bianmin/sync/outbox';
import { openTerminalDatabase } from './terminal-database.js';
import { createTicketStore, type TicketStore } from './ticket-store.js';

const SERVICE = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
const OTHER = { id: 'medical', name: '医保业务', ticketPrefix: 'B' };
const request = (requestId: string, service = SERVICE, priority = false) => ({
  requestId,
  service,
  priority,
  durationMs: 1000,
});

describe('ticket store', () => {
  let dir: TempDir;
  let db: Database.Database;
  let outbox: Outbox;
  let store: TicketStore;

  beforeEach(() => {
    dir = makeTempDir('ticket-store');
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    outbox = createOutbox(db);
    store = createTicketStore(db, outbox, {
      timeZone: 'Asia/Shanghai',
      now: () => new Date('2026-03-02T02:00:00Z'),
    });
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  const issued = (id: string, service = SERVICE, priority = false) => {
    const result = store.issue(request(id, service, priority));
    if (!result.ok) throw new Error(`refused: ${result.error.field}`);
    return result.value;
  };

  it('never reuses a number on the day its database file began: that day counts from 501', () => {
    // This file began "now" by the system clock; pretend that was the morning of the test day.
    db.prepare('UPDATE database_birth SET created_at = ?').run('2026-03-02T00:30:00.000Z');
    let at = new Date('2026-03-02T02:00:00Z');
    const fresh = createTicketStore(db, outbox, { timeZone: 'Asia/Shanghai', now: () => at });
    const issue = (id: string) => {
      const result = fresh.issue(request(id));
      if (!result.ok) throw new Error('refused');
      return result.value.number;
    };
    expect([issue('born-0001'), issue('born-0002')]).toEqual(['A501', 'A502']);
    at = new Date('2026-03-03T02:00:00Z');
    expect(issue('next-day-0001')).toBe('A001');
  });

  it('issues one ticket per request id, with one usage event', () => {
    const first = issued('request-0001');
    const again = issued('request-0001');
    expect(first).toMatchObject({ number: 'A001', replayed: false, print: 'pending' });
    expect(again).toMatchObject({ number: 'A001', replayed: true, print: 'pending' });
    expect(outbox.pendingCount()).toBe(1);
  });

  it('refuses a retry that asks for another service or priority, issuing nothing', () => {
    issued('request-0001');
    expect(store.issue(request('request-0001', OTHER))).toEqual({
      ok: false,
      error: { kind: 'request-conflict', field: 'serviceId' },
    });
    expect(store.issue(request('request-0001', SERVICE, true))).toEqual({
      ok: false,
      error: { kind: 'request-conflict', field: 'priority' },
    });
    expect(outbox.pendingCount()).toBe(1);
    expect(issued('request-0002', OTHER).number).toBe('B001');
  });

  it('claims the automatic print once: a second claim sees it printing', () => {
    issued('request-0001');
    expect(store.claimPrint('request-0001')).toEqual({ ok: true, value: 'pending' });
    expect(store.claimPrint('request-0001')).toEqual({ ok: false, error: { kind: 'printing' } });
    store.finishPrint('request-0001', 'printed');
    expect(store.claimPrint('request-0001')).toEqual({
      ok: false,
      error: { kind: 'already-printed' },
    });
    expect(store.claimPrint('request-9999')).toEqual({
      ok: false,
      error: { kind: 'unknown-ticket' },
    });
  });

  it('keeps a print state across reopening, as after a crash between print and bookkeeping', () => {
    issued('request-0001');
    store.claimPrint('request-0001');
    db.close();
    const reopened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!reopened.ok) throw new Error(reopened.error.message);
    db = reopened.value;
    store = createTicketStore(db, createOutbox(db), { timeZone: 'Asia/Shanghai' });
    expect(issued('request-0001').print).toBe('printing');
    expect(store.claimPrint('request-0001')).toEqual({ ok: false, error: { kind: 'printing' } });
  });

  it('leaves a failed or interrupted print to an explicit reprint, never a printed one', () => {
    issued('request-0001');
    store.claimPrint('request-0001');
    store.finishPrint('request-0001', 'failed');
    expect(store.claimPrint('request-0001')).toEqual({ ok: false, error: { kind: 'failed' } });
    expect(store.claimReprint('request-0001')).toEqual({ ok: true, value: 'failed' });
    // Interrupted (still printing in the file): the reprint may take it too.
    expect(store.claimReprint('request-0001')).toEqual({ ok: true, value: 'printing' });
    store.finishPrint('request-0001', 'printed');
    expect(store.claimReprint('request-0001')).toEqual({
      ok: false,
      error: { kind: 'already-printed' },
    });
    expect(store.claimReprint('request-9999')).toEqual({
      ok: false,
      error: { kind: 'unknown-ticket' },
    });
  });

  it('finds a ticket by request id with the service name the caller knows it by', () => {
    issued('request-0001');
    issued('request-0002');
    expect(store.find('request-0002', (id) => `name of ${id}`)).toMatchObject({
      number: 'A002',
      serviceName: 'name of social-security',
      waitingAhead: 1,
    });
    expect(store.find('request-9999', () => '')).toBeUndefined();
  });
});
