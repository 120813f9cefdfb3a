/** Ticket + usage event in one SQLite transaction (synchronous=FULL), as the agent issues them. */
import { join } from 'node:path';
import { createOutbox } from '@bianmin/sync/outbox';
import { createTicketStore } from '../../device-agent/src/queue/ticket-store.js';
import { openTerminalDatabase } from '../../device-agent/src/queue/terminal-database.js';
import { ms, stats, temp } from './shared.js';

export function benchTicketStore(n = 2000): string {
  const opened = openTerminalDatabase(join(temp('store'), 'terminal.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  const outbox = createOutbox(db);
  const store = createTicketStore(db, outbox, { timeZone: 'Asia/Shanghai' });
  const service = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    store.issue({
      requestId: `bench-${i}-request`,
      service,
      priority: i % 5 === 0,
      durationMs: 1000,
    });
    samples.push(performance.now() - t0);
  }
  const s = stats(samples);
  const perSecond = n / ((performance.now() - started) / 1000);
  db.close();
  return `ticket store: ${perSecond.toFixed(0)} tickets/s (one transaction each, FULL sync); p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`;
}
