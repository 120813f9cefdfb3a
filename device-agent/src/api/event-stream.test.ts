import { get, type IncomingMessage } from 'node:http';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { captureLogger } from '@bianmin/common/testing';
import { createEventStream } from './event-stream.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A raw HTTP subscriber: its text so far, and a wait for text that has not come yet. */
function subscribe(url: string) {
  return new Promise<{
    response: IncomingMessage;
    text: () => string;
    until: (s: string) => Promise<void>;
  }>((resolve, reject) => {
    get(url, (response) => {
      let text = '';
      const waiters: (() => void)[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const w of waiters.splice(0)) w();
      });
      const until = async (wanted: string) => {
        while (!text.includes(wanted)) await new Promise<void>((r) => waiters.push(r));
      };
      resolve({ response, text: () => text, until });
    }).on('error', reject);
  });
}

async function setUp() {
  const clock = createManualClock();
  const counts: number[] = [];
  let counted: (() => void) | undefined;
  /** Waits until the stream has reported `n` changes of its subscriber count. */
  const changes = async (n: number) => {
    while (counts.length < n) await new Promise<void>((r) => (counted = r));
  };
  const stream = createEventStream({
    deviceStates: () => ({
      storage: 'ready',
      printer: 'paper-near-end',
      idCardReader: 'reader-offline',
    }),
    cardPresence: () => 'not-watching',
    notices: () => ({ warnings: [], announcements: [] }),
    onSubscribersChanged: (count) => {
      counts.push(count);
      counted?.();
    },
    logger: captureLogger('stream').logger,
    clock,
  });
  const server = Fastify();
  await server.register(
    (api, _opts, done) => {
      stream.register(api);
      done();
    },
    { prefix: '/api/v1' },
  );
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    stream.close();
    await server.close();
  });
  return { clock, counts, changes, stream, url: `${url}/api/v1/events` };
}

describe('event stream', () => {
  it('answers as server-sent events and starts with the state, severities from the registry', async () => {
    const { url } = await setUp();
    const client = await subscribe(url);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers['cache-control']).toContain('no-cache');
    await client.until('\n\n');
    const data = client
      .text()
      .split('\n')
      .find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(data.slice(6))).toEqual({
      type: 'resync',
      devices: [
        { status: { device: 'printer', state: 'paper-near-end' }, severity: 'warning' },
        { status: { device: 'storage', state: 'ready' }, severity: 'ok' },
        { status: { device: 'idCardReader', state: 'reader-offline' }, severity: 'fault' },
      ],
      card: 'not-watching',
      notices: { warnings: [], announcements: [] },
    });
  });

  it('keeps a quiet stream open with a comment every 15 s', async () => {
    const { url, clock } = await setUp();
    const client = await subscribe(url);
    await client.until('\n\n');
    expect(client.text()).not.toContain(':\n\n');
    await clock.advance(15_000);
    await client.until(':\n\n');
  });

  it('sends each event to every subscriber and counts them as they come and go', async () => {
    const { url, stream, counts, changes } = await setUp();
    const first = await subscribe(url);
    const second = await subscribe(url);
    await first.until('\n\n');
    await second.until('\n\n');
    stream.deviceChanged({ device: 'printer', state: 'no-paper' });
    const sent = '"status":{"device":"printer","state":"no-paper"},"severity":"fault"';
    await first.until(sent);
    await second.until(sent);
    expect(counts).toEqual([1, 2]);
    first.response.destroy();
    await changes(3);
    stream.publish({ type: 'card-removed' });
    await second.until('card-removed');
    expect(counts).toEqual([1, 2, 1]);
    stream.close();
    expect(counts).toEqual([1, 2, 1, 0]);
  });

  it("sends a display the queue's events only, and does not count it as a kiosk", async () => {
    const { url, stream, counts } = await setUp();
    const display = await subscribe(`${url}?for=display`);
    const kiosk = await subscribe(url);
    await display.until('"resync"');
    await kiosk.until('"resync"');
    stream.publish({ type: 'card-read', holder: { maskedName: '王*英', priorityByAge: true } });
    stream.publish({ type: 'queue-changed', waiting: [{ serviceId: 'tax', waiting: 2 }] });
    await kiosk.until('queue-changed');
    await display.until('queue-changed');
    expect(kiosk.text()).toContain('card-read');
    expect(display.text()).not.toContain('card-read');
    expect(counts).toEqual([1]);
    display.response.destroy();
    stream.close();
    expect(counts).toEqual([1, 0]);
  });
});
