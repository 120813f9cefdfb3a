import type pg from 'pg';
import { localDayRange } from '@bianmin/common';
import type { ServiceCount, StoredDeviceStates } from '@bianmin/contract';
import {
  communityOf,
  regionOf,
  type TerminalOverviewReader,
  type TerminalRow,
} from '../../terminal-overview.js';

type PostgresTerminalRow = Omit<TerminalRow, 'last_seen_at'> & { last_seen_at: Date | null };

/** The terminal overview on PostgreSQL, in the SQLite reader's order (terminal-overview.ts). */
export function createPostgresTerminalOverview(pool: pg.Pool): TerminalOverviewReader {
  return async (now, timeZone) => {
    const day = localDayRange(now, timeZone);
    // The service's name from its latest ticket, so a renamed service shows its current name.
    const counts = await pool.query<{
      terminal_id: string;
      service_id: string;
      service_name: string;
      n: number;
    }>(
      `SELECT terminal_id, service_id, COUNT(*)::integer AS n,
              (array_agg(service_name ORDER BY corrected_at DESC))[1] AS service_name
       FROM (SELECT terminal_id, corrected_at, payload::jsonb ->> 'serviceId' AS service_id,
                    payload::jsonb ->> 'serviceName' AS service_name
             FROM events
             WHERE type = 'ticket.issued' AND corrected_at >= $1 AND corrected_at < $2) ticket
       GROUP BY terminal_id, service_id
       ORDER BY service_id COLLATE "C"`,
      [day.start, day.end],
    );
    const byTerminal = new Map<string, ServiceCount[]>();
    for (const row of counts.rows) {
      const list = byTerminal.get(row.terminal_id) ?? [];
      list.push({ serviceId: row.service_id, serviceName: row.service_name, count: row.n });
      byTerminal.set(row.terminal_id, list);
    }
    // NULLS FIRST: SQLite's order, so a terminal without a heartbeat yet leads on both.
    const terminals = await pool.query<PostgresTerminalRow>(
      `SELECT t.*, p.presence
       FROM terminals t LEFT JOIN presence_current p USING (terminal_id)
       ORDER BY province_code NULLS FIRST, city_code NULLS FIRST, county_code NULLS FIRST,
                street_code NULLS FIRST, community_code NULLS FIRST, name NULLS FIRST, terminal_id`,
    );
    return terminals.rows.map((row) => {
      const shaped = { ...row, last_seen_at: row.last_seen_at?.toISOString() ?? null };
      const devices = row.devices === null ? null : (JSON.parse(row.devices) as StoredDeviceStates);
      const ticketsByService = byTerminal.get(row.terminal_id) ?? [];
      return {
        terminalId: row.terminal_id,
        name: row.name,
        community: communityOf(shaped),
        region: regionOf(shaped),
        presence: row.presence ?? 'unknown',
        lastSeenAt: shaped.last_seen_at,
        devices,
        outboxPending: row.outbox_pending,
        today: { ticketsByService, total: ticketsByService.reduce((sum, s) => sum + s.count, 0) },
      };
    });
  };
}
