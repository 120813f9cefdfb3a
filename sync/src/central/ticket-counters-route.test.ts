import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH, TICKET_COUNTERS_PATH } from '@bianmin/contract';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { SERVICES, batch, ticketEvent } from '../testing/fixtures.js';

const T1 = 'xz-xfl-001';
const T2 = 'xz-xfl-002';
const NOW = '2026-03-02T06:00:00.000Z';
const SENT = '2026-03-02T05:59:00.000Z';
/** 2 March in Asia/Shanghai, as the terminal sends it. */
const DAY = { from: '2026-03-01T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z' };

describe('POST /api/v1/ticket-counters', () => {
  let centre: CentralHarness;
  beforeEach(async () => {
    centre = await startCentralHarness({ now: NOW });
    const delivered = await centre.post(
      EVENTS_PATH,
      batch(T1, SENT, [
        ticketEvent(1, '2026-03-02T01:00:00.000Z'),
        ticketEvent(2, '2026-03-02T01:10:00.000Z'),
        ticketEvent(3, '2026-03-02T02:00:00.000Z', SERVICES.medicalInsurance),
        // The day before, by the terminal's local day: not today's count.
        ticketEvent(30, '2026-03-01T15:00:00.000Z'),
      ]),
    );
    expect(delivered.status).toBe(200);
    const other = await centre.post(
      EVENTS_PATH,
      batch(T2, SENT, [ticketEvent(77, '2026-03-02T01:00:00.000Z')]),
    );
    expect(other.status).toBe(200);
  });
  afterEach(() => centre.close());

  it("answers the signing terminal's highest ticket count per service that day", async () => {
    const reply = await centre.post(TICKET_COUNTERS_PATH, { terminalId: T1, ...DAY });
    expect(reply.status).toBe(200);
    const { counters } = (await reply.json()) as { counters: { serviceId: string }[] };
    expect(counters.sort((a, b) => a.serviceId.localeCompare(b.serviceId))).toEqual([
      { serviceId: SERVICES.medicalInsurance.serviceId, lastSeq: 3 },
      { serviceId: SERVICES.socialSecurity.serviceId, lastSeq: 2 },
    ]);
  });

  it("refuses another terminal's counts and unsigned requests", async () => {
    const asT2 = await centre.enrolTerminal(T2);
    const bytes = Buffer.from(JSON.stringify({ terminalId: T1, ...DAY }));
    const mismatched = await fetch(centre.url + TICKET_COUNTERS_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...asT2.sign('POST', TICKET_COUNTERS_PATH, bytes),
      },
      body: bytes,
    });
    expect(mismatched.status).toBe(403);
    expect(await mismatched.json()).toMatchObject({ error: 'terminal-mismatch' });
    const unsigned = await centre.postUnsigned(TICKET_COUNTERS_PATH, { terminalId: T1, ...DAY });
    expect(unsigned.status).toBe(401);
  });

  it('refuses a range that is not one day', async () => {
    const week = { from: DAY.from, to: '2026-03-08T16:00:00.000Z' };
    const reply = await centre.post(TICKET_COUNTERS_PATH, { terminalId: T1, ...week });
    expect(reply.status).toBe(400);
    const backwards = { from: DAY.to, to: DAY.from };
    expect((await centre.post(TICKET_COUNTERS_PATH, { terminalId: T1, ...backwards })).status).toBe(
      400,
    );
  });
});
