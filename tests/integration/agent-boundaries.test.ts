import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_DIR } from '@bianmin/config';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import { REPO_ROOT } from '../../scripts/stack.js';
import {
  captureLogger,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import { defaultTerminalConfig } from './support.js';

function brokenConfigDir(): string {
  const dir = makeTempDir('broken-config').path;
  cpSync(DEFAULT_CONFIG_DIR, dir, { recursive: true });
  const terminal = JSON.parse(JSON.stringify(defaultTerminalConfig().terminal));
  terminal.community.code = '1409';
  writeFileSync(join(dir, 'terminal.json'), JSON.stringify(terminal));
  writeFileSync(join(dir, 'regions.json'), '{ "regions": [ { "code": "14", } ] }');
  return dir;
}

describe('start-up refuses an invalid configuration with clear messages', () => {
  const dir = brokenConfigDir();
  const run = (entry: string, env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, BIANMIN_CONFIG_DIR: dir, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('the device agent names the file, the field, the value found and what is expected', async () => {
    const result = run('device-agent/src/main.ts', {
      AGENT_PORT: '0',
      AGENT_DATA_DIR: makeTempDir('refused-agent').path,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('terminal.json');
    expect(result.stderr).toContain('community.code');
    expect(result.stderr).toContain('"1409"');
    expect(result.stderr).toMatch(/expected/i);
    expect(result.stderr).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace
  });

  it('the central service reports a JSON syntax error in regions.json with its line and column', async () => {
    const result = run('sync/src/central/main.ts', {
      CENTRAL_PORT: '0',
      CENTRAL_DATA_DIR: makeTempDir('refused-central').path,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('regions.json');
    expect(result.stderr).toMatch(/line 1/i);
  });
});

describe('the agent answers bad requests and device trouble with clear values', () => {
  let agent: Agent;
  // No centre answers: these tests are about the agent alone.
  let noCentre: NetworkSwitch;
  const log = captureLogger('agent');
  beforeAll(async () => {
    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...defaultTerminalConfig(),
      dataDir: makeTempDir('agent-boundaries').path,
      logger: log.logger,
      centreUrl: noCentre.url,
    });
  });
  afterAll(async () => {
    await agent.close();
    await noCentre.close();
  });

  it('rejects a ticket request with a wrong field, naming the first one', async () => {
    const reply = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        requestId: 'session-bad-0001',
        serviceId: 'social-security',
        priority: 'vip',
        durationMs: -1,
      },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toEqual({
      error: 'bad-request',
      message: 'priority must be true or false',
      where: 'priority',
    });
  });

  it('rejects personal data smuggled into a request body', async () => {
    const reply = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/staff-call',
      payload: { screen: 'identify', phone: '13800000000' },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.body).not.toContain('13800000000');
  });

  it('refuses a staff call from a screen name the centre would refuse, queueing nothing', async () => {
    // The centre takes a screen as a token ("-home" is not one): an event it refuses is sent
    // again on every retry and holds back every event queued after it.
    const pending = agent.uploader.status().pending;
    const reply = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/staff-call',
      payload: { screen: '-home' },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: 'bad-request', where: 'screen' });
    expect(agent.uploader.status().pending).toBe(pending);
  });

  it('answers invalid JSON with a 400, not a stack trace', async () => {
    const reply = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { 'content-type': 'application/json' },
      payload: '{"serviceId": ',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.body).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses a service that is not in the catalogue', async () => {
    const reply = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        requestId: 'session-unknown-01',
        serviceId: 'no-such-service',
        priority: false,
        durationMs: 0,
      },
    });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toMatchObject({ error: 'unknown-service' });
  });
});
