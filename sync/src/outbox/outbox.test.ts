import { join } from 'node:path';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@bianmin/common/sqlite';
import { makeTempDir } from '@bianmin/common/testing';
import { LEGACY_EPOCH } from '@bianmin/contract';
import { addOutboxEpoch, OUTBOX_MIGRATIONS } from './migrations.js';
import { createOutbox, type Outbox, type OutboxEventInput } from './outbox.js';

const openOutboxFile = (file: string): Database.Database => {
  const opened = openDatabase(file, { migrations: OUTBOX_MIGRATIONS });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
};

const staffCalled = (screen = 'home'): OutboxEventInput => ({
  type: 'staff.called',
  payload: { screen },
});

describe('outbox', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  let db: Database.Database;
  let outbox: Outbox;

  beforeEach(() => {
    dir = makeTempDir();
    file = join(dir.path, 'agent.sqlite');
    db = openOutboxFile(file);
    db.exec('CREATE TABLE tickets (id INTEGER PRIMARY KEY, number TEXT NOT NULL)');
    outbox = createOutbox(db, { now: () => new Date('2026-03-01T01:00:00Z') });
  });

  afterEach(() => {
    if (db.open) db.close();
    dir.remove();
  });

  it('commits the event with the caller fact', () => {
    const seq = db.transaction(() => {
      db.prepare("INSERT INTO tickets (number) VALUES ('A001')").run();
      return outbox.append(staffCalled());
    })();
    expect(seq).toBe(1);
    expect(outbox.pending(10)).toEqual([
      {
        seq: 1,
        type: 'staff.called',
        createdAt: '2026-03-01T01:00:00.000Z',
        payload: { screen: 'home' },
      },
    ]);
  });

  it('leaves no event when the caller transaction rolls back', () => {
    const issue = db.transaction(() => {
      db.prepare("INSERT INTO tickets (number) VALUES ('A001')").run();
      outbox.append(staffCalled());
      throw new Error('printer jammed before commit');
    });
    expect(() => issue()).toThrow('printer jammed');
    expect(outbox.pendingCount()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(0);
    // The rolled-back seq is reused: no gap the centre would wait on forever.
    expect(outbox.record(staffCalled())).toBe(1);
  });

  it('refuses an event the centre would refuse, with the fact it describes, so it never blocks the queue', () => {
    const issue = db.transaction(() => {
      db.prepare("INSERT INTO tickets (number) VALUES ('A001')").run();
      // A screen name the centre's Token pattern refuses.
      outbox.append(staffCalled('-home'));
    });
    expect(() => issue()).toThrow(/staff\.called event the centre would refuse \(\/screen /);
    expect(outbox.pendingCount()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(0);
    expect(outbox.record(staffCalled('home'))).toBe(1);
  });

  it('refuses append outside a transaction, pointing to record()', () => {
    expect(() => outbox.append(staffCalled())).toThrow(/db\.transaction.*record\(\)/);
  });

  it('assigns strictly increasing seqs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), (n) => {
        const before = outbox.pending(10_000).at(-1)?.seq ?? 0;
        const seqs = Array.from({ length: n }, () => outbox.record(staffCalled()));
        expect(seqs).toEqual(Array.from({ length: n }, (_, i) => before + i + 1));
      }),
      { numRuns: 20 },
    );
  });

  it('strips fields outside the whitelist before storing', () => {
    const payload = { screen: 'home', name: '王秀英', idNumber: '110101194001011234' };
    outbox.record({ type: 'staff.called', payload });
    const stored = db.prepare('SELECT payload FROM outbox').pluck().get() as string;
    expect(JSON.parse(stored)).toEqual({ screen: 'home' });
  });

  it('drops prioritySource from events queued before it left the protocol', () => {
    const payload = {
      serviceId: 'social-security',
      serviceName: '社保查询',
      ticketNumber: 'A001',
      priority: true,
      durationMs: 30_000,
    };
    outbox.record({ type: 'ticket.issued', payload });
    outbox.record(staffCalled());
    db.prepare("UPDATE outbox SET payload = ? WHERE type = 'ticket.issued'").run(
      JSON.stringify({ ...payload, prioritySource: 'disability' }),
    );
    db.pragma('user_version = 1'); // as a file from before that step
    db.close();
    db = openOutboxFile(file);
    outbox = createOutbox(db);
    const stored = db.prepare('SELECT payload FROM outbox ORDER BY seq').pluck().all();
    // Byte for byte what the centre's own rewrite and JSON.stringify produce.
    expect(stored).toEqual([JSON.stringify(payload), '{"screen":"home"}']);
    expect(outbox.pending(10).map((e) => e.payload)).toEqual([payload, { screen: 'home' }]);
  });

  it('clamps service times queued over a day before the wire kept them within it', () => {
    const done = (serviceMs: number) => ({
      ticketNumber: 'A001',
      serviceId: 'social-security',
      counter: 1,
      serviceMs,
    });
    outbox.record({ type: 'queue.done', payload: done(60_000) });
    outbox.record(staffCalled());
    // As an older release stored it: measured across a clock step, refused by the centre.
    db.prepare("UPDATE outbox SET payload = ? WHERE type = 'queue.done'").run(
      JSON.stringify(done(3 * 86_400_000)),
    );
    db.pragma(`user_version = ${OUTBOX_MIGRATIONS.length - 1}`); // as a file from before the step
    db.close();
    db = openOutboxFile(file);
    outbox = createOutbox(db);
    expect(outbox.pending(10).map((e) => e.payload)).toEqual([
      done(86_400_000),
      { screen: 'home' },
    ]);
  });

  it('returns only unacknowledged events, oldest first, up to the limit', () => {
    for (let i = 0; i < 5; i++) outbox.record(staffCalled());
    expect(outbox.acknowledge(2)).toBe(2);
    expect(outbox.pending(2).map((e) => e.seq)).toEqual([3, 4]);
    expect(outbox.pendingCount()).toBe(3);
  });

  it('never moves the acknowledgement backwards', () => {
    for (let i = 0; i < 5; i++) outbox.record(staffCalled());
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 8 }), { maxLength: 20 }), (acks) => {
        let previous = outbox.ackedUpTo();
        for (const upTo of acks) {
          const marker = outbox.acknowledge(upTo);
          expect(marker).toBeGreaterThanOrEqual(previous);
          previous = marker;
        }
      }),
    );
  });

  it('never acknowledges a seq it has not assigned yet', () => {
    outbox.record(staffCalled());
    outbox.record(staffCalled());
    // A centre holding seq 1..5000 from before this terminal was re-imaged.
    expect(outbox.acknowledge(5000)).toBe(2);
    outbox.record(staffCalled());
    expect(outbox.pending(10).map((e) => e.seq)).toEqual([3]);
  });

  it('keeps events and the ack marker across close and reopen', () => {
    for (let i = 0; i < 3; i++) outbox.record(staffCalled());
    outbox.acknowledge(1);
    db.close();

    db = openOutboxFile(file);
    const reopened = createOutbox(db);
    expect(reopened.ackedUpTo()).toBe(1);
    expect(reopened.pending(10).map((e) => e.seq)).toEqual([2, 3]);
    expect(reopened.record(staffCalled())).toBe(4);
  });

  it('prunes only acknowledged events older than the cutoff', () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const timed = createOutbox(db, { now: () => now });
    for (let i = 0; i < 4; i++) timed.record(staffCalled());
    timed.acknowledge(3);
    now = new Date('2026-03-31T00:00:00Z');
    timed.record(staffCalled());

    expect(timed.prune(7)).toBe(3); // 1..3: acknowledged and 30 days old; 4 is not acked
    expect(db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual([4, 5]);
    timed.acknowledge(5);
    expect(timed.prune(7)).toBe(1); // 4 now acked; 5 is recent
    expect(db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual([5]);
    // Seqs keep counting after a prune: the centre dedupes by them.
    expect(timed.record(staffCalled())).toBe(6);
  });

  it('prunes only from the oldest, so a clock that was behind or ahead leaves no hole', () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const timed = createOutbox(db, { now: () => now });
    timed.record(staffCalled()); // 1
    timed.record({ ...staffCalled(), createdAt: new Date('2000-01-01T00:00:00Z') }); // 2
    timed.record(staffCalled()); // 3
    timed.record({ ...staffCalled(), createdAt: new Date('2031-01-01T00:00:00Z') }); // 4
    timed.record(staffCalled()); // 5
    timed.acknowledge(5);
    const held = () => db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all();
    now = new Date('2026-03-10T00:00:00Z');
    // 2 is dated long ago, but 1 before it is only nine days old.
    expect(timed.prune(30)).toBe(0);
    expect(held()).toEqual([1, 2, 3, 4, 5]);
    now = new Date('2026-04-05T00:00:00Z');
    // 1..5 are old (4's date in 2031 cannot be true, so it does not count as young); 6 is not.
    timed.record(staffCalled()); // 6
    now = new Date('2026-05-01T00:00:00Z');
    expect(timed.prune(30)).toBe(5);
    expect(held()).toEqual([6]);
    expect(timed.heldFrom()).toBe(6);
  });

  it('prunes nothing by a clock that was never set (a board without a clock battery)', () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const timed = createOutbox(db, { now: () => now });
    for (let i = 0; i < 3; i++) timed.record(staffCalled());
    timed.acknowledge(3);
    // Restarted before NTP: every event looks dated in the future, none is 30 days old.
    now = new Date('1970-01-01T00:00:42Z');
    expect(timed.prune(30)).toBe(0);
    expect(db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual([1, 2, 3]);
    now = new Date('2026-04-15T00:00:00Z');
    expect(timed.prune(30)).toBe(3);
  });

  it('does not prune unacknowledged events however old', () => {
    let now = new Date('2026-01-05T00:00:00Z');
    const timed = createOutbox(db, { now: () => now });
    timed.record(staffCalled());
    now = new Date('2026-06-01T00:00:00Z');
    expect(timed.prune(1)).toBe(0);
    expect(timed.pendingCount()).toBe(1);
  });

  it('has a random epoch from its creation, kept across reopen', () => {
    const epoch = outbox.epoch();
    expect(epoch).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    db.close();
    db = openOutboxFile(file);
    expect(createOutbox(db).epoch()).toBe(epoch);
    const other = openOutboxFile(join(dir.path, 'replacement.sqlite'));
    expect(createOutbox(other).epoch()).not.toBe(epoch);
    other.close();
  });

  it('keeps the legacy epoch when upgraded after assigning seqs, as the centre holds them so', () => {
    outbox.record(staffCalled());
    db.exec('DROP TABLE outbox_meta');
    db.pragma(`user_version = ${OUTBOX_MIGRATIONS.indexOf(addOutboxEpoch)}`); // before epochs
    db.close();
    db = openOutboxFile(file);
    outbox = createOutbox(db);
    expect(outbox.epoch()).toBe(LEGACY_EPOCH);
    expect(outbox.record(staffCalled())).toBe(2);
  });

  it('rewinds to resend what a restored centre lacks, never forwards', () => {
    for (let i = 0; i < 5; i++) outbox.record(staffCalled());
    outbox.acknowledge(4);
    expect(outbox.rewind(2)).toBe(2);
    expect(outbox.pending(10).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(outbox.rewind(3)).toBe(2);
    expect(outbox.rewind(-1)).toBe(2);
  });

  it('rewinds no further than the events it still holds', () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const timed = createOutbox(db, { now: () => now });
    for (let i = 0; i < 4; i++) timed.record(staffCalled());
    timed.acknowledge(4);
    now = new Date('2026-03-20T00:00:00Z');
    timed.record(staffCalled());
    timed.acknowledge(5);
    expect(timed.prune(7)).toBe(4);
    expect(timed.heldFrom()).toBe(5);
    expect(timed.rewind(0)).toBe(4);
    expect(timed.pending(10).map((e) => e.seq)).toEqual([5]);
    timed.acknowledge(5);
    now = new Date('2026-04-20T00:00:00Z');
    expect(timed.prune(7)).toBe(1);
    // Nothing held: the next seq is where the held run would start.
    expect(timed.heldFrom()).toBe(6);
    expect(timed.rewind(0)).toBe(5);
  });
});
