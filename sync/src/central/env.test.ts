import { describe, expect, it } from 'vitest';
import { formatProblems } from '@bianmin/config';
import { DEFAULT_CENTRAL_DATA_DIR, readCentralEnv } from './env.js';

describe('readCentralEnv', () => {
  it('defaults to 127.0.0.1:8080 and <repo>/.data/central', () => {
    const env = readCentralEnv({});
    expect(env).toMatchObject({
      ok: true,
      value: {
        CENTRAL_PORT: 8080,
        CENTRAL_HOST: '127.0.0.1',
        CENTRAL_DATA_DIR: DEFAULT_CENTRAL_DATA_DIR,
        LOG_LEVEL: 'info',
      },
    });
    expect(DEFAULT_CENTRAL_DATA_DIR).toMatch(/[\\/]\.data[\\/]central$/);
    expect(DEFAULT_CENTRAL_DATA_DIR).not.toMatch(/[\\/]sync[\\/]/);
  });

  it('reads port 0 (any free port), a host and a data folder', () => {
    const env = readCentralEnv({
      CENTRAL_PORT: '0',
      CENTRAL_HOST: '0.0.0.0',
      CENTRAL_DATA_DIR: '/var/lib/bianmin-central',
    });
    expect(env).toMatchObject({
      ok: true,
      value: {
        CENTRAL_PORT: 0,
        CENTRAL_HOST: '0.0.0.0',
        CENTRAL_DATA_DIR: '/var/lib/bianmin-central',
      },
    });
  });

  it('names a bad port the way a bad setting in a file is named', () => {
    const env = readCentralEnv({ CENTRAL_PORT: 'eighty' });
    if (env.ok) throw new Error('expected a problem');
    expect(formatProblems(env.error)).toBe(
      [
        'environment: CENTRAL_PORT',
        '  found: "eighty"',
        '  expected: a port number from 0 to 65535 (0 picks a free one), or unset for 8080',
        '',
        '1 problem in the environment',
      ].join('\n'),
    );
    expect(readCentralEnv({ CENTRAL_PORT: '70000' }).ok).toBe(false);
  });

  it('takes a PostgreSQL URL for CENTRAL_DATABASE_URL and refuses anything else', () => {
    const url = 'postgresql://bianmin@db.example:5432/bianmin';
    expect(readCentralEnv({ CENTRAL_DATABASE_URL: url })).toMatchObject({
      ok: true,
      value: { CENTRAL_DATABASE_URL: url },
    });
    expect(readCentralEnv({ CENTRAL_DATABASE_URL: 'mysql://db/x' }).ok).toBe(false);
  });
});
