/**
 * The EventStore alone, SQLite against PostgreSQL, on the same 100-event batches: SQLite in
 * a file with synchronous=FULL, PostgreSQL in a throwaway Debian cluster with fsync and
 * synchronous commit on, over its Unix socket. One terminal at a time (latency), then 8
 * terminals at once (throughput; SQLite takes them one after another).
 */
import { join } from 'node:path';
import type { EventBatch } from '@bianmin/contract';
import { openCentralDatabase } from '../../sync/src/central/database.js';
import { createSqliteEventStore, type EventStore } from '../../sync/src/central/event-store.js';
import { openPostgresStorage } from '../../sync/src/central/storage/postgres/open-storage.js';
import { startPostgresCluster } from '../../sync/src/testing/postgres-cluster.js';
import { ms, stats, temp } from './shared.js';

const EVENTS_PER_BATCH = 100;

function makeBatch(terminalId: string, b: number, at: string): EventBatch {
  return {
    terminalId,
    sentAt: at,
    epoch: '3f0c8a52-1d7e-4c41-9f0e-2b6a1c9d7e01',
    events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
      seq: b * EVENTS_PER_BATCH + i + 1,
      type: 'ticket.issued',
      createdAt: at,
      payload: {
        serviceId: 'social-security',
        serviceName: '社保业务',
        ticketNumber: 'A001',
        priority: false,
        durationMs: 1000,
      },
    })),
  };
}

async function measure(name: string, store: EventStore): Promise<string[]> {
  const lines: string[] = [];
  for (const clients of [1, 8]) {
    const perClient = clients === 1 ? 300 : 60;
    const samples: number[] = [];
    const t = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let b = 0; b < perClient; b++) {
          const at = new Date();
          const batch = makeBatch(`T-store-${clients}-${c}`, b, at.toISOString());
          const t0 = performance.now();
          const outcome = await store.ingest(batch, at);
          samples.push(performance.now() - t0);
          if (outcome.stored !== EVENTS_PER_BATCH) throw new Error(`${name}: batch not stored`);
        }
      }),
    );
    const seconds = (performance.now() - t) / 1000;
    const s = stats(samples);
    const events = clients * perClient * EVENTS_PER_BATCH;
    lines.push(
      `EventStore on ${name}, ${clients} terminal${clients > 1 ? 's' : ''} at once: ${Math.round(events / seconds)} events/s; batch p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}`,
    );
  }
  return lines;
}

export async function benchStoreIngest(): Promise<string[]> {
  const opened = openCentralDatabase(join(temp('store-ingest'), 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const lines = await measure('SQLite', createSqliteEventStore(opened.value));
  opened.value.close();

  const cluster = startPostgresCluster({ durable: true });
  if (!cluster.ok) throw new Error(cluster.error);
  try {
    const storage = await openPostgresStorage(cluster.value.url, 8);
    lines.push(...(await measure('PostgreSQL', storage.events)));
    await storage.close();
  } finally {
    cluster.value.stop();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await benchStoreIngest()).join('\n'));
}
