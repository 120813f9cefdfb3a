import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureLogger,
  eventsNamed,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import type {
  CallReply,
  CounterTicketReply,
  CounterView,
  HallSnapshot,
  QueueFigures,
  WaitingList,
} from '@bianmin/contract';
import { buildAgent, type Agent } from '../agent/app.js';

const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!loaded.ok) throw new Error('the default config must be valid');
const config = loaded.value;
// Counter 2 calls 医保 first, then 社保 (config/defaults/services.json).
const [medical, social] = ['medical-insurance', 'social-security'];

describe('counter routes on a real agent', () => {
  let agent: Agent;
  let noCentre: NetworkSwitch;
  let at = new Date('2026-03-02T01:00:00Z');
  const log = captureLogger('agent');
  const dataDir = makeTempDir('counter-routes');
  beforeAll(async () => {
    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...config,
      services: {
        ...config.services,
        calling: { ...config.services.calling, counterNetworks: ['192.168.10.0/24'] },
      },
      dataDir: dataDir.path,
      logger: log.logger,
      centreUrl: noCentre.url,
      now: () => at,
    });
  });
  afterAll(async () => {
    await agent.close();
    await noCentre.close();
    dataDir.remove();
  });

  const later = () => (at = new Date(at.getTime() + 60_000));
  // The sample PINs of config/defaults/services.json: 1111 for counter 1, and so on.
  const cookies = new Map<number, string>();
  const cookieFor = (url: string) => cookies.get(Number(/^\/counters\/(\d+)/.exec(url)?.[1] ?? 1));
  const post = (url: string, payload: object = {}, remoteAddress = '127.0.0.1') => {
    const cookie = cookieFor(url);
    return agent.server.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      payload,
      remoteAddress,
      ...(cookie && { headers: { cookie } }),
    });
  };
  const read = async <T>(url: string) =>
    (
      await agent.server.inject({
        method: 'GET',
        url: `/api/v1${url}`,
        headers: { cookie: cookies.get(1)! },
      })
    ).json<T>();
  beforeAll(async () => {
    for (const counter of [1, 2, 3]) {
      const reply = await post(`/counters/${counter}/sign-in`, { pin: String(counter).repeat(4) });
      expect(reply.statusCode).toBe(200);
      const cookie = String(reply.headers['set-cookie']).split(';')[0]!;
      expect(cookie).toMatch(/^bianmin_counter=[\w-]{43}$/);
      cookies.set(counter, cookie);
    }
  });
  let seq = 0;
  const issue = async (serviceId: string, priority = false) => {
    later();
    const requestId = `counter-${String(++seq).padStart(4, '0')}`;
    const reply = await post('/tickets', { requestId, serviceId, priority, durationMs: 1000 });
    expect(reply.statusCode).toBe(201);
    return reply.json<{ ticket: { number: string; waitingAhead: number } }>().ticket;
  };
  /** The counter as its console shows it. */
  const shown = async (counter: number) =>
    (
      await agent.server.inject({
        method: 'GET',
        url: `/api/v1/counters/${counter}`,
        headers: { cookie: cookies.get(counter)! },
      })
    ).json<CounterView>();
  /** The body of an action on the ticket the console shows. */
  const onShown = async (counter: number) => ({
    ticketNumber: (await shown(counter)).current!.number,
  });
  const callNext = async (counter: number) => {
    later();
    const reply = await post(`/counters/${counter}/call-next`);
    expect(reply.statusCode).toBe(200);
    return reply.json<CallReply>();
  };

  it("calls by the counter's service order and priority, and tells the kiosk who is ahead", async () => {
    const s1 = await issue(social);
    const m1 = await issue(medical);
    const m2 = await issue(medical, true);
    expect([s1.waitingAhead, m1.waitingAhead, m2.waitingAhead]).toEqual([0, 0, 0]);
    expect((await issue(medical)).waitingAhead).toBe(2);
    const waiting = await read<WaitingList>('/queue/waiting');
    expect(
      waiting.services.find((s) => s.serviceId === medical)?.tickets.map((t) => t.number),
    ).toEqual([m2.number, m1.number, expect.any(String)]);
    expect((await callNext(2)).ticket?.number).toBe(m2.number);
    expect((await callNext(1)).ticket?.number).toBe(s1.number);
  });

  it('serves, finishes and counts the day in the figures', async () => {
    const serving = await onShown(2);
    const start = await post('/counters/2/start', serving);
    expect(start.json<CounterTicketReply>().ticket.state).toBe('serving');
    later();
    const done = await post('/counters/2/done', serving);
    expect(done.json<CounterTicketReply>().ticket.state).toBe('done');
    // 办结 pressed twice: the second names a ticket the counter no longer has.
    const again = await post('/counters/2/done', serving);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      error: 'ticket-changed',
      message: `This counter no longer has ticket ${serving.ticketNumber} or any other; check the screen and try again.`,
    });
    const figures = await read<QueueFigures>('/queue/figures');
    expect(figures.services.find((s) => s.serviceId === medical)).toMatchObject({
      issued: 3,
      done: 1,
      waiting: 2,
      medianServiceMs: 60_000,
    });
    expect(figures.counters.map((c) => c.number)).toEqual([1, 2, 3]);
  });

  it('ignores a double call, refuses unknown counters and bad bodies', async () => {
    const first = await callNext(2);
    const second = await post('/counters/2/call-next');
    expect(second.json<CallReply>()).toEqual({ ...first, ignored: true });
    expect((await post('/counters/9/sign-in', { pin: '9999' })).statusCode).toBe(404);
    expect((await post('/counters/9/call-next')).statusCode).toBe(401);
    expect((await post('/counters/2/sign-in', { pin: '12' })).statusCode).toBe(400);
    const ticketNumber = first.ticket!.number;
    const badTransfer = await post('/counters/2/transfer', {
      ticketNumber,
      serviceId: 'Tax Office',
    });
    expect(badTransfer.statusCode).toBe(400);
    // An action on the current ticket must say which ticket it means.
    expect((await post('/counters/2/transfer', { serviceId: social })).statusCode).toBe(400);
    expect((await post('/counters/2/hold')).statusCode).toBe(400);
    const transfer = await post('/counters/2/transfer', { ticketNumber, serviceId: 'tax' });
    expect(transfer.json()).toMatchObject({ error: 'unknown-service' });
  });

  it('pauses a counter, which then calls no one', async () => {
    const paused = await post('/counters/3/pause', { paused: true });
    expect(paused.json()).toMatchObject({ number: 3, paused: true });
    later();
    expect((await post('/counters/3/call-next')).json()).toMatchObject({
      error: 'counter-paused',
    });
    expect((await post('/counters/3/pause', { paused: false })).json()).toMatchObject({
      paused: false,
    });
  });

  it('answers the configured counter network and refuses any other address', async () => {
    const hall = await post('/counters/1/hold', await onShown(1), '192.168.10.31');
    expect(hall.statusCode).toBe(200);
    expect(hall.json<CounterTicketReply>().ticket.state).toBe('held');
    const mapped = await post('/counters/1/pause', { paused: false }, '::ffff:192.168.10.31');
    expect(mapped.statusCode).toBe(200);
    const outside = await post('/counters/1/call-next', {}, '10.0.0.7');
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ error: 'not-local-network' });
    const list = await agent.server.inject({
      method: 'GET',
      url: '/api/v1/queue/waiting',
      remoteAddress: '192.168.11.2',
      headers: { cookie: cookies.get(1)! },
    });
    expect(list.statusCode).toBe(403);
    expect(eventsNamed(log.lines, 'queue.counter-request-refused')).toHaveLength(2);
  });

  it("keeps the resident's, the technician's and the card reader's routes to this machine", async () => {
    // A counter PC on the hall's network may call and see the hall, never read a card.
    const ask = (method: 'GET' | 'POST', url: string, remoteAddress: string) =>
      agent.server.inject({
        method,
        url: `/api/v1${url}`,
        remoteAddress,
        ...(method === 'POST' && { payload: {} }),
      });
    for (const [method, url] of [
      ['GET', '/kiosk'],
      ['GET', '/events'],
      ['GET', '/events?for=display'],
      ['POST', '/id-card/watch'],
      ['POST', '/session/start'],
      ['POST', '/applications'],
      ['POST', '/tickets'],
      ['GET', '/technician/session'],
    ] as const) {
      const fromHall = await ask(
        method,
        url,
        url.includes('display') ? '10.0.0.7' : '192.168.10.31',
      );
      expect(fromHall.statusCode, `${method} ${url}`).toBe(403);
      expect(fromHall.json()).toMatchObject({ error: 'not-this-machine' });
    }
    expect((await ask('GET', '/kiosk', '127.0.0.1')).statusCode).toBe(200);
    expect((await ask('GET', '/kiosk', '::1')).statusCode).toBe(200);
    expect(eventsNamed(log.lines, 'agent.request-refused')).toHaveLength(8);
  });

  it('asks for a sign-in to the counter in the path, and forgets it on sign-out', async () => {
    const bare = await agent.server.inject({ method: 'POST', url: '/api/v1/counters/1/recall' });
    expect(bare.statusCode).toBe(401);
    expect(bare.json()).toMatchObject({ error: 'not-signed-in' });
    const other = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/counters/1/call-next',
      payload: {},
      headers: { cookie: cookies.get(2)! },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: 'other-counter' });
    const wrong = await post('/counters/3/sign-in', { pin: '0000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const again = await post('/counters/3/sign-in', { pin: '3333' });
    const cookie = String(again.headers['set-cookie']).split(';')[0]!;
    const signOut = await agent.server.inject({
      method: 'POST',
      url: '/api/v1/counters/3/sign-out',
      payload: {},
      headers: { cookie },
    });
    expect(signOut.json()).toEqual({ signedOut: true });
    const after = await agent.server.inject({
      method: 'GET',
      url: '/api/v1/counters/3',
      headers: { cookie },
    });
    expect(after.statusCode).toBe(401);
    // The earlier sign-in of counter 3 is its own session and still holds.
    expect((await post('/counters/3/pause', { paused: false })).statusCode).toBe(200);
    expect(eventsNamed(log.lines, 'queue.counter-sign-in-refused')).toContainEqual(
      expect.objectContaining({ counter: 3, reason: 'wrong-pin' }),
    );
  });

  it('gives the hall display its snapshot without a sign-in, and pushes rating requests', async () => {
    const hall = await agent.server.inject({ method: 'GET', url: '/api/v1/hall' });
    expect(hall.statusCode).toBe(200);
    const snapshot = hall.json<HallSnapshot>();
    expect(snapshot.services.map((s) => s.serviceId)).toContain(medical);
    expect(snapshot.counters.map((c) => c.number)).toEqual([1, 2, 3]);
    expect(snapshot.announcements.length).toBeGreaterThan(0);
    const waiting = await read<WaitingList>('/queue/waiting');
    for (const service of waiting.services) {
      expect(snapshot.services.find((s) => s.serviceId === service.serviceId)?.waiting).toBe(
        service.tickets.length,
      );
    }
    expect(snapshot.recentCalls.length).toBeGreaterThan(0);
    const ask = await post('/counters/2/ask-rating');
    expect(ask.statusCode).toBe(200);
    const outside = await agent.server.inject({
      method: 'GET',
      url: '/api/v1/hall',
      remoteAddress: '10.0.0.7',
    });
    expect(outside.statusCode).toBe(403);
  });

  it('never gives two counters calling at the same moment the same ticket', async () => {
    const enquiries = [await issue('general-enquiry'), await issue('general-enquiry')];
    later();
    const replies = await Promise.all([1, 3].map((n) => post(`/counters/${n}/call-next`)));
    const numbers = replies.map((r) => r.json<CallReply>().ticket?.number);
    expect(numbers.sort()).toEqual(enquiries.map((t) => t.number).sort());
  });

  it('pushes each call on the event stream for a hall display', async () => {
    const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
    let text = '';
    const waiters: (() => void)[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      get(`${url}/api/v1/events`, resolve).on('error', reject),
    );
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      for (const w of waiters.splice(0)) w();
    });
    const until = async (wanted: string) => {
      while (!text.includes(wanted)) await new Promise<void>((r) => waiters.push(r));
    };
    await until('"resync"');
    const held = (await read<WaitingList>('/queue/waiting')).held[0]!;
    expect((await post('/counters/1/done', await onShown(1))).statusCode).toBe(200);
    later();
    const back = await post('/counters/1/call-back', { ticketNumber: held.number });
    expect(back.json<CallReply>().ticket?.state).toBe('called');
    await until('queue-called');
    const message = text.split('\n').find((l) => l.includes('queue-called'))!;
    expect(JSON.parse(message.slice('data: '.length))).toEqual({
      type: 'queue-called',
      call: {
        ticketNumber: held.number,
        serviceId: held.serviceId,
        counter: 1,
        counterName: '1号窗口 人社',
        call: 'call-back',
      },
    });
    // A ticket issued changes a waiting count: the stream says the new counts.
    await issue('household-registration');
    const counts = (await read<HallSnapshot>('/hall')).services.map(({ serviceId, waiting }) => ({
      serviceId,
      waiting,
    }));
    await until(JSON.stringify({ type: 'queue-changed', waiting: counts }));
    expect((await post('/counters/1/ask-rating')).statusCode).toBe(200);
    await until('rating-requested');
    const asked = text.split('\n').find((l) => l.includes('rating-requested'))!;
    expect(JSON.parse(asked.slice('data: '.length))).toEqual({
      type: 'rating-requested',
      request: { counter: 1, counterName: '1号窗口 人社', serviceId: held.serviceId },
    });
    stream.destroy();
  });

  it('refuses an action on a ticket the counter has moved on from, and changes nothing', async () => {
    const seen = (await callNext(2)).ticket!.number;
    await issue(medical);
    // The console shows `seen`; meanwhile the counter's keypad (or a second console) calls next.
    const now = (await callNext(2)).ticket!.number;
    expect(now).not.toBe(seen);
    const counterBefore = await shown(2);
    const waitingBefore = await read<WaitingList>('/queue/waiting');
    const figuresBefore = await read<QueueFigures>('/queue/figures');
    const presses: [string, object][] = [
      ['transfer', { ticketNumber: seen, serviceId: social }],
      ['no-show', { ticketNumber: seen }],
      ['hold', { ticketNumber: seen }],
      ['done', { ticketNumber: seen }],
      ['start', { ticketNumber: seen }],
      ['recall', { ticketNumber: seen }],
      ['call-next', { ticketNumber: seen }],
      ['call-next', { ticketNumber: null }],
    ];
    for (const [action, body] of presses) {
      later();
      const refused = await post(`/counters/2/${action}`, body);
      expect(refused.statusCode, action).toBe(409);
      expect(refused.json(), action).toEqual({
        error: 'ticket-changed',
        message: `This counter's current ticket is now ${now}; check the screen and try again.`,
      });
    }
    expect(await shown(2)).toEqual(counterBefore);
    expect(await read<WaitingList>('/queue/waiting')).toEqual(waitingBefore);
    expect(await read<QueueFigures>('/queue/figures')).toEqual(figuresBefore);
    // Naming the ticket now shown acts on it.
    const moved = await post('/counters/2/transfer', { ticketNumber: now, serviceId: social });
    expect(moved.json<CounterTicketReply>().ticket).toMatchObject({
      number: now,
      serviceId: social,
      state: 'waiting',
    });
  });
});
