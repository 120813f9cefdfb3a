import type Database from 'better-sqlite3';
import type {
  Presence,
  ServiceCount,
  StoredDeviceStates,
  TerminalOverview,
} from '@bianmin/contract';
import { localDayRange } from '@bianmin/common';

export interface TerminalRow {
  terminal_id: string;
  name: string | null;
  community_name: string | null;
  community_code: string | null;
  community_kind: string | null;
  street_name: string | null;
  street_code: string | null;
  county_name: string | null;
  county_code: string | null;
  city_name: string | null;
  city_code: string | null;
  province_name: string | null;
  province_code: string | null;
  interval_seconds: number | null;
  last_seen_at: string | null;
  devices: string | null;
  outbox_pending: number | null;
  /** As the presence sweeper last decided; null before its first look. */
  presence: Presence | null;
}

interface CountRow {
  terminal_id: string;
  service_id: string;
  service_name: string;
  n: number;
}

/** Every known terminal with its presence and today's ticket counts, on either database. */
export type TerminalOverviewReader = (now: Date, timeZone: string) => Promise<TerminalOverview[]>;

/** Reads every known terminal with its presence and today's ticket counts. */
export function createTerminalOverview(
  db: Database.Database,
): (now: Date, timeZone: string) => TerminalOverview[] {
  const terminals = db.prepare(`
    SELECT terminals.*, presence_current.presence
    FROM terminals LEFT JOIN presence_current USING (terminal_id)
    ORDER BY province_code, city_code, county_code, street_code, community_code, name, terminal_id`);
  // MAX() makes SQLite take service_name from the latest row, so a renamed service shows
  // its current name.
  const counts = db.prepare(`
    SELECT terminal_id,
           json_extract(payload, '$.serviceId') AS service_id,
           json_extract(payload, '$.serviceName') AS service_name,
           COUNT(*) AS n,
           MAX(corrected_at)
    FROM events
    WHERE type = 'ticket.issued' AND corrected_at >= ? AND corrected_at < ?
    GROUP BY terminal_id, service_id
    ORDER BY terminal_id, service_id`);

  return (now, timeZone) => {
    const day = localDayRange(now, timeZone);
    const byTerminal = new Map<string, ServiceCount[]>();
    for (const row of counts.all(day.start.toISOString(), day.end.toISOString()) as CountRow[]) {
      const list = byTerminal.get(row.terminal_id) ?? [];
      list.push({ serviceId: row.service_id, serviceName: row.service_name, count: row.n });
      byTerminal.set(row.terminal_id, list);
    }
    return (terminals.all() as TerminalRow[]).map((row) => {
      const devices = row.devices === null ? null : (JSON.parse(row.devices) as StoredDeviceStates);
      const ticketsByService = byTerminal.get(row.terminal_id) ?? [];
      return {
        terminalId: row.terminal_id,
        name: row.name,
        community: communityOf(row),
        region: regionOf(row),
        presence: row.presence ?? 'unknown',
        lastSeenAt: row.last_seen_at,
        devices,
        outboxPending: row.outbox_pending,
        today: { ticketsByService, total: ticketsByService.reduce((sum, s) => sum + s.count, 0) },
      };
    });
  };
}

export function communityOf(row: TerminalRow): TerminalOverview['community'] {
  if (row.community_name === null || row.community_code === null) return null;
  return { name: row.community_name, code: row.community_code, kind: row.community_kind ?? '' };
}

export function regionOf(row: TerminalRow): TerminalOverview['region'] {
  const unit = (name: string | null, code: string | null) => ({
    name: name ?? '',
    code: code ?? '',
  });
  if (row.street_name === null) return null;
  return {
    street: unit(row.street_name, row.street_code),
    county: unit(row.county_name, row.county_code),
    city: unit(row.city_name, row.city_code),
    province: unit(row.province_name, row.province_code),
  };
}
