import { createConfigReleaseTables } from './config-release-store.js';
import type { PostgresMigration } from './migrate.js';

/**
 * Events are partitioned by month of their corrected time (docs/centre-postgres.md), and a
 * partitioned table's unique keys must include that time, which a resend need not repeat.
 * So uniqueness of (terminal, epoch, seq) lives in the narrow event_seqs table, which also
 * says where each event's row is.
 */
const createEventTables: PostgresMigration = {
  name: 'terminals, events by month, event seqs, delivery positions',
  up: async (client) => {
    await client.query(`
      CREATE TABLE terminals (
        terminal_id text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL
      );
      CREATE TABLE event_seqs (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        seq integer NOT NULL,
        corrected_at timestamptz NOT NULL,
        PRIMARY KEY (terminal_id, epoch, seq)
      );
      CREATE TABLE events (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        corrected_at timestamptz NOT NULL,
        time_uncertain boolean NOT NULL DEFAULT false,
        -- the JSON text as received, compared as text on resends as the SQLite store does
        payload text NOT NULL,
        PRIMARY KEY (terminal_id, epoch, seq, corrected_at)
      ) PARTITION BY RANGE (corrected_at);
      CREATE INDEX events_by_type_time ON events (type, corrected_at);
      CREATE TABLE delivery_positions (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        acked_up_to integer NOT NULL DEFAULT 0,
        first_seen_at timestamptz NOT NULL,
        PRIMARY KEY (terminal_id, epoch)
      );
    `);
  },
};

/** The register of enrolled terminals, their one-time tokens and recent nonces. */
const createTrustTables: PostgresMigration = {
  name: 'terminal registry, enrolment tokens and request nonces',
  up: async (client) => {
    await client.query(`
      CREATE TABLE registered_terminals (
        terminal_id text PRIMARY KEY,
        identity text NOT NULL,
        created_at timestamptz NOT NULL,
        algorithm text,
        public_key text,
        enrolled_at timestamptz,
        revoked_at timestamptz
      );
      -- only a hash of each token: a copy of the database enrols nothing
      CREATE TABLE enrolment_tokens (
        token_sha256 text PRIMARY KEY,
        terminal_id text NOT NULL REFERENCES registered_terminals (terminal_id),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX enrolment_tokens_by_terminal ON enrolment_tokens (terminal_id);
      CREATE TABLE request_nonces (
        terminal_id text NOT NULL,
        nonce text NOT NULL,
        keep_until timestamptz NOT NULL,
        PRIMARY KEY (terminal_id, nonce)
      );
      CREATE INDEX request_nonces_by_expiry ON request_nonces (keep_until);
    `);
  },
};

/**
 * Everything the centre kept only in SQLite until it could run on PostgreSQL: the terminal
 * row a heartbeat writes, presence, service time and coverage, and monitoring accounts. Area
 * codes and names compare byte by byte ("C"), as in SQLite, so a region is a range of codes
 * whatever the database's locale, and lists sort as they do there.
 */
const createCentreTables: PostgresMigration = {
  name: 'heartbeats, presence, coverage and monitoring accounts',
  up: async (client) => {
    await client.query(`
      ALTER TABLE terminals
        ALTER COLUMN terminal_id TYPE text COLLATE "C",
        ADD COLUMN name text COLLATE "C",
        ADD COLUMN community_name text COLLATE "C",
        ADD COLUMN community_code text COLLATE "C",
        ADD COLUMN community_kind text,
        ADD COLUMN street_name text COLLATE "C",
        ADD COLUMN street_code text COLLATE "C",
        ADD COLUMN county_name text COLLATE "C",
        ADD COLUMN county_code text COLLATE "C",
        ADD COLUMN city_name text COLLATE "C",
        ADD COLUMN city_code text COLLATE "C",
        ADD COLUMN province_name text COLLATE "C",
        ADD COLUMN province_code text COLLATE "C",
        ADD COLUMN interval_seconds double precision,
        -- centre clock of the latest heartbeat: presence never trusts the terminal's clock
        ADD COLUMN last_seen_at timestamptz,
        -- terminal clock of that heartbeat, as sent
        ADD COLUMN last_sent_at text,
        ADD COLUMN devices text,
        ADD COLUMN outbox_pending integer;
      CREATE INDEX terminals_by_community ON terminals (community_code, terminal_id);

      CREATE TABLE presence_current (
        terminal_id text COLLATE "C" PRIMARY KEY,
        presence text NOT NULL,
        since timestamptz NOT NULL
      );
      CREATE TABLE presence_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        terminal_id text NOT NULL,
        at timestamptz NOT NULL,
        presence text NOT NULL,
        previous text
      );
      CREATE INDEX presence_history_by_terminal ON presence_history (terminal_id, at);

      CREATE TABLE service_intervals (
        terminal_id text NOT NULL,
        reported_from text NOT NULL,
        state text NOT NULL,
        reported_to text NOT NULL,
        corrected_from text NOT NULL,
        corrected_to text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (terminal_id, reported_from)
      );
      CREATE TABLE terminal_day (
        terminal_id text NOT NULL,
        day text NOT NULL,
        community_code text COLLATE "C",
        in_service_seconds double precision NOT NULL,
        PRIMARY KEY (terminal_id, day)
      );
      CREATE INDEX terminal_day_by_community ON terminal_day (community_code, day);
      CREATE INDEX terminal_day_unassigned ON terminal_day (terminal_id)
        WHERE community_code IS NULL;
      CREATE TABLE community_day (
        community_code text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        kind text,
        best_seconds double precision NOT NULL,
        covered boolean NOT NULL,
        revised_at timestamptz,
        PRIMARY KEY (community_code, day)
      );
      CREATE INDEX community_day_revised ON community_day (day, community_code)
        WHERE revised_at IS NOT NULL;
      CREATE TABLE covered_rollup (
        level integer NOT NULL,
        unit_code text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        covered integer NOT NULL,
        PRIMARY KEY (level, unit_code, day, kind)
      );
      CREATE TABLE coverage_rule (id integer PRIMARY KEY CHECK (id = 1), fingerprint text NOT NULL);

      CREATE TABLE monitor_accounts (
        user_name text PRIMARY KEY,
        role text NOT NULL,
        region text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE monitor_sessions (
        id_sha256 text PRIMARY KEY,
        user_name text NOT NULL REFERENCES monitor_accounts (user_name),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE monitor_login_failures (
        subject text PRIMARY KEY,
        failures integer NOT NULL,
        locked_until timestamptz
      );
      CREATE TABLE monitor_settings (name text PRIMARY KEY, value text NOT NULL);
    `);
  },
};

/** The monitoring app's usage rollup and device changes (sqlite-usage-store.ts on SQLite). */
const createUsageTables: PostgresMigration = {
  name: 'usage rollup, device changes for the monitoring app',
  up: async (client) => {
    await client.query(`
      CREATE TABLE usage_positions (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        rolled_up_to integer NOT NULL,
        PRIMARY KEY (terminal_id, epoch)
      );
      CREATE TABLE usage_rollup (
        level integer NOT NULL,
        unit_code text COLLATE "C" NOT NULL,
        day text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        key text NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (level, unit_code, day, kind, key)
      );
      CREATE TABLE usage_units (code text COLLATE "C" PRIMARY KEY, name text NOT NULL);
      CREATE TABLE usage_services (
        service_id text PRIMARY KEY,
        name text NOT NULL,
        named_at text NOT NULL
      );
      CREATE TABLE device_changes (
        terminal_id text NOT NULL,
        epoch text NOT NULL,
        seq integer NOT NULL,
        at timestamptz NOT NULL,
        device text NOT NULL,
        state text NOT NULL,
        PRIMARY KEY (terminal_id, epoch, seq)
      );
      CREATE INDEX device_changes_by_time ON device_changes (terminal_id, at);
    `);
  },
};

/**
 * A group of event batches in one call, so one round trip and the call's own commit
 * (docs/benchmarks.md, "Fifth round"). The batches' (terminal, epoch) arrive sorted, so
 * their positions are locked in that order; the events arrive as one JSON array (seq, type,
 * creation and corrected times, uncertainty, and the payload kept as the exact text sent).
 * Returns per batch (its 1-based index): the position the run starts from, the seqs lost
 * below heldFrom, the position reached, and what was already held for seqs sent again.
 */
const createIngestFunction: PostgresMigration = {
  name: 'event ingest of a group of batches in one call',
  up: async (client) => {
    await client.query(`
      CREATE FUNCTION ingest_event_group(
        p_terminals text[], p_epochs text[], p_received timestamptz[], p_sent timestamptz[],
        p_floors integer[], p_events json)
      RETURNS TABLE (batch integer, run_from integer, seqs_lost integer, reached integer, held json)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_before integer[];
        v_from integer[];
        v_lost integer[];
        v_acked integer[];
        v_known json;
      BEGIN
        -- Answered only after the WAL flush, whatever the session says (docs/centre-postgres.md).
        IF current_setting('synchronous_commit') = 'off' THEN
          PERFORM set_config('synchronous_commit', 'on', true);
        END IF;

        INSERT INTO terminals (terminal_id, first_seen_at)
        SELECT t, r FROM unnest(p_terminals, p_received) AS k(t, r) ON CONFLICT DO NOTHING;

        -- An upsert locks the row it finds as well as one it makes.
        WITH k AS (
          SELECT * FROM unnest(p_terminals, p_epochs, p_received) WITH ORDINALITY AS k(t, e, r, i)
        ), up AS (
          INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
          SELECT t, e, 0, r FROM k ORDER BY i
          ON CONFLICT (terminal_id, epoch) DO UPDATE SET acked_up_to = delivery_positions.acked_up_to
          RETURNING terminal_id, epoch, acked_up_to
        )
        SELECT array_agg(up.acked_up_to ORDER BY k.i) INTO v_before
        FROM k JOIN up ON up.terminal_id = k.t AND up.epoch = k.e;

        -- Seqs the centre lacked go in with their events; for the others, what it holds.
        WITH x AS (
          SELECT x.b, p_terminals[x.b] AS terminal_id, p_epochs[x.b] AS epoch, x.q AS seq,
            x.y, x.c, x.a, x.u, x.p
          FROM json_to_recordset(p_events)
            AS x(b integer, q integer, y text, c timestamptz, a timestamptz, u boolean, p json)
        ), fresh AS (
          INSERT INTO event_seqs (terminal_id, epoch, seq, corrected_at)
          SELECT terminal_id, epoch, seq, a FROM x
          ON CONFLICT DO NOTHING RETURNING terminal_id, epoch, seq
        ), stored AS (
          INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at,
            corrected_at, time_uncertain, payload)
          SELECT x.terminal_id, x.epoch, x.seq, x.y, x.c, p_sent[x.b], p_received[x.b], x.a, x.u,
            x.p::text
          FROM x JOIN fresh USING (terminal_id, epoch, seq)
        )
        SELECT json_agg(json_build_object('b', x.b, 'seq', x.seq, 'type', e.type,
            'createdAt', e.created_at, 'payload', e.payload))
        INTO v_known
        FROM x LEFT JOIN fresh USING (terminal_id, epoch, seq)
        LEFT JOIN event_seqs s USING (terminal_id, epoch, seq)
        LEFT JOIN events e ON e.terminal_id = x.terminal_id AND e.epoch = x.epoch
          AND e.seq = x.seq AND e.corrected_at = s.corrected_at
        WHERE fresh.seq IS NULL;

        -- Below heldFrom the terminal has nothing left to send (ingest.ts says why).
        SELECT array_agg(GREATEST(v_before[i], p_floors[i]) ORDER BY i),
          array_agg(CASE WHEN v_before[i] < p_floors[i] THEN p_floors[i] - v_before[i] - (
            SELECT COUNT(*)::integer FROM event_seqs s
            WHERE s.terminal_id = p_terminals[i] AND s.epoch = p_epochs[i]
              AND s.seq > v_before[i] AND s.seq <= p_floors[i]) ELSE 0 END ORDER BY i)
        INTO v_from, v_lost
        FROM generate_subscripts(p_terminals, 1) AS i;

        -- The run from+1, from+2, ... is where seq - its rank equals from.
        WITH run AS (
          SELECT i, COALESCE((
            SELECT MAX(seq) FROM (
              SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS offset_from
              FROM event_seqs s
              WHERE s.terminal_id = p_terminals[i] AND s.epoch = p_epochs[i] AND s.seq > v_from[i]
            ) r WHERE offset_from = v_from[i]), v_from[i]) AS acked
          FROM generate_subscripts(p_terminals, 1) AS i
        ), moved AS (
          UPDATE delivery_positions d SET acked_up_to = run.acked FROM run
          WHERE d.terminal_id = p_terminals[run.i] AND d.epoch = p_epochs[run.i]
          RETURNING run.i, run.acked
        )
        SELECT array_agg(acked ORDER BY i) INTO v_acked FROM moved;

        RETURN QUERY
        SELECT i, v_from[i], v_lost[i], v_acked[i], (
          SELECT json_agg(k) FROM json_array_elements(v_known) AS k WHERE (k->>'b')::integer = i)
        FROM generate_subscripts(p_terminals, 1) AS i;
      END
      $fn$;
    `);
  },
};

/**
 * The group's call again, cheaper for PostgreSQL (docs/benchmarks.md, "Seventh round"):
 * times arrive as milliseconds since the epoch instead of ISO text to parse, and the run is
 * worked out once per batch (the previous UPDATE evaluated it twice, for its SET and its
 * RETURNING), and not at all while a gap sits just above the position (before, every batch
 * of such a terminal read all of its seqs above the gap, twice).
 * The earlier function stays for instances not yet upgraded.
 */
const createLeanerIngestFunction: PostgresMigration = {
  name: 'event ingest of a group of batches, times in milliseconds',
  up: async (client) => {
    await client.query(`
      CREATE FUNCTION ingest_events(
        p_terminals text[], p_epochs text[], p_received timestamptz[], p_sent timestamptz[],
        p_floors integer[], p_events json)
      RETURNS TABLE (batch integer, run_from integer, seqs_lost integer, reached integer, held json)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_before integer[];
        v_from integer[];
        v_lost integer[];
        v_acked integer[];
        v_known json;
      BEGIN
        -- Answered only after the WAL flush, whatever the session says (docs/centre-postgres.md).
        IF current_setting('synchronous_commit') = 'off' THEN
          PERFORM set_config('synchronous_commit', 'on', true);
        END IF;

        INSERT INTO terminals (terminal_id, first_seen_at)
        SELECT t, r FROM unnest(p_terminals, p_received) AS k(t, r) ON CONFLICT DO NOTHING;

        -- An upsert locks the row it finds as well as one it makes.
        WITH k AS (
          SELECT * FROM unnest(p_terminals, p_epochs, p_received) WITH ORDINALITY AS k(t, e, r, i)
        ), up AS (
          INSERT INTO delivery_positions (terminal_id, epoch, acked_up_to, first_seen_at)
          SELECT t, e, 0, r FROM k ORDER BY i
          ON CONFLICT (terminal_id, epoch) DO UPDATE SET acked_up_to = delivery_positions.acked_up_to
          RETURNING terminal_id, epoch, acked_up_to
        )
        SELECT array_agg(up.acked_up_to ORDER BY k.i) INTO v_before
        FROM k JOIN up ON up.terminal_id = k.t AND up.epoch = k.e;

        -- Seqs the centre lacked go in with their events; for the others, what it holds.
        WITH x AS (
          SELECT x.b, p_terminals[x.b] AS terminal_id, p_epochs[x.b] AS epoch, x.q AS seq,
            x.y, to_timestamp(x.c::float8 / 1000) AS c, to_timestamp(x.a::float8 / 1000) AS a,
            x.u, x.p
          FROM json_to_recordset(p_events)
            AS x(b integer, q integer, y text, c bigint, a bigint, u boolean, p json)
        ), fresh AS (
          INSERT INTO event_seqs (terminal_id, epoch, seq, corrected_at)
          SELECT terminal_id, epoch, seq, a FROM x
          ON CONFLICT DO NOTHING RETURNING terminal_id, epoch, seq
        ), stored AS (
          INSERT INTO events (terminal_id, epoch, seq, type, created_at, sent_at, received_at,
            corrected_at, time_uncertain, payload)
          SELECT x.terminal_id, x.epoch, x.seq, x.y, x.c, p_sent[x.b], p_received[x.b], x.a, x.u,
            x.p::text
          FROM x JOIN fresh USING (terminal_id, epoch, seq)
        )
        SELECT json_agg(json_build_object('b', x.b, 'seq', x.seq, 'type', e.type,
            'createdAt', e.created_at, 'payload', e.payload))
        INTO v_known
        FROM x LEFT JOIN fresh USING (terminal_id, epoch, seq)
        LEFT JOIN event_seqs s USING (terminal_id, epoch, seq)
        LEFT JOIN events e ON e.terminal_id = x.terminal_id AND e.epoch = x.epoch
          AND e.seq = x.seq AND e.corrected_at = s.corrected_at
        WHERE fresh.seq IS NULL;

        -- Below heldFrom the terminal has nothing left to send (ingest.ts says why).
        SELECT array_agg(GREATEST(v_before[i], p_floors[i]) ORDER BY i),
          array_agg(CASE WHEN v_before[i] < p_floors[i] THEN p_floors[i] - v_before[i] - (
            SELECT COUNT(*)::integer FROM event_seqs s
            WHERE s.terminal_id = p_terminals[i] AND s.epoch = p_epochs[i]
              AND s.seq > v_before[i] AND s.seq <= p_floors[i]) ELSE 0 END ORDER BY i)
        INTO v_from, v_lost
        FROM generate_subscripts(p_terminals, 1) AS i;

        -- The run from+1, from+2, ... is where seq - its rank equals from. Without from+1
        -- there is no run, and the seqs above a gap are not read again for every batch.
        SELECT array_agg(CASE WHEN EXISTS (
            SELECT 1 FROM event_seqs s
            WHERE s.terminal_id = p_terminals[i] AND s.epoch = p_epochs[i] AND s.seq = v_from[i] + 1)
          THEN (
            SELECT MAX(seq) FROM (
              SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS offset_from
              FROM event_seqs s
              WHERE s.terminal_id = p_terminals[i] AND s.epoch = p_epochs[i] AND s.seq > v_from[i]
            ) r WHERE offset_from = v_from[i])
          ELSE v_from[i] END ORDER BY i)
        INTO v_acked
        FROM generate_subscripts(p_terminals, 1) AS i;

        UPDATE delivery_positions d SET acked_up_to = v_acked[i]
        FROM generate_subscripts(p_terminals, 1) AS i
        WHERE d.terminal_id = p_terminals[i] AND d.epoch = p_epochs[i];

        RETURN QUERY
        SELECT i, v_from[i], v_lost[i], v_acked[i], (
          SELECT json_agg(k) FROM json_array_elements(v_known) AS k WHERE (k->>'b')::integer = i)
        FROM generate_subscripts(p_terminals, 1) AS i;
      END
      $fn$;
    `);
  },
};

/**
 * Which transaction last wrote each registered terminal, so every centre instance can keep
 * the registry in memory and read only what changed since its last look
 * (storage/postgres/registry-mirror.ts).
 */
const trackRegistryChanges: PostgresMigration = {
  name: 'registered terminals: the transaction that last changed each',
  up: async (client) => {
    await client.query(`
      ALTER TABLE registered_terminals
        ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
      CREATE INDEX registered_terminals_by_change ON registered_terminals (changed_xid);
      CREATE FUNCTION registered_terminal_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.changed_xid := pg_current_xact_id();
        RETURN NEW;
      END
      $fn$;
      CREATE TRIGGER registered_terminal_changed BEFORE UPDATE ON registered_terminals
        FOR EACH ROW EXECUTE FUNCTION registered_terminal_changed();
    `);
  },
};

/** Every schema step of the centre's PostgreSQL database, in version order. Append only. */
export const CENTRAL_POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  createEventTables,
  createTrustTables,
  createCentreTables,
  createUsageTables,
  createConfigReleaseTables,
  createIngestFunction,
  createLeanerIngestFunction,
  trackRegistryChanges,
];
