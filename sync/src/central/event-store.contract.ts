import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEGACY_EPOCH, type EventBatch } from '@bianmin/contract';
import { SERVICES, batch, ticketEvent } from '../testing/fixtures.js';
import type { EventStore } from './event-store.js';

export interface StoreUnderTest<Store> {
  store: Store;
  close(): Promise<void>;
}

const T1 = 'xz-xfl-001';
const T2 = 'xz-xfl-002';
const RECEIVED = new Date('2026-03-02T02:00:00.000Z');
const SENT = '2026-03-02T01:59:00.000Z';
const CREATED = '2026-03-02T01:30:00.000Z';
const EPOCH_1 = '3f0c8a52-1d7e-4c41-9f0e-2b6a1c9d7e01';
const EPOCH_2 = '8d2e4b17-6a3c-4f58-b1d9-7c0e5a2f4b02';

const inEpoch = (
  epoch: string | undefined,
  seqs: number[],
  extra: Partial<EventBatch> = {},
): EventBatch => ({
  ...batch(
    T1,
    SENT,
    seqs.map((seq) => ticketEvent(seq, CREATED)),
  ),
  ...(epoch !== undefined && { epoch }),
  ...extra,
});

/**
 * The EventStore contract, run against every implementation (SQLite, PostgreSQL): what
 * ingest stores, counts and acknowledges, and the position it reports.
 */
export function describeEventStore(
  name: string,
  makeStore: () => Promise<StoreUnderTest<EventStore>>,
): void {
  describe(`EventStore on ${name}`, () => {
    let subject: StoreUnderTest<EventStore>;
    let store: EventStore;
    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(() => subject.close());

    it('stores new events, acknowledges the run from 1 and reports the position', async () => {
      expect(await store.position(T1, EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 0 });
      expect(await store.ingest(inEpoch(EPOCH_1, [1, 2, 3]), RECEIVED)).toEqual({
        epoch: EPOCH_1,
        ackedUpTo: 3,
        stored: 3,
        duplicates: 0,
        conflicts: 0,
        conflictingSeqs: [],
        lost: 0,
      });
      expect(await store.position(T1, EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 3 });
      expect(await store.position(T2, EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 0 });
    });

    it('keeps one position per epoch, the same seq in two epochs being two events', async () => {
      await store.ingest(inEpoch(EPOCH_1, [1, 2, 3]), RECEIVED);
      const second = await store.ingest(inEpoch(EPOCH_2, [1, 2]), RECEIVED);
      expect(second).toMatchObject({ epoch: EPOCH_2, ackedUpTo: 2, stored: 2, duplicates: 0 });
      expect(await store.position(T1, EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 3 });
    });

    it('takes a batch without epoch as the legacy epoch', async () => {
      expect(await store.ingest(inEpoch(undefined, [1, 2]), RECEIVED)).toMatchObject({
        epoch: LEGACY_EPOCH,
        ackedUpTo: 2,
      });
      expect(await store.ingest(inEpoch(LEGACY_EPOCH, [2, 3]), RECEIVED)).toMatchObject({
        epoch: LEGACY_EPOCH,
        ackedUpTo: 3,
        stored: 1,
        duplicates: 1,
      });
    });

    it('counts an identical resend as duplicates, even received later', async () => {
      await store.ingest(inEpoch(EPOCH_1, [1, 2]), RECEIVED);
      const later = new Date(RECEIVED.getTime() + 3_600_000);
      expect(await store.ingest(inEpoch(EPOCH_1, [1, 2]), later)).toMatchObject({
        ackedUpTo: 2,
        stored: 0,
        duplicates: 2,
        conflicts: 0,
      });
    });

    it('holds the position at a gap and moves it once the gap is filled', async () => {
      expect(await store.ingest(inEpoch(EPOCH_1, [1, 2, 4, 5]), RECEIVED)).toMatchObject({
        ackedUpTo: 2,
        stored: 4,
      });
      expect(await store.ingest(inEpoch(EPOCH_1, [3]), RECEIVED)).toMatchObject({
        ackedUpTo: 5,
        stored: 1,
      });
    });

    it('reports a seq reused with other content as a conflict and acknowledges below it', async () => {
      await store.ingest(inEpoch(EPOCH_1, [1, 2, 3]), RECEIVED);
      const reused = inEpoch(EPOCH_1, [2, 3, 4]);
      reused.events[1] = ticketEvent(3, CREATED, SERVICES.medicalInsurance);
      reused.events[0] = { ...ticketEvent(2, CREATED), createdAt: '2026-03-02T01:31:00.000Z' };
      expect(await store.ingest(reused, RECEIVED)).toEqual({
        epoch: EPOCH_1,
        ackedUpTo: 1,
        stored: 1,
        duplicates: 2,
        conflicts: 2,
        conflictingSeqs: [2, 3],
        lost: 0,
      });
      // The position tracks what is held; only the reply stops below the conflict.
      expect(await store.position(T1, EPOCH_1)).toEqual({ epoch: EPOCH_1, ackedUpTo: 4 });
    });

    it('compares a seq listed twice in one batch with its first listing', async () => {
      const twice = inEpoch(EPOCH_1, [1, 1, 2, 2]);
      twice.events[3] = ticketEvent(2, CREATED, SERVICES.medicalInsurance);
      expect(await store.ingest(twice, RECEIVED)).toMatchObject({
        ackedUpTo: 1,
        stored: 2,
        duplicates: 2,
        conflicts: 1,
        conflictingSeqs: [2],
      });
    });

    it('stops waiting below heldFrom for seqs it lacks, and counts them lost', async () => {
      await store.ingest(inEpoch(EPOCH_1, [2]), RECEIVED);
      expect(await store.ingest(inEpoch(EPOCH_1, [4, 5], { heldFrom: 4 }), RECEIVED)).toMatchObject(
        { ackedUpTo: 5, lost: 2 },
      );
      expect(await store.ingest(inEpoch(EPOCH_1, [6], { heldFrom: 2 }), RECEIVED)).toMatchObject({
        ackedUpTo: 6,
        lost: 0,
      });
    });

    it('stores events whose corrected times fall in different months', async () => {
      const spanning: EventBatch = {
        ...batch(T1, '2026-04-01T00:10:00.000Z', [
          ticketEvent(1, '2026-03-31T23:50:00.000Z'),
          ticketEvent(2, '2026-04-01T00:05:00.000Z'),
          // Stamped before the terminal's clock was set: counted at receipt, flagged.
          ticketEvent(3, '1970-01-01T00:00:10.000Z'),
        ]),
        epoch: EPOCH_1,
      };
      const received = new Date('2026-04-01T00:10:00.000Z');
      expect(await store.ingest(spanning, received)).toMatchObject({ ackedUpTo: 3, stored: 3 });
      expect(await store.ingest(spanning, received)).toMatchObject({ duplicates: 3, conflicts: 0 });
    });

    it("gives a terminal's highest ticket count per service in a time range, over every epoch", async () => {
      const at = (time: string) => `2026-03-02T${time}:00.000Z`;
      const medical = SERVICES.medicalInsurance;
      await store.ingest(
        {
          ...batch(T1, SENT, [ticketEvent(1, at('00:10')), ticketEvent(2, at('00:20'))]),
          epoch: EPOCH_1,
        },
        RECEIVED,
      );
      await store.ingest(
        {
          ...batch(T1, SENT, [
            ticketEvent(7, at('00:30'), medical),
            // After the range's end, and before its start: not counted.
            ticketEvent(9, at('16:00'), medical),
            ticketEvent(12, '2026-03-01T15:59:00.000Z'),
          ]),
          epoch: EPOCH_2,
        },
        RECEIVED,
      );
      // Another terminal's tickets are its own.
      await store.ingest(
        { ...batch(T2, SENT, [ticketEvent(40, at('00:40'))]), epoch: EPOCH_1 },
        RECEIVED,
      );
      const counters = await store.lastTicketSeqs(
        T1,
        new Date('2026-03-01T16:00:00.000Z'),
        new Date(at('16:00')),
      );
      expect(counters.sort((a, b) => a.serviceId.localeCompare(b.serviceId))).toEqual([
        { serviceId: medical.serviceId, lastSeq: 7 },
        { serviceId: SERVICES.socialSecurity.serviceId, lastSeq: 2 },
      ]);
      expect(await store.lastTicketSeqs(T2, new Date(at('01:00')), new Date(at('02:00')))).toEqual(
        [],
      );
    });
  });
}
