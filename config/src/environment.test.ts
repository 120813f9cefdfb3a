import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_DIR } from './config-dir.js';
import {
  AgentEnvSchema,
  CentralEnvSchema,
  DEFAULT_AGENT_DATA_DIR,
  DEFAULT_CENTRAL_DATA_DIR,
  parseEnvironment,
  resolveConfigDir,
} from './environment.js';
import { formatProblems } from './problems.js';

const folder = mkdtempSync(join(tmpdir(), 'bianmin-env-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function problemsOf(result: ReturnType<typeof parseEnvironment>) {
  if (result.ok) throw new Error('expected problems');
  return result.error;
}

describe('the agent environment', () => {
  it('has defaults for everything', () => {
    expect(parseEnvironment(AgentEnvSchema, {})).toEqual({
      ok: true,
      value: {
        AGENT_PORT: 7070,
        AGENT_HOST: '127.0.0.1',
        AGENT_DATA_DIR: DEFAULT_AGENT_DATA_DIR,
        BIANMIN_CONFIG_DIR: DEFAULT_CONFIG_DIR,
        LOG_LEVEL: 'info',
      },
    });
    expect(DEFAULT_AGENT_DATA_DIR).toMatch(/[\\/]\.data[\\/]agent$/);
    expect(DEFAULT_AGENT_DATA_DIR).not.toMatch(/[\\/]config[\\/]/);
  });

  it('reads every variable, trimmed, and ignores others', () => {
    const result = parseEnvironment(AgentEnvSchema, {
      AGENT_PORT: ' 0 ',
      AGENT_HOST: '0.0.0.0',
      AGENT_DATA_DIR: '/var/lib/bianmin-kiosk',
      BIANMIN_CONFIG_DIR: '/etc/bianmin-kiosk',
      CENTRAL_URL: 'https://centre.example.cn',
      AGENT_ENROLMENT_TOKEN: 'cYtrGxgR-MBkKQcp8ych1LkuppMPr_-xLlTywL6nWsE',
      KIOSK_UI_DIR: folder,
      LOG_LEVEL: 'debug',
      PATH: '/usr/bin',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        AGENT_PORT: 0,
        AGENT_HOST: '0.0.0.0',
        AGENT_DATA_DIR: '/var/lib/bianmin-kiosk',
        BIANMIN_CONFIG_DIR: '/etc/bianmin-kiosk',
        CENTRAL_URL: 'https://centre.example.cn',
        AGENT_ENROLMENT_TOKEN: 'cYtrGxgR-MBkKQcp8ych1LkuppMPr_-xLlTywL6nWsE',
        KIOSK_UI_DIR: folder,
        LOG_LEVEL: 'debug',
      },
    });
  });

  it('treats a variable set to nothing as unset', () => {
    const result = parseEnvironment(AgentEnvSchema, { AGENT_PORT: '', CENTRAL_URL: '  ' });
    expect(result.ok && result.value.AGENT_PORT).toBe(7070);
    expect(result.ok && 'CENTRAL_URL' in result.value && result.value.CENTRAL_URL).toBe(undefined);
  });

  it('reports every wrong variable with the same texts as the files', () => {
    const problems = problemsOf(
      parseEnvironment(AgentEnvSchema, {
        AGENT_PORT: 'eighty',
        AGENT_HOST: 'my host',
        CENTRAL_URL: 'centre:8080',
        KIOSK_UI_DIR: join(folder, 'missing'),
        LOG_LEVEL: 'verbose',
      }),
    );
    expect(problems.map((p) => [p.file, p.path, p.found])).toEqual([
      ['environment', 'AGENT_PORT', '"eighty"'],
      ['environment', 'AGENT_HOST', '"my host"'],
      ['environment', 'CENTRAL_URL', '"centre:8080"'],
      ['environment', 'KIOSK_UI_DIR', JSON.stringify(join(folder, 'missing'))],
      ['environment', 'LOG_LEVEL', '"verbose"'],
    ]);
    expect(formatProblems(problems.slice(0, 1))).toBe(
      [
        'environment: AGENT_PORT',
        '  found: "eighty"',
        '  expected: a port number from 0 to 65535 (0 picks a free one), or unset for 7070',
        '',
        '1 problem in the environment',
      ].join('\n'),
    );
  });

  it.each(['65536', '-1', '80.5', '0x50', '123456'])('refuses port %s', (port) => {
    expect(parseEnvironment(AgentEnvSchema, { AGENT_PORT: port }).ok).toBe(false);
  });
});

describe('the central environment', () => {
  it('defaults to 127.0.0.1:8080 and <repo>/.data/central', () => {
    expect(parseEnvironment(CentralEnvSchema, {})).toEqual({
      ok: true,
      value: {
        CENTRAL_PORT: 8080,
        CENTRAL_HOST: '127.0.0.1',
        CENTRAL_DATA_DIR: DEFAULT_CENTRAL_DATA_DIR,
        CENTRAL_CLOCK_WINDOW_SECONDS: 300,
        CENTRAL_ENROLMENT_TOKEN_HOURS: 72,
        BIANMIN_CONFIG_DIR: DEFAULT_CONFIG_DIR,
        LOG_LEVEL: 'info',
      },
    });
  });

  it('reads the trust settings and refuses weak or out-of-range ones', () => {
    const secret = 'k'.repeat(32);
    const read = parseEnvironment(CentralEnvSchema, {
      CENTRAL_ADMIN_TOKEN: secret,
      CENTRAL_CLOCK_WINDOW_SECONDS: '60',
      CENTRAL_ENROLMENT_TOKEN_HOURS: '24',
    });
    expect(read).toMatchObject({
      ok: true,
      value: {
        CENTRAL_ADMIN_TOKEN: secret,
        CENTRAL_CLOCK_WINDOW_SECONDS: 60,
        CENTRAL_ENROLMENT_TOKEN_HOURS: 24,
      },
    });
    const problems = problemsOf(
      parseEnvironment(CentralEnvSchema, {
        CENTRAL_ADMIN_TOKEN: 'short',
        CENTRAL_CLOCK_WINDOW_SECONDS: '5',
        CENTRAL_ENROLMENT_TOKEN_HOURS: '0',
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'CENTRAL_ADMIN_TOKEN',
      'CENTRAL_CLOCK_WINDOW_SECONDS',
      'CENTRAL_ENROLMENT_TOKEN_HOURS',
    ]);
    expect(problems[0]?.expected).toMatch(/at least 32 characters/);
  });

  it('names a bad port', () => {
    const problems = problemsOf(parseEnvironment(CentralEnvSchema, { CENTRAL_PORT: '70000' }));
    expect(problems).toEqual([
      {
        file: 'environment',
        path: 'CENTRAL_PORT',
        found: '"70000"',
        expected: 'a port number from 0 to 65535 (0 picks a free one), or unset for 8080',
      },
    ]);
  });
});

describe('resolveConfigDir', () => {
  it('reads BIANMIN_CONFIG_DIR like the schemas do', () => {
    expect(resolveConfigDir({})).toBe(DEFAULT_CONFIG_DIR);
    expect(resolveConfigDir({ BIANMIN_CONFIG_DIR: ' ' })).toBe(DEFAULT_CONFIG_DIR);
    expect(resolveConfigDir({ BIANMIN_CONFIG_DIR: '/etc/bianmin-kiosk' })).toBe(
      '/etc/bianmin-kiosk',
    );
  });
});
