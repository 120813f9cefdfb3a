import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
