import type { EventBatch } from '@bianmin/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_STORAGES, openTestStores, type TestStores } from '../../testing/test-stores.js';
import type { CoverageJudge } from './coverage-store.js';
import { createServiceTimeIngest } from './service-time-ingest.js';
import type { TerminalCommunities } from './terminal-communities.js';

const COMMUNITY = '140902001001';
const judge: CoverageJudge = (_code, _day, best) => ({ covered: best >= 8 * 3600, kind: 'urban' });

/** Nine hours in service on 2 March (Beijing time), reported by `terminalId`. */
const nineHours = (terminalId: string): EventBatch => ({
  terminalId,
  epoch: 'e1',
  sentAt: '2026-03-02T10:00:01.000Z',
  events: [
    {
      seq: 1,
      type: 'service-time.recorded',
      createdAt: '2026-03-02T10:00:00.000Z',
      payload: {
        state: 'in-service',
        from: '2026-03-02T01:00:00.000Z',
        to: '2026-03-02T10:00:00.000Z',
      },
    },
  ],
});

describe.each(TEST_STORAGES)(
  'service time of a terminal whose community is not known yet (%s)',
  (storage) => {
    let opened: TestStores;
    afterEach(() => opened.close());

    const coveredDays = async () =>
      (
        await opened.stores.coverage.coveredCounts(
          { prefix: '14', from: '2026-03-01', to: '2026-03-31' },
          12,
        )
      ).reduce((sum, row) => sum + row.n, 0);

    it('waits for the community, and counts once a heartbeat names it, also after a restart', async () => {
      opened = await openTestStores(storage);
      let community: string | null = null;
      const terminals: TerminalCommunities = { communityOf: async () => community };
      const ingest = () =>
        createServiceTimeIngest({
          store: opened.stores.coverage,
          terminals,
          judge,
          timeZone: 'Asia/Shanghai',
        });

      const first = ingest();
      await first.record(nineHours('T-LEGACY'), new Date('2026-03-02T10:00:02.000Z'));
      await first.terminalSeen('T-LEGACY');
      expect(await coveredDays()).toBe(0);
      expect(await opened.stores.coverage.terminalsWithUnassignedDays()).toEqual(
        new Set(['T-LEGACY']),
      );

      // A restarted centre reads the waiting terminals back in one query.
      community = COMMUNITY;
      const restarted = ingest();
      await restarted.terminalSeen('T-OTHER');
      await restarted.terminalSeen('T-LEGACY');
      expect(await coveredDays()).toBe(1);
      expect(await opened.stores.coverage.terminalsWithUnassignedDays()).toEqual(new Set());
    });
  },
);
