import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAgent, type Agent } from '@bianmin/device-agent';
import {
  captureLogger,
  eventsNamed,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import { openSse, type SseClient } from './sse-client.js';
import { defaultTerminalConfig } from './support.js';

describe('the agent event stream over HTTP', () => {
  let agent: Agent;
  let url: string;
  let noCentre: NetworkSwitch;
  let log: ReturnType<typeof captureLogger>;
  const clients: SseClient[] = [];

  beforeEach(async () => {
    noCentre = await openNetworkSwitch();
    log = captureLogger('agent-events');
    agent = await buildAgent({
      ...defaultTerminalConfig(),
      dataDir: makeTempDir('agent-events').path,
      logger: log.logger,
      centreUrl: noCentre.url,
      healthIntervalMs: 20,
    });
    url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
    await agent.start();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await agent.close();
    await noCentre.close();
  });

  const subscribe = async () => {
    const client = await openSse(`${url}/api/v1/events`);
    clients.push(client);
    return client;
  };
  const post = (path: string, body: unknown) =>
    fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sampleKey = async (name: string) => {
    const state = (await (await fetch(`${url}/api/v1/dev/state`)).json()) as {
      identities: { key: string; label: string }[];
    };
    return state.identities.find((i) => i.label.includes(name))!.key;
  };

  it('starts with a resync, then delivers a placed card as its masked summary only', async () => {
    const client = await subscribe();
    const resync = await client.next('resync');
    expect(resync).toEqual({
      type: 'resync',
      devices: [
        { status: { device: 'printer', state: 'ready' }, severity: 'ok' },
        { status: { device: 'storage', state: 'ready' }, severity: 'ok' },
        { status: { device: 'idCardReader', state: 'ready' }, severity: 'ok' },
        { status: { device: 'scanner', state: 'ready' }, severity: 'ok' },
      ],
      card: 'not-watching',
    });

    expect((await post('/id-card/watch', { on: true })).status).toBe(204);
    expect(
      (await post('/dev/id-card', { action: 'place', key: await sampleKey('王秀英') })).ok,
    ).toBe(true);
    expect(await client.next('card-placed')).toEqual({ type: 'card-placed' });
    expect(await client.next('card-read')).toEqual({
      type: 'card-read',
      holder: { maskedName: '王*英', priorityByAge: true },
    });
    // The module answers "no card" after a read until the card leaves: reported as removed.
    expect(await client.next('card-removed')).toEqual({ type: 'card-removed' });

    const raw = client.raw();
    expect(raw).toContain('王*英');
    expect(raw).not.toMatch(/王秀英|140902195301050227|1953-01-05|19530105/);
    expect(log.text()).not.toMatch(/王秀英|王\*英|140902195/);
    expect(raw).toMatch(/^retry: \d+\n/);
  });

  it('tells a badly placed card to be placed flat, to every subscriber', async () => {
    const first = await subscribe();
    const second = await subscribe();
    await post('/id-card/watch', { on: true });
    await post('/dev/id-card', { action: 'place-badly' });
    for (const client of [first, second]) {
      expect(await client.next('card-unreadable')).toEqual({
        type: 'card-unreadable',
        reason: 'place-flat',
      });
    }
    // A kiosk that connects now learns that a card lies on the reader.
    const third = await subscribe();
    expect(await third.next('resync')).toMatchObject({ card: 'present' });
  });

  it('resyncs a reconnecting kiosk, and drops the watch when the last subscriber leaves', async () => {
    const first = await subscribe();
    await first.next('resync');
    await post('/id-card/watch', { on: true });
    await post('/dev/id-card', { action: 'place-badly' });
    await first.next('card-unreadable');
    first.close();
    await vi.waitFor(() =>
      expect(eventsNamed(log.lines, 'agent.event-stream-closed')).toHaveLength(1),
    );

    // Reconnecting: the reader was left alone meanwhile, and the kiosk is told so.
    const again = await subscribe();
    expect(await again.next('resync')).toMatchObject({ type: 'resync', card: 'not-watching' });
    await post('/dev/id-card', { action: 'place', key: await sampleKey('李建国') });
    await post('/id-card/watch', { on: true });
    expect(await again.next('card-read')).toEqual({
      type: 'card-read',
      holder: { maskedName: '李*国', priorityByAge: false },
    });
  });

  it('pushes device state changes with their severity', async () => {
    const client = await subscribe();
    await client.next('resync');
    await post('/dev/printer', { paper: 'out' });
    expect(await client.next('device-state')).toEqual({
      type: 'device-state',
      device: { status: { device: 'printer', state: 'no-paper' }, severity: 'fault' },
    });
    await post('/dev/printer', { paper: 'ok' });
    expect(await client.next('device-state')).toMatchObject({
      device: { status: { device: 'printer', state: 'ready' }, severity: 'ok' },
    });
  });

  it('ends every stream when the agent closes', async () => {
    const client = await subscribe();
    await client.next('resync');
    const closing = agent.close();
    await client.ended;
    await closing;
    // afterEach closes again: closing twice must be harmless.
  });
});
