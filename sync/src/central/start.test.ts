import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { makeTempDir } from '@bianmin/common/testing';
import { startCentral } from './start.js';

describe('startCentral', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('creates the data dir, listens, logs started and stopped', async () => {
    const { logger, lines } = captureLogger();
    const dataDir = join(dir.path, 'nested', 'central');
    const started = await startCentral({ port: 0, host: '127.0.0.1', dataDir, logger });
    if (!started.ok) throw new Error(started.error.detail);
    expect(started.value.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dataDir, 'central.sqlite'))).toBe(true);
    expect(await (await fetch(`${started.value.url}/healthz`)).json()).toEqual({ ok: true });
    expect(eventsNamed(lines, 'central.started')[0]).toMatchObject({ url: started.value.url });

    await started.value.close();
    await started.value.close(); // idempotent
    expect(eventsNamed(lines, 'central.stopped')).toHaveLength(1);
  });

  it('reports a PostgreSQL database it cannot reach, creating no SQLite file', async () => {
    const dataDir = join(dir.path, 'central');
    const started = await startCentral({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: `postgresql://bianmin@localhost/bianmin?host=${encodeURIComponent(dir.path)}`,
    });
    expect(started).toMatchObject({ ok: false, error: { kind: 'database' } });
    expect(!started.ok && started.error.detail).toMatch(/^PostgreSQL \(CENTRAL_DATABASE_URL\)/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('returns a listen error when the port is taken', async () => {
    const first = await startCentral({ port: 0, host: '127.0.0.1', dataDir: dir.path });
    if (!first.ok) throw new Error(first.error.detail);
    const port = Number(new URL(first.value.url).port);
    const second = await startCentral({
      port,
      host: '127.0.0.1',
      dataDir: join(dir.path, 'other'),
    });
    expect(second.ok).toBe(false);
    expect(!second.ok && second.error.kind).toBe('listen');
    await first.value.close();
  });
});
