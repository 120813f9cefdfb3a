import {
  MONITOR_REGIONS_CSV_PATH,
  MONITOR_REGIONS_PATH,
  MONITOR_TERMINALS_CSV_PATH,
  MONITOR_TERMINALS_PATH,
  type RegionSummary,
  type TerminalDetail,
  type TerminalPage,
} from '@bianmin/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralHarness, type CentralHarness } from '../../testing/central-harness.js';
import { TEST_STORAGES } from '../../testing/test-stores.js';
import {
  createAccount,
  getAs,
  login,
  regionalHeartbeat,
  sendHeartbeat,
} from '../../testing/monitoring-fixtures.js';
import { csvCell } from './csv.js';

const T0 = '2026-03-02T02:00:00.000Z';
describe.each(TEST_STORAGES)('on %s', (storage) => {
  let harness: CentralHarness;
  let xinzhou: string;
  let nation: string;

  // Five terminals in 忻州市 (one with its printer out of paper), three in 运城市.
  beforeAll(async () => {
    harness = await startCentralHarness({ now: T0, storage });
    for (let i = 1; i <= 5; i++) {
      const devices =
        i === 3 ? { idCardReader: 'ready' as const, printer: 'no-paper' as const } : undefined;
      await sendHeartbeat(
        harness,
        regionalHeartbeat(`xz-${i}`, 'xinzhou', T0, { community: i, ...(devices && { devices }) }),
      );
    }
    for (let i = 1; i <= 3; i++) {
      await sendHeartbeat(harness, regionalHeartbeat(`yc-${i}`, 'yuncheng', T0, { community: i }));
    }
    await createAccount(harness, { user: 'xz-staff', role: 'viewer', region: '1409' });
    await createAccount(harness, { user: 'nation', role: 'admin', region: 'nation' });
    xinzhou = await login(harness, 'xz-staff');
    nation = await login(harness, 'nation');
  });
  afterAll(() => harness.close());

  const page = async (cookie: string, query: string) => {
    const res = await getAs(harness, cookie, `${MONITOR_TERMINALS_PATH}?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as TerminalPage;
  };
  const ids = (p: TerminalPage) => p.items.map((t) => t.terminalId);

  describe('the monitoring API', () => {
    it('refuses every route without a session', async () => {
      for (const path of [
        MONITOR_TERMINALS_PATH,
        MONITOR_TERMINALS_CSV_PATH,
        MONITOR_REGIONS_PATH,
        MONITOR_REGIONS_CSV_PATH,
        `${MONITOR_TERMINALS_PATH}/xz-1`,
      ]) {
        expect((await harness.get(path)).status, path).toBe(401);
      }
    });

    it("lists only the account's region, a page at a time, in community order", async () => {
      const first = await page(xinzhou, 'limit=2');
      expect(ids(first)).toEqual(['xz-1', 'xz-2']);
      expect(first.total).toBe(5);
      const second = await page(xinzhou, `limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
      expect(ids(second)).toEqual(['xz-3', 'xz-4']);
      const last = await page(xinzhou, `limit=2&cursor=${encodeURIComponent(second.nextCursor!)}`);
      expect(ids(last)).toEqual(['xz-5']);
      expect(last.nextCursor).toBeNull();
      expect(ids(await page(nation, 'limit=50'))).toEqual([
        'yc-1',
        'yc-2',
        'yc-3',
        'xz-1',
        'xz-2',
        'xz-3',
        'xz-4',
        'xz-5',
      ]);
    });

    it('filters by region, presence and device fault', async () => {
      expect(ids(await page(nation, 'region=1408'))).toEqual(['yc-1', 'yc-2', 'yc-3']);
      expect(ids(await page(xinzhou, 'fault=any'))).toEqual(['xz-3']);
      expect(ids(await page(xinzhou, 'fault=printer'))).toEqual(['xz-3']);
      expect(ids(await page(xinzhou, 'fault=idCardReader'))).toEqual([]);
      expect(ids(await page(xinzhou, 'presence=degraded'))).toEqual(['xz-3']);
      const online = await page(xinzhou, 'presence=online');
      expect(online.total).toBe(4);
      expect(online.items[0]).toMatchObject({
        terminalId: 'xz-1',
        city: { name: '忻州市', code: '1409' },
        presence: 'online',
        faults: [],
      });
    });

    it('refuses a region outside the account and hides terminals outside it', async () => {
      const other = await getAs(harness, xinzhou, `${MONITOR_TERMINALS_PATH}?region=1408`);
      expect(other.status).toBe(403);
      expect((await other.json()) as { error: string }).toMatchObject({ error: 'outside-scope' });
      const wider = await getAs(harness, xinzhou, `${MONITOR_REGIONS_PATH}?region=14`);
      expect(wider.status).toBe(403);
      const csv = await getAs(harness, xinzhou, `${MONITOR_TERMINALS_CSV_PATH}?region=140821`);
      expect(csv.status).toBe(403);
      expect((await getAs(harness, xinzhou, `${MONITOR_TERMINALS_PATH}/yc-1`)).status).toBe(404);
      const own = await getAs(harness, xinzhou, `${MONITOR_TERMINALS_PATH}/xz-3`);
      expect(own.status).toBe(200);
      const detail = (await own.json()) as TerminalDetail;
      expect(detail.terminal.faults).toEqual([
        { device: 'printer', state: 'no-paper', label: '打印机：缺纸' },
      ]);
      expect(detail.presenceHistory.map((c) => c.presence)).toEqual(['degraded']);
    });

    it('counts terminals by presence in each region one level down', async () => {
      const res = await getAs(harness, nation, `${MONITOR_REGIONS_PATH}?region=14`);
      const summary = (await res.json()) as RegionSummary;
      expect(summary.childLevel).toBe('city');
      expect(summary.children.map((c) => [c.code, c.name, c.total, c.presence.degraded])).toEqual([
        ['1408', '运城市', 3, 0],
        ['1409', '忻州市', 5, 1],
      ]);
      expect(summary.total).toMatchObject({ name: '山西省', total: 8 });
      const own = (await (
        await getAs(harness, xinzhou, MONITOR_REGIONS_PATH)
      ).json()) as RegionSummary;
      expect(own.region).toBe('1409');
      expect(own.childLevel).toBe('county');
      expect(own.children.map((c) => c.name)).toEqual(['忻府区']);
    });

    it('exports the same rows as CSV, streamed, with a byte-order mark', async () => {
      const res = await getAs(harness, xinzhou, `${MONITOR_TERMINALS_CSV_PATH}?presence=online`);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toContain('terminals.csv');
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(text.startsWith('\ufeff终端编号,')).toBe(true);
      const rows = text.trim().split('\r\n').slice(1);
      expect(rows.map((r) => r.split(',')[0])).toEqual(['xz-1', 'xz-2', 'xz-4', 'xz-5']);
      const regions = await (await getAs(harness, nation, MONITOR_REGIONS_CSV_PATH)).text();
      expect(regions.trim().split('\r\n').at(-1)).toMatch(/^nation,全国,8,/);
    });

    it('quotes CSV cells and defuses spreadsheet formulas', () => {
      expect(csvCell('a,b')).toBe('"a,b"');
      expect(csvCell('say "hi"')).toBe('"say ""hi"""');
      expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
      expect(csvCell(null)).toBe('');
      expect(csvCell(-3)).toBe('-3');
    });
  });
});
