import type Database from 'better-sqlite3';
import type { HeartbeatBody } from '@bianmin/contract';
import { groupCommitOf } from './group-commit.js';

/**
 * Records a heartbeat: the one writer of a terminal's presence inputs. Resolves once the
 * heartbeat is committed, with the other writes that arrived at the same time, without
 * waiting for the WAL's sync: a heartbeat is an observation the terminal repeats every
 * interval, not something it deletes once answered (group-commit.ts, `committed`).
 */
export function createHeartbeatStore(
  db: Database.Database,
): (body: HeartbeatBody, receivedAt: Date) => Promise<void> {
  const group = groupCommitOf(db);
  const upsert = db.prepare(`
    INSERT INTO terminals (
      terminal_id, first_seen_at, name, community_name, community_code, community_kind,
      street_name, street_code, county_name, county_code, city_name, city_code,
      province_name, province_code, interval_seconds, last_seen_at, last_sent_at, devices,
      outbox_pending
    ) VALUES (
      @terminalId, @receivedAt, @name, @communityName, @communityCode, @communityKind,
      @streetName, @streetCode, @countyName, @countyCode, @cityName, @cityCode,
      @provinceName, @provinceCode, @intervalSeconds, @receivedAt, @sentAt, @devices,
      @outboxPending
    )
    ON CONFLICT (terminal_id) DO UPDATE SET
      name = excluded.name,
      community_name = excluded.community_name,
      community_code = excluded.community_code,
      community_kind = excluded.community_kind,
      street_name = excluded.street_name,
      street_code = excluded.street_code,
      county_name = excluded.county_name,
      county_code = excluded.county_code,
      city_name = excluded.city_name,
      city_code = excluded.city_code,
      province_name = excluded.province_name,
      province_code = excluded.province_code,
      interval_seconds = excluded.interval_seconds,
      last_seen_at = excluded.last_seen_at,
      last_sent_at = excluded.last_sent_at,
      devices = excluded.devices,
      outbox_pending = excluded.outbox_pending`);

  return (body, receivedAt) => {
    const { community, region } = body.terminal;
    const row = {
      terminalId: body.terminalId,
      receivedAt: receivedAt.toISOString(),
      sentAt: body.sentAt,
      name: body.terminal.name,
      communityName: community.name,
      communityCode: community.code,
      communityKind: community.kind,
      streetName: region.street.name,
      streetCode: region.street.code,
      countyName: region.county.name,
      countyCode: region.county.code,
      cityName: region.city.name,
      cityCode: region.city.code,
      provinceName: region.province.name,
      provinceCode: region.province.code,
      intervalSeconds: body.intervalSeconds,
      devices: JSON.stringify(body.devices),
      outboxPending: body.outboxPending,
    };
    return group.run(() => {
      upsert.run(row);
    }, 'committed');
  };
}
