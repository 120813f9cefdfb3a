import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogger, makeTempDir, type TempDir } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig, residentCatalogue } from '@bianmin/config';
import type { AgentEvent } from '@bianmin/contract';
import { createOutbox } from '@bianmin/sync/outbox';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { createTicketStore } from '../queue/ticket-store.js';
import { wireHall } from './hall.js';

const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!loaded.ok) throw new Error('the default config must be valid');
const { services } = loaded.value;
const counter = services.counters[0]!;
const serviceId = counter.services[0]!;
const service = residentCatalogue(services).queues.find((q) => q.id === serviceId)!;

describe('what the hall displays are told', () => {
  let dir: TempDir;
  let db: Database.Database;
  let at: Date;
  let events: AgentEvent[];

  beforeEach(() => {
    dir = makeTempDir('hall');
    const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    db = opened.value;
    at = new Date('2026-03-02T01:00:00Z');
    events = [];
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  const changes = () => events.filter((e) => e.type === 'queue-changed').length;

  it('hears of a pause, a resume and a ticket finished, and of a new day that empties the lists', async () => {
    const outbox = createOutbox(db);
    const hall = wireHall({
      db,
      outbox,
      services,
      queueServiceIds: [serviceId],
      counterHardware: { callers: null, displays: null, announcer: null },
      timeZone: 'Asia/Shanghai',
      publish: (event) => events.push(event),
      logger: captureLogger('hall').logger,
      now: () => at,
    });
    const tickets = createTicketStore(db, outbox, {
      timeZone: 'Asia/Shanghai',
      now: () => at,
      counters: services.counters,
    });
    const issued = tickets.issue({
      requestId: 'hall-0001',
      service,
      priority: false,
      durationMs: 1000,
    });
    expect(issued.ok).toBe(true);
    hall.hallFeed.changed();
    expect(hall.queue.callNext(counter.number).ok).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['queue-changed', 'queue-called', 'queue-changed']);

    // The waiting counts stay as they are: each of these changes only the counter's tile.
    events = [];
    hall.queue.setPaused(counter.number, true);
    expect(changes()).toBe(1);
    hall.queue.setPaused(counter.number, false);
    expect(changes()).toBe(2);
    at = new Date(at.getTime() + 60_000);
    expect(hall.queue.finish(counter.number, 'current').ok).toBe(true);
    expect(changes()).toBe(3);
    // Nothing new to show: nothing sent.
    hall.queue.setPaused(counter.number, false);
    hall.hallFeed.changed();
    expect(changes()).toBe(3);

    // The next morning today's calls are none: the displays must drop yesterday's.
    at = new Date('2026-03-03T01:00:00Z');
    hall.dayEnd.start();
    await vi.waitFor(() => expect(changes()).toBe(4));
    await hall.dayEnd.stop();
  });
});
