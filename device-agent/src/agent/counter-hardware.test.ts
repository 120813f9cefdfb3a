import { afterEach, describe, expect, it } from 'vitest';
import {
  captureLogger,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import type { DevCounterHardware } from '@bianmin/contract';
import { defaultConfig as config } from './default-agent.fixture.js';
import { buildAgent, type Agent } from './app.js';

describe('the counters hardware in the agent (simulated, default devices.json)', () => {
  let agent: Agent | undefined;
  let noCentre: NetworkSwitch | undefined;
  afterEach(async () => {
    await agent?.close();
    await noCentre?.close();
  });

  async function start(healthIntervalMs?: number) {
    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...config,
      devices: { ...config.devices, speech: { ...config.devices.speech!, engine: 'simulator' } },
      dataDir: makeTempDir('counter-hardware').path,
      logger: captureLogger('counter-hardware').logger,
      centreUrl: noCentre.url,
      ...(healthIntervalMs !== undefined && { healthIntervalMs }),
    });
    await agent.start();
    return agent;
  }
  const hardware = async (a: Agent) =>
    (
      await a.server.inject({ method: 'GET', url: '/api/v1/dev/counter-hardware' })
    ).json<DevCounterHardware>();
  /** Reads the panel's view until `test` holds: LED writes and speech finish after the call. */
  async function until(a: Agent, test: (h: DevCounterHardware) => boolean) {
    for (;;) {
      const h = await hardware(a);
      if (test(h)) return h;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  // A new database file numbers its first day from 501 (docs/architecture.md, Where data lives).
  it('a caller key calls the next ticket: caller display, LED text and spoken call follow', async () => {
    const a = await start();
    const issued = await a.server.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        requestId: 'caller-0001',
        serviceId: 'social-security',
        priority: false,
        durationMs: 1000,
      },
    });
    expect(issued.statusCode).toBe(201);
    const pressed = await a.server.inject({
      method: 'POST',
      url: '/api/v1/dev/caller-key',
      payload: { address: 1, key: 'call-next' },
    });
    expect(pressed.statusCode).toBe(200);
    const h = await until(
      a,
      (s) =>
        s.callers?.[0]?.display === '501  0' && s.leds?.length === 1 && s.lastAnnouncement !== null,
    );
    expect(h.leds).toEqual([{ address: 1, text: '请A501号' }]);
    expect(h.lastAnnouncement).toMatchObject({
      text: '请 A 五零一 号到 1 号窗口办理',
      counter: 1,
      outcome: 'spoken',
    });
    expect(h.callers?.[0]).toMatchObject({ address: 1, counter: 1, pending: 0, answering: true });
    // A call from the counters' web API is shown and spoken the same way.
    await a.server.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        requestId: 'caller-0002',
        serviceId: 'medical-insurance',
        priority: false,
        durationMs: 1000,
      },
    });
    const signedIn = await a.server.inject({
      method: 'POST',
      url: '/api/v1/counters/2/sign-in',
      payload: { pin: '2222' },
    });
    const web = await a.server.inject({
      method: 'POST',
      url: '/api/v1/counters/2/call-next',
      payload: {},
      headers: { cookie: String(signedIn.headers['set-cookie']).split(';')[0]! },
    });
    expect(web.statusCode).toBe(200);
    const after = await until(a, (s) => s.leds?.length === 2);
    expect(after.leds?.[1]).toEqual({ address: 2, text: '请B501号' });
    expect((await until(a, (s) => s.lastAnnouncement?.counter === 2)).lastAnnouncement?.text).toBe(
      '请 B 五零一 号到 2 号窗口办理',
    );
  });

  it("a caller's rate key asks the kiosk for a rating of the counter's current service", async () => {
    const a = await start();
    await a.server.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        requestId: 'caller-rate',
        serviceId: 'social-security',
        priority: false,
        durationMs: 1000,
      },
    });
    await a.server.inject({
      method: 'POST',
      url: '/api/v1/dev/caller-key',
      payload: { address: 1, key: 'call-next' },
    });
    await until(a, (s) => s.callers?.[0]?.display === '501  0');
    const address = await a.server.listen({ port: 0, host: '127.0.0.1' });
    const stream = await fetch(`${address}/api/v1/events`);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    await a.server.inject({
      method: 'POST',
      url: '/api/v1/dev/caller-key',
      payload: { address: 1, key: 'ask-rating' },
    });
    let seen = '';
    while (!seen.includes('rating-requested')) seen += (await reader.read()).value ?? '';
    await reader.cancel();
    expect(seen).toContain('"counter":1');
    expect(seen).toContain('"serviceId":"social-security"');
  });

  it('reports a keypad that stops answering as the counterCallers state, without stopping', async () => {
    const a = await start(20);
    const off = await a.server.inject({
      method: 'POST',
      url: '/api/v1/dev/caller-answering',
      payload: { address: 2, answering: false },
    });
    expect(off.json<DevCounterHardware>().callers?.[1]?.answering).toBe(false);
    for (;;) {
      const health = (await a.server.inject({ method: 'GET', url: '/healthz' })).json<{
        devices: Record<string, string>;
      }>();
      if (health.devices.counterCallers === 'caller-silent') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const refused = await a.server.inject({
      method: 'POST',
      url: '/api/v1/dev/caller-key',
      payload: { address: 77, key: 'call-next' },
    });
    expect(refused.statusCode).toBe(409);
  });
});
