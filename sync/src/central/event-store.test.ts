import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import { LEGACY_EPOCH, type EventBatch, type TerminalOverview } from '@bianmin/contract';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { SERVICES, batch, heartbeatBody, ticketEvent } from '../testing/fixtures.js';
import { openCentralDatabase } from './database.js';
import { createSqliteEventStore } from './event-store.js';
import { describeEventStore } from './event-store.contract.js';

describeEventStore('SQLite', async () => {
  const dir = makeTempDir('event-store');
  const opened = openCentralDatabase(join(dir.path, 'central.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  return {
    store: createSqliteEventStore(db),
    close: async () => {
      db.close();
      dir.remove();
    },
  };
});

const T1 = 'xz-xfl-001';
const NOW = '2026-03-02T02:00:00.000Z';
const SENT = '2026-03-02T01:59:00.000Z';
const CREATED = '2026-03-02T01:30:00.000Z';
const EPOCH_1 = '3f0c8a52-1d7e-4c41-9f0e-2b6a1c9d7e01';
const EPOCH_2 = '8d2e4b17-6a3c-4f58-b1d9-7c0e5a2f4b02';

describe('events by outbox epoch', () => {
  let centre: CentralHarness;
  let log: ReturnType<typeof captureLogger>;

  beforeEach(async () => {
    log = captureLogger();
    centre = await startCentralHarness({ now: NOW, logger: log.logger });
  });
  afterEach(() => centre.close());

  const send = async (body: EventBatch) => {
    const res = await centre.post('/api/v1/events', body);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const inEpoch = (epoch: string | undefined, seqs: number[], extra: Partial<EventBatch> = {}) => ({
    ...batch(
      T1,
      SENT,
      seqs.map((seq) => ticketEvent(seq, CREATED)),
    ),
    ...(epoch !== undefined && { epoch }),
    ...extra,
  });
  const today = async () => {
    const list = (await (await centre.get('/api/v1/terminals')).json()) as TerminalOverview[];
    return list.find((t) => t.terminalId === T1)?.today;
  };

  it('counts the same seq in two epochs as two events, with a position per epoch', async () => {
    expect(await send(inEpoch(EPOCH_1, [1, 2, 3]))).toEqual({
      status: 200,
      body: { epoch: EPOCH_1, ackedUpTo: 3 },
    });
    // The terminal's database was replaced: a new epoch, seqs from 1 again.
    const second = inEpoch(EPOCH_2, [1, 2]);
    second.events[0] = ticketEvent(1, CREATED, SERVICES.medicalInsurance);
    expect(await send(second)).toEqual({ status: 200, body: { epoch: EPOCH_2, ackedUpTo: 2 } });
    expect(await today()).toEqual({
      ticketsByService: [
        { ...SERVICES.medicalInsurance, count: 1 },
        { ...SERVICES.socialSecurity, count: 4 },
      ],
      total: 5,
    });
    // Resending either epoch changes nothing.
    expect((await send(inEpoch(EPOCH_1, [1, 2, 3]))).body).toEqual({
      epoch: EPOCH_1,
      ackedUpTo: 3,
    });
    expect((await today())?.total).toBe(5);
  });

  it('takes a batch without epoch from a terminal older than epochs as the legacy epoch', async () => {
    expect(await send(inEpoch(undefined, [1, 2]))).toEqual({
      status: 200,
      body: { epoch: LEGACY_EPOCH, ackedUpTo: 2 },
    });
    // Upgraded, the same terminal names the legacy epoch and carries on from seq 3.
    const upgraded = await send(inEpoch(LEGACY_EPOCH, [2, 3]));
    expect(upgraded.body).toEqual({ epoch: LEGACY_EPOCH, ackedUpTo: 3 });
    expect((await today())?.total).toBe(3);
    expect(eventsNamed(log.lines, 'central.events-ingested')[1]).toMatchObject({
      epoch: LEGACY_EPOCH,
      stored: 1,
      duplicates: 1,
    });
  });

  it('still refuses a seq reused with other content inside one epoch', async () => {
    await send(inEpoch(EPOCH_1, [1]));
    const reused = inEpoch(EPOCH_1, [1]);
    reused.events[0] = ticketEvent(1, CREATED, SERVICES.medicalInsurance);
    const reply = await send(reused);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ ackedUpTo: 0, conflictingSeqs: [1] });
    expect((await today())?.total).toBe(1);
  });

  it('answers a heartbeat naming its epoch with the centre position on it', async () => {
    await send(inEpoch(EPOCH_1, [1, 2, 4]));
    const beat = async (outboxEpoch?: string) => {
      const body = { ...heartbeatBody(T1, SENT), ...(outboxEpoch && { outboxEpoch }) };
      return (await centre.post('/api/v1/heartbeat', body)).json();
    };
    expect(await beat(EPOCH_1)).toEqual({
      serverTime: NOW,
      delivery: { epoch: EPOCH_1, ackedUpTo: 2 },
    });
    expect(await beat(EPOCH_2)).toEqual({
      serverTime: NOW,
      delivery: { epoch: EPOCH_2, ackedUpTo: 0 },
    });
    expect(await beat()).toEqual({ serverTime: NOW });
  });

  it('stops waiting for seqs below heldFrom that it lacks, and counts them lost', async () => {
    await send(inEpoch(EPOCH_1, [2]));
    // The terminal pruned 1..3 long ago; the centre, restored from an old backup, holds only 2.
    const reply = await send(inEpoch(EPOCH_1, [4, 5], { heldFrom: 4 }));
    expect(reply.body).toEqual({ epoch: EPOCH_1, ackedUpTo: 5 });
    expect(eventsNamed(log.lines, 'central.events-lost')).toEqual([
      expect.objectContaining({ terminalId: T1, epoch: EPOCH_1, lost: 2 }),
    ]);
    // A heldFrom the centre is already past changes nothing.
    expect((await send(inEpoch(EPOCH_1, [6], { heldFrom: 2 }))).body).toEqual({
      epoch: EPOCH_1,
      ackedUpTo: 6,
    });
    expect(eventsNamed(log.lines, 'central.events-lost')).toHaveLength(1);
  });

  it('reports position 0 for an epoch it has never seen', async () => {
    const store = createSqliteEventStore(centre.db);
    expect(await store.position(T1, EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 0 });
    await store.ingest(inEpoch(EPOCH_1, [1]), new Date(NOW));
    expect(await store.position(T1, EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 1 });
    expect(await store.position('xz-xfl-002', EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 0 });
  });
});
