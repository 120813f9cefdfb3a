import { join } from 'node:path';
import { makeTempDir } from '@bianmin/common/testing';
import type { Counter } from '@bianmin/config';
import { createOutbox } from '@bianmin/sync/outbox';
import type { QueueCall } from '@bianmin/contract';
import { createCounterQueue } from '../queue/counter-queue.js';
import { openTerminalDatabase } from '../queue/terminal-database.js';
import { createTicketStore } from '../queue/ticket-store.js';

const A = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
const B = { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' };
const FIXTURE_COUNTERS: Counter[] = [
  { number: 1, name: '1号窗口', services: [A.id] },
  { number: 2, name: '2号窗口', services: [B.id, A.id] },
];

/** A real queue on a temp database, with a clock the test moves past the double-call guard. */
export function queueFixture(onCall?: (call: QueueCall) => void) {
  const dir = makeTempDir('caller-queue');
  const opened = openTerminalDatabase(join(dir.path, 'terminal.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  db.prepare('UPDATE database_birth SET created_at = NULL').run();
  const outbox = createOutbox(db);
  let at = new Date('2026-03-02T01:00:00Z');
  const now = () => at;
  const tickets = createTicketStore(db, outbox, {
    timeZone: 'Asia/Shanghai',
    now,
    counters: FIXTURE_COUNTERS,
  });
  const queue = createCounterQueue(db, outbox, {
    counters: FIXTURE_COUNTERS,
    calling: {
      recallsBeforeNoShow: 2,
      repeatCallGuardSeconds: 5,
      counterNetworks: [],
      announcements: [],
    },
    queueServiceIds: [A.id, B.id],
    timeZone: 'Asia/Shanghai',
    now,
    ...(onCall && { onCall }),
  });
  let seq = 0;
  return {
    queue,
    /** Moves the clock on, by default past the double-call guard. */
    later(seconds = 60) {
      at = new Date(at.getTime() + seconds * 1000);
    },
    issue(service: 'A' | 'B' = 'A'): string {
      at = new Date(at.getTime() + 1000);
      const issued = tickets.issue({
        requestId: `request-${String(++seq).padStart(4, '0')}`,
        service: service === 'A' ? A : B,
        priority: false,
        durationMs: 1000,
      });
      if (!issued.ok) throw new Error('refused');
      return issued.value.number;
    },
    close() {
      db.close();
      dir.remove();
    },
  };
}
