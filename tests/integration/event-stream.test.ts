import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '@bianmin/device-agent';
import { eventsNamed } from '@bianmin/common/testing';
import { startRunningAgent, type RunningAgent } from './running-agent.js';

describe('the agent event stream over HTTP', () => {
  let running: RunningAgent;
  let agent: Agent;
  let url: string;
  let log: RunningAgent['log'];
  beforeEach(async () => {
    running = await startRunningAgent('events');
    ({ agent, url, log } = running);
  });
  afterEach(() => running.close());
  const subscribe = () => running.subscribe();
  const post = (path: string, body: unknown) => running.post(path, body);
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
        { status: { device: 'counterCallers', state: 'ready' }, severity: 'ok' },
        { status: { device: 'counterDisplays', state: 'ready' }, severity: 'ok' },
      ],
      card: 'not-watching',
      notices: { warnings: [], announcements: [] },
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
