import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventsNamed } from '@bianmin/common/testing';
import { startRunningAgent, type RunningAgent } from './running-agent.js';
import type { SseClient } from './sse-client.js';

/** A senior-allowance application whose name and number come from the card read `readId`. */
const fromCard = (requestId: string, readId: string) => ({
  requestId,
  serviceId: 'senior-allowance',
  identity: { source: 'card', readId },
  answers: {
    'who-applies': 'family',
    living: 'alone',
    'payment-card': 'bank-card',
    phone: '13912345678',
  },
});

describe('a card read held for an application, over HTTP', () => {
  let running: RunningAgent;
  let client: SseClient;
  beforeEach(async () => {
    running = await startRunningAgent('card-holds');
    client = await running.subscribe();
  });
  afterEach(() => running.close());
  const post = (path: string, body: unknown) => running.post(path, body);

  /** The card step of an application: the handle of the read the agent holds for it. */
  async function readForApplication(key: string): Promise<string> {
    expect((await post('/id-card/watch', { on: true, forApplication: true })).status).toBe(204);
    expect((await post('/dev/id-card', { action: 'place', key })).ok).toBe(true);
    const read = await client.next('card-read');
    await post('/id-card/watch', { on: false });
    await post('/dev/id-card', { action: 'remove' });
    expect(read.holder.readId).toBeDefined();
    return read.holder.readId!;
  }

  it('fills in the application from the read within its session', async () => {
    await post('/session/start', {});
    const readId = await readForApplication('wang-xiuying');
    const reply = await post('/applications', fromCard('holds-request-0001', readId));
    expect(reply.status).toBe(200);
  });

  it('drops the read when the next session starts, though the last one never ended', async () => {
    await post('/session/start', {});
    const readId = await readForApplication('wang-xiuying');
    // The page reloaded: no /session/end came, and a new resident begins.
    expect((await post('/session/start', {})).status).toBe(204);
    const reply = await post('/applications', fromCard('holds-request-0002', readId));
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({ error: 'application-unknown-card-read' });
  });

  it('drops the read when a card is next read to take a ticket', async () => {
    await post('/session/start', {});
    const readId = await readForApplication('wang-xiuying');
    await post('/id-card/watch', { on: true });
    await post('/dev/id-card', { action: 'place', key: 'li-jianguo' });
    expect((await client.next('card-read')).holder.readId).toBeUndefined();
    const reply = await post('/applications', fromCard('holds-request-0003', readId));
    expect(await reply.json()).toMatchObject({ error: 'application-unknown-card-read' });
  });

  it('drops the read when a card placed to take a ticket cannot be read', async () => {
    await post('/session/start', {});
    const readId = await readForApplication('wang-xiuying');
    await post('/id-card/watch', { on: true });
    await post('/dev/id-card', { action: 'place-badly' });
    expect((await client.next('card-unreadable')).reason).toBe('place-flat');
    const reply = await post('/applications', fromCard('holds-request-0004', readId));
    expect(await reply.json()).toMatchObject({ error: 'application-unknown-card-read' });
  });

  it("drops the read when the reader's reply to a take-ticket read is damaged", async () => {
    await post('/session/start', {});
    const readId = await readForApplication('wang-xiuying');
    const corrupt = (corruption: string) =>
      post('/dev/corruption', { device: 'idCardReader', corruption });
    expect((await corrupt('bad-checksum')).ok).toBe(true);
    await post('/dev/id-card', { action: 'place', key: 'li-jianguo' });
    await post('/id-card/watch', { on: true });
    // A damaged reply gives the page no event; the watcher's log says it came.
    await vi.waitFor(() =>
      expect(eventsNamed(running.log.lines, 'device.id-card.read-finished')).toContainEqual(
        expect.objectContaining({ outcome: 'frame-invalid' }),
      ),
    );
    await corrupt('off');
    const reply = await post('/applications', fromCard('holds-request-0005', readId));
    expect(await reply.json()).toMatchObject({ error: 'application-unknown-card-read' });
  });

  it("keeps the read through an unreadable card in the application's own card step", async () => {
    await post('/session/start', {});
    const readId = await readForApplication('wang-xiuying');
    // Back on the card step, a card placed badly: the application still goes in.
    await post('/id-card/watch', { on: true, forApplication: true });
    await post('/dev/id-card', { action: 'place-badly' });
    await client.next('card-unreadable');
    await post('/id-card/watch', { on: false });
    await post('/dev/id-card', { action: 'remove' });
    const reply = await post('/applications', fromCard('holds-request-0006', readId));
    expect(reply.status).toBe(200);
  });
});
