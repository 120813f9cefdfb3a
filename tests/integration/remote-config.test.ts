import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import { superviseAgent } from '../../device-agent/src/remote-config/index.js';
import { captureLogger, eventsNamed, makeTempDir } from '@bianmin/common/testing';
import type { EmergencyWarning, KioskInfo } from '@bianmin/contract';
import {
  createCentreAdminClient,
  createTerminalRequest,
  startCentral,
  type RunningCentral,
} from '@bianmin/sync/central';
import { openSse, type SseClient } from './sse-client.js';
import { defaultTerminalConfig } from './support.js';

const RENAMED = '社保业务（新）';

describe('remote configuration from a real centre to a real agent', () => {
  let central: RunningCentral | undefined;
  let supervised: { close(): Promise<void> } | undefined;
  let stream: SseClient | undefined;
  afterEach(async () => {
    stream?.close();
    await supervised?.close();
    await central?.close();
  });

  it('shows a published warning at once and serves the published catalogue after the session ends', async () => {
    const adminToken = randomBytes(32).toString('base64url');
    const started = await startCentral({
      port: 0,
      host: '127.0.0.1',
      dataDir: makeTempDir('central-rcfg').path,
      trust: { adminToken },
    });
    if (!started.ok) throw new Error(started.error.detail);
    central = started.value;
    const admin = createCentreAdminClient({ centreUrl: central.url, adminToken });
    const local = defaultTerminalConfig();
    const created = await admin.createTerminal(createTerminalRequest(local.terminal));
    if (!created.ok) throw new Error(created.error.message);

    const { logger, lines } = captureLogger('device-agent');
    const dataDir = makeTempDir('agent-rcfg').path;
    let restarted: (agent: Agent) => void = () => {};
    let port = 0;
    const running = await superviseAgent<Agent>({
      local,
      dataDir,
      logger,
      build: (config, remote) =>
        buildAgent({
          ...config,
          dataDir,
          logger,
          remote,
          centreUrl: central!.url,
          enrolmentToken: created.value.enrolmentToken,
          // A resident may still be rating after the session ends; not minutes in a test.
          ratingLingerMs: 300,
        }),
      listen: async (agent) => {
        const url = await agent.server.listen({ port, host: '127.0.0.1' });
        port = Number(new URL(url).port);
      },
      onFatal: (error) => {
        throw error;
      },
      onRestarted: (agent) => restarted(agent),
    });
    supervised = running;
    const agentUrl = `http://127.0.0.1:${port}`;
    const kiosk = async () => (await (await fetch(`${agentUrl}/api/v1/kiosk`)).json()) as KioskInfo;
    const post = (path: string, body: unknown) =>
      fetch(agentUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Enrols (pinning the centre's key) and learns there is nothing to fetch yet.
    expect((await running.agent().uploader.heartbeatOnce()).ok).toBe(true);
    // A resident is mid-session before anything is published: the agent's own heartbeat may
    // fetch it any moment, and with nobody in a session it would restart at once.
    expect((await post('/api/v1/session/start', {})).status).toBe(204);
    // What the kiosk's home screen and the hall display are pushed (docs/warnings.md).
    stream = await openSse(`${agentUrl}/api/v1/events?for=display`);
    expect((await stream.next('resync')).notices.warnings).toEqual([]);

    const services = structuredClone(local.services);
    services.services[0]!.name['zh-CN'] = RENAMED;
    const warning: EmergencyWarning = {
      id: 'rainstorm',
      level: 'red',
      title: '暴雨红色预警',
      text: '请减少外出，远离低洼地带。',
      issuedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    expect((await admin.publishConfig({ scope: { region: '14' }, services })).ok).toBe(true);
    const published = await admin.publishConfig({ scope: { region: '1409' }, warnings: [warning] });
    if (!published.ok) throw new Error(published.error.message);

    // The warning shows at once, the catalogue waits for the session's end.
    expect((await running.agent().uploader.heartbeatOnce()).ok).toBe(true);
    expect((await stream.next('notices')).notices.warnings.map((w) => w.title)).toEqual([
      '暴雨红色预警',
    ]);
    expect(eventsNamed(lines, 'agent.remote-config-accepted')).toEqual([
      expect.objectContaining({ version: published.value.version, applies: 'at-idle' }),
    ]);
    expect(
      (await kiosk()).catalogue.services.find((s) => s.id === 'social-security')?.name['zh-CN'],
    ).not.toBe(RENAMED);

    const before = running.agent();
    const restart = new Promise<Agent>((resolve) => {
      restarted = resolve;
    });
    expect((await post('/api/v1/session/end', { reason: 'finished' })).status).toBe(204);
    // Not at once: the resident may be giving a rating.
    expect(running.agent()).toBe(before);
    const next = await restart;
    const served = (await kiosk()).catalogue.services.find((s) => s.id === 'social-security');
    expect(served?.name['zh-CN']).toBe(RENAMED);

    // The new start reports the version it runs; the centre records it.
    expect((await next.uploader.heartbeatOnce()).ok).toBe(true);
    const preview = await admin.previewConfig(local.terminal.terminalId);
    expect(preview).toMatchObject({ ok: true, value: { running: published.value.version } });
  });
});
