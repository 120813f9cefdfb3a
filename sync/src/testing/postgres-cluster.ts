import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';

/**
 * A throwaway PostgreSQL cluster (Debian's postgresql, installed by
 * scripts/ensure-system-deps.sh) for the storage tests and the ingest bench: its own data
 * folder in the temp directory, listening only on a Unix socket in that folder, trust auth.
 */
export interface PostgresCluster {
  /** e.g. postgresql://postgres@localhost/postgres?host=/tmp/bianmin-pg-x */
  url: string;
  stop(): void;
}

export interface ClusterOptions {
  /**
   * Keep fsync and synchronous commit on, as in production (the bench); tests turn them off
   * because a throwaway cluster need not survive a power cut.
   */
  durable?: boolean;
}

const SOCKET_PORT = 5432;

/** The newest Debian PostgreSQL binaries, else initdb on the PATH. */
function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found !== '' ? join(found, '..') : undefined;
}

/** uid and gid of the `postgres` account Debian's package creates. */
function postgresAccount(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) return undefined;
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export function startPostgresCluster(
  options: ClusterOptions = {},
): Result<PostgresCluster, string> {
  const bin = findBinDir();
  if (!bin) {
    return err(
      "PostgreSQL is not installed (no initdb): run `bash scripts/ensure-system-deps.sh`, which installs Debian's postgresql",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'bianmin-pg-'));
  // initdb and the server refuse to run as root: as root they run as the postgres account.
  const asRoot = process.getuid?.() === 0;
  let prefix: string[] = [];
  if (asRoot) {
    const account = postgresAccount();
    if (!account) {
      rmSync(dir, { recursive: true, force: true });
      return err('running as root but there is no postgres account to run PostgreSQL as');
    }
    chownSync(dir, account.uid, account.gid);
    // runuser lives in /usr/sbin, which a non-login root shell may lack on its PATH.
    const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((p) => existsSync(p)) ?? 'runuser';
    prefix = [runuser, '-u', 'postgres', '--'];
  }
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = [...prefix, join(bin, program), ...args];
    return spawnSync(command as string, rest, { encoding: 'utf8', cwd: dir });
  };
  const data = join(dir, 'data');
  const fail = (step: string, result: ReturnType<typeof run>) => {
    const log = existsSync(join(dir, 'server.log'))
      ? readFileSync(join(dir, 'server.log'), 'utf8')
      : '';
    rmSync(dir, { recursive: true, force: true });
    return err(
      `PostgreSQL ${step} failed (${bin}): ${[result.error?.message, result.stderr, result.stdout, log].filter(Boolean).join('\n')}`,
    );
  };
  const init = run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  if (init.status !== 0) return fail('initdb', init);
  const settings = [
    `-k ${dir}`,
    "-c listen_addresses=''",
    `-p ${SOCKET_PORT}`,
    ...(options.durable
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  const start = run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-o',
    settings,
    '-w',
    'start',
  ]);
  if (start.status !== 0) return fail('start', start);
  let stopped = false;
  return ok({
    url: `postgresql://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(dir)}`,
    stop: () => {
      if (stopped) return;
      stopped = true;
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
