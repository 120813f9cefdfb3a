import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '@bianmin/common/testing';
import { openTerminalDatabase } from '../../device-agent/src/queue/terminal-database.js';
import { REPO_ROOT } from '../../scripts/stack.js';

/** Runs the agent's real entry point to its exit; resolves with the exit code and stderr. */
function runAgent(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'device-agent/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('a start that fails', () => {
  const busy = createServer();
  let busyPort = 0;
  beforeAll(async () => {
    await new Promise<void>((listening) => busy.listen(0, '127.0.0.1', listening));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise((closed) => busy.close(closed)));

  it('on a port in use, says so and records nothing for the centre, however often it is tried', async () => {
    const dataDir = makeTempDir('failed-start');
    // Overlapping attempts, as a restart loop or a technician's double start would make.
    const attempts = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        runAgent({ AGENT_PORT: String(busyPort), AGENT_DATA_DIR: dataDir.path }),
      ),
    );
    for (const { code, stderr } of attempts) {
      expect(code).toBe(1);
      expect(stderr).toContain('could not listen');
      expect(stderr).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace
    }
    const opened = openTerminalDatabase(join(dataDir.path, 'terminal.sqlite'));
    if (!opened.ok) throw new Error(opened.error.message);
    const events = opened.value.prepare('SELECT COUNT(*) FROM outbox').pluck().get();
    opened.value.close();
    dataDir.remove();
    expect(events).toBe(0);
    // Five agents each load tsx and the agent from source: under CI's parallel test load that
    // alone has come within seconds of the default timeout.
  }, 60_000);
});
