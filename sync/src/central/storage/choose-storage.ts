import { err, ok, type Result } from '@bianmin/common';

/** The centre's stores that have a PostgreSQL implementation (storage/postgres/). */
const ON_POSTGRES = ['events', 'terminal registry', 'request nonces'] as const;

/**
 * The stores that still exist only on SQLite. Each reads or writes tables the others use
 * (the overview counts events, presence reads what heartbeats write), so the centre runs on
 * PostgreSQL only once this list is empty: half on each would split its data.
 */
const SQLITE_ONLY = [
  'heartbeats',
  'presence',
  'service time and coverage',
  'terminal overview',
] as const;

export type CentralStorage = { kind: 'sqlite' };

/** SQLite when no database URL is given; a PostgreSQL URL is refused until every store has moved. */
export function chooseStorage(databaseUrl: string | undefined): Result<CentralStorage, string> {
  if (databaseUrl === undefined) return ok({ kind: 'sqlite' });
  return err(
    `CENTRAL_DATABASE_URL is set, but the centre cannot run on PostgreSQL yet: ` +
      `${ON_POSTGRES.join(', ')} have a PostgreSQL implementation; ${SQLITE_ONLY.join(', ')} ` +
      `still need the SQLite file, and running the centre half on each would split its data. ` +
      `Unset CENTRAL_DATABASE_URL to keep the centre in central.sqlite (docs/deploy.md).`,
  );
}
