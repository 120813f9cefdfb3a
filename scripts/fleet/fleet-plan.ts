import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import type { TerminalEvent, TerminalIdentity } from '@bianmin/contract';

/**
 * What each simulated terminal does, decided in advance from a seed so a run can be
 * checked: which days it serves fully, which it loses to a printer fault, which it is off,
 * and the tickets and ratings of each hour.
 */
export const FLEET_TIME_ZONE = 'Asia/Shanghai';
const ZONE_OFFSET_MS = 8 * 3_600_000;
export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Local service hours of every simulated community (Monday to Friday). */
const OPEN_HOUR = 8;
const CLOSE_HOUR = 18;
/** Hours of a day a printer fault takes (10:00-13:00): 7 h in service, short of 8. */
const FAULT_HOURS = [10, 11, 12];

export const FLEET_REGIONS: RegionsConfig = {
  indicator: { minimumServiceHours: 8 },
  presence: { offlineAfterMissedHeartbeats: 3 },
  serviceHours: [{ days: [1, 2, 3, 4, 5], open: '08:00', close: '18:00' }],
  holidays: [],
  closures: [],
  regions: [],
};

export type DayKind = 'served' | 'fault' | 'off';

export interface SimTerminal {
  terminalId: string;
  identity: TerminalIdentity;
}
// Every simulated community is urban: the indicator counts those.

/** A small deterministic generator (mulberry32), so every run of a seed sends the same. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One community per terminal: province 14, 10 cities, 10 counties each, and so on. */
export function fleetTerminals(count: number): SimTerminal[] {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return Array.from({ length: count }, (_, i) => {
    const city = `14${pad(1 + (i % 10), 2)}`;
    const county = `${city}${pad(1 + (Math.floor(i / 10) % 10), 2)}`;
    const street = `${county}${pad(1 + (Math.floor(i / 100) % 100), 3)}`;
    const code = `${street}${pad(1 + Math.floor(i / 10_000), 3)}`;
    const unit = (name: string, c: string) => ({ name, code: c });
    return {
      terminalId: `T-${code}-01`,
      identity: {
        name: `模拟终端 ${i + 1}`,
        community: { name: `模拟社区 ${i + 1}`, code, kind: 'urban' },
        region: {
          street: unit(`街道 ${street}`, street),
          county: unit(`区县 ${county}`, county),
          city: unit(`市 ${city}`, city),
          province: unit('山西省', '14'),
        },
      },
    };
  });
}

export function fleetCommunities(terminals: SimTerminal[]): CommunitiesConfig {
  return {
    communities: terminals.map(({ identity: { community } }) => ({
      code: community.code,
      name: community.name,
      kind: 'urban' as const,
    })),
  };
}

/** Midnight, local time, of a 'YYYY-MM-DD' day, as a UTC instant. */
export const localMidnight = (day: string): number =>
  Date.parse(`${day}T00:00:00Z`) - ZONE_OFFSET_MS;
/** The local hour (0-23) and day of an instant. */
const localHour = (at: number): number => new Date(at + ZONE_OFFSET_MS).getUTCHours();
const localWeekday = (at: number): number => new Date(at + ZONE_OFFSET_MS).getUTCDay();
export const localDay = (at: number): string =>
  new Date(at + ZONE_OFFSET_MS).toISOString().slice(0, 10);

export const isServiceDay = (at: number): boolean => {
  const weekday = localWeekday(at);
  return weekday >= 1 && weekday <= 5;
};
const inServiceHours = (hourStart: number): boolean =>
  isServiceDay(hourStart) && localHour(hourStart) >= OPEN_HOUR && localHour(hourStart) < CLOSE_HOUR;

/** How a terminal spends a day: mostly served, now and then a fault or switched off. */
export function dayKind(rand: () => number): DayKind {
  const r = rand();
  return r < 0.08 ? 'fault' : r < 0.12 ? 'off' : 'served';
}

export const dayCovered = (kind: DayKind, dayStart: number): boolean =>
  kind === 'served' && isServiceDay(dayStart);

/**
 * The events of one hour of one terminal (before seqs): its service-time record for the
 * hour, and in service hours a few tickets, each rated now and then.
 */
export function hourEvents(
  hourStart: number,
  kind: DayKind,
  rand: () => number,
): Omit<TerminalEvent, 'seq'>[] {
  const serving = inServiceHours(hourStart);
  const fault = serving && kind === 'fault' && FAULT_HOURS.includes(localHour(hourStart));
  const iso = (t: number) => new Date(t).toISOString();
  const events: Omit<TerminalEvent, 'seq'>[] = [];
  if (serving && !fault) {
    const tickets = Math.floor(rand() * 8);
    for (let k = 0; k < tickets; k++) {
      const at = hourStart + Math.floor(((k + rand()) / tickets) * (HOUR_MS - 60_000));
      events.push({
        type: 'ticket.issued',
        createdAt: iso(at),
        payload: {
          serviceId: 'social-security',
          serviceName: '社保业务',
          ticketNumber: `A${String(localHour(at) * 10 + k + 1).padStart(3, '0')}`,
          priority: rand() < 0.1,
          durationMs: 20_000 + Math.floor(rand() * 60_000),
        },
      });
      if (rand() < 0.4) {
        events.push({
          type: 'rating.submitted',
          createdAt: iso(at + 30_000),
          payload: {
            serviceId: 'social-security',
            level: 'satisfied',
            reasons: ['quick'],
            outcome: 'ticket-issued',
          },
        });
      }
    }
  }
  events.push({
    type: 'service-time.recorded',
    createdAt: iso(hourStart + HOUR_MS),
    payload: {
      state: fault ? 'device-fault' : serving ? 'in-service' : 'closed',
      from: iso(hourStart),
      to: iso(hourStart + HOUR_MS),
    },
  });
  return events;
}

export { DAY_MS };
