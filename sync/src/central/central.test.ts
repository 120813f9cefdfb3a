import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { readDashboardPage } from '../testing/dashboard-page-reader.js';
import { startCentralHarness, type CentralHarness } from '../testing/central-harness.js';
import { SERVICES, batch, heartbeatBody, snapshot, ticketEvent } from '../testing/fixtures.js';
import { CENTRAL_MIGRATIONS } from './database.js';
import { LEGACY_EPOCH, type TerminalOverview } from '@bianmin/contract';

const T1 = 'xz-xfl-001';
const NOW = '2026-03-02T02:00:00.000Z'; // 10:00 in Shanghai
const SENT = '2026-03-02T01:59:00.000Z';
const CREATED = '2026-03-02T01:30:00.000Z';

describe('central service', () => {
  let centre: CentralHarness;
  let log: ReturnType<typeof captureLogger>;

  beforeEach(async () => {
    log = captureLogger();
    centre = await startCentralHarness({ now: NOW, logger: log.logger });
  });
  afterEach(() => centre.close());

  const terminals = async (): Promise<TerminalOverview[]> =>
    (await (await centre.get('/api/v1/terminals')).json()) as TerminalOverview[];
  const terminal = async (id = T1) => (await terminals()).find((t) => t.terminalId === id);
  const send = async (events: ReturnType<typeof ticketEvent>[], sentAt = SENT) => {
    const res = await centre.post('/api/v1/events', batch(T1, sentAt, events));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  describe('POST /api/v1/events', () => {
    it('stores a batch and acknowledges its highest seq', async () => {
      const reply = await send([ticketEvent(1, CREATED), ticketEvent(2, CREATED)]);
      expect(reply).toEqual({ status: 200, body: { epoch: LEGACY_EPOCH, ackedUpTo: 2 } });
      expect((await terminal())?.today.total).toBe(2);
      expect(eventsNamed(log.lines, 'central.events-ingested')[0]).toMatchObject({
        terminalId: T1,
        stored: 2,
        duplicates: 0,
        conflicts: 0,
      });
    });

    it('counts a resent batch once', async () => {
      const events = [ticketEvent(1, CREATED), ticketEvent(2, CREATED)];
      await send(events);
      const again = await send(events, '2026-03-02T01:59:30.000Z');
      expect(again.body).toEqual({ epoch: LEGACY_EPOCH, ackedUpTo: 2 });
      expect((await terminal())?.today.total).toBe(2);
      expect(eventsNamed(log.lines, 'central.events-ingested')[1]).toMatchObject({
        stored: 0,
        duplicates: 2,
        conflicts: 0,
      });
    });

    it('acknowledges only the contiguous prefix across a gap', async () => {
      const gap = await send([1, 2, 4].map((seq) => ticketEvent(seq, CREATED)));
      expect(gap.body).toEqual({ epoch: LEGACY_EPOCH, ackedUpTo: 2 });
      const filled = await send([ticketEvent(3, CREATED)]);
      expect(filled.body).toEqual({ epoch: LEGACY_EPOCH, ackedUpTo: 4 });
      expect((await terminal())?.today.total).toBe(4);
    });

    it('reports 0 when seq 1 is missing', async () => {
      expect((await send([ticketEvent(2, CREATED)])).body).toEqual({
        epoch: LEGACY_EPOCH,
        ackedUpTo: 0,
      });
    });

    it('refuses a resent seq whose content differs with 409, acknowledging nothing', async () => {
      await send([ticketEvent(1, CREATED, SERVICES.socialSecurity)]);
      // The terminal's database was reset: seq 1 now names a different ticket.
      const reply = await send([ticketEvent(1, CREATED, SERVICES.medicalInsurance)]);
      expect(reply.status).toBe(409);
      expect(reply.body).toEqual({
        error: 'sequence-conflict',
        message: expect.stringMatching(
          /seq 1\b.*outbox sequence restarted \(its database was reset or restored\).*stay on the terminal until an operator/,
        ) as unknown,
        ackedUpTo: 0,
        conflictingSeqs: [1],
      });
      expect((await terminal())?.today).toEqual({
        ticketsByService: [{ ...SERVICES.socialSecurity, count: 1 }],
        total: 1,
      });
      expect(eventsNamed(log.lines, 'central.events-ingested')[1]).toMatchObject({
        stored: 0,
        conflicts: 1,
      });
      const rejected = eventsNamed(log.lines, 'central.request-rejected');
      expect(rejected).toEqual([
        expect.objectContaining({ reason: 'sequence-conflict', terminalId: T1 }),
      ]);
      expect(JSON.stringify(rejected)).not.toMatch(/social|medical|A001/);
      // An exact resend of what the centre holds is still a plain duplicate.
      const duplicate = await send([ticketEvent(1, CREATED, SERVICES.socialSecurity)]);
      expect(duplicate).toEqual({ status: 200, body: { epoch: LEGACY_EPOCH, ackedUpTo: 1 } });
    });

    it('stores the new events of a conflicting batch but acks only below the first conflict', async () => {
      await send([1, 2, 3].map((seq) => ticketEvent(seq, CREATED)));
      const reply = await send([
        ticketEvent(2, CREATED, SERVICES.medicalInsurance), // conflict
        ticketEvent(3, CREATED), // exact duplicate
        ticketEvent(4, CREATED),
        ticketEvent(5, CREATED),
      ]);
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({ ackedUpTo: 1, conflictingSeqs: [2] });
      expect((await terminal())?.today.total).toBe(5);
      expect(eventsNamed(log.lines, 'central.events-ingested')[1]).toMatchObject({
        stored: 2,
        duplicates: 2,
        conflicts: 1,
      });
    });

    it('lists at most 20 conflicting seqs and says how many more', async () => {
      const seqs = Array.from({ length: 25 }, (_, i) => i + 1);
      await send(seqs.map((seq) => ticketEvent(seq, CREATED)));
      const reply = await send(
        [...seqs].reverse().map((seq) => ticketEvent(seq, CREATED, SERVICES.medicalInsurance)),
      );
      expect(reply.status).toBe(409);
      expect(reply.body.conflictingSeqs).toEqual(seqs.slice(0, 20));
      expect(reply.body.message).toMatch(/^terminal xz-xfl-001 sent seqs 1, 2, .*, 20 and 5 more,/);
      expect(reply.body.ackedUpTo).toBe(0);
    });

    it('drops prioritySource from events stored before it left the protocol', async () => {
      await send([ticketEvent(1, CREATED)]);
      const withSource = (payload: string) =>
        JSON.stringify({ ...JSON.parse(payload), prioritySource: 'disability' });
      const payloadOf = centre.db.prepare('SELECT payload FROM events WHERE seq = 1').pluck();
      const current = payloadOf.get() as string;
      centre.db.prepare('UPDATE events SET payload = ?').run(withSource(current));

      CENTRAL_MIGRATIONS.find(
        (m) => m.name === 'drop prioritySource from stored ticket events',
      )!.up(centre.db);
      expect(payloadOf.get()).toBe(current);
      // The terminal's scrubbed copy, resent, is an exact duplicate rather than a conflict.
      expect(await send([ticketEvent(1, CREATED)])).toEqual({
        status: 200,
        body: { epoch: LEGACY_EPOCH, ackedUpTo: 1 },
      });
    });

    it('dates events by corrected time, so a terminal clock that is off still lands today', async () => {
      // Terminal clock 3 days behind: created and sent both shifted, the age is what counts.
      const reply = await send(
        [ticketEvent(1, '2026-02-27T01:30:00.000Z')],
        '2026-02-27T01:59:00.000Z',
      );
      expect(reply.status).toBe(200);
      expect((await terminal())?.today.total).toBe(1);
      const stored = centre.db.prepare('SELECT corrected_at FROM events').pluck().get();
      expect(stored).toBe('2026-03-02T01:31:00.000Z');
    });

    it('groups today tickets by service and excludes yesterday (Shanghai day)', async () => {
      await send([
        ticketEvent(1, CREATED, SERVICES.socialSecurity),
        ticketEvent(2, CREATED, SERVICES.medicalInsurance),
        ticketEvent(3, CREATED, SERVICES.socialSecurity),
        // Corrected to 15:01 UTC on 1 March = 23:01 in Shanghai: yesterday.
        ticketEvent(4, '2026-03-01T15:00:00.000Z', SERVICES.socialSecurity),
      ]);
      expect((await terminal())?.today).toEqual({
        ticketsByService: [
          { ...SERVICES.medicalInsurance, count: 1 },
          { ...SERVICES.socialSecurity, count: 2 },
        ],
        total: 3,
      });
    });

    it('stores an event stamped before the clock was set, counting it when received', async () => {
      // Refusing it would block the terminal's outbox behind it for ever.
      const reply = await send([ticketEvent(1, CREATED), ticketEvent(2, '1970-01-01T00:00:10Z')]);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ epoch: LEGACY_EPOCH, ackedUpTo: 2 });
    });
  });

  describe('rejects bad bodies with 400 naming the field', () => {
    const expectRejected = async (body: unknown, pattern: RegExp, status = 400) => {
      const res = await centre.post('/api/v1/events', body);
      const json = (await res.json()) as { error: string; message: string };
      expect(res.status).toBe(status);
      expect(json.message).toMatch(pattern);
      expect(JSON.stringify(json)).not.toMatch(/stack|at .*\.js/);
      return json;
    };

    it.each(['2026-03-02T23:59:60Z', '2026-03-02T10:00:00+08', '2026-02-30T10:00:00Z'])(
      'a time the schema once let through but JavaScript cannot read as one: %s',
      async (time) => {
        const json = await expectRejected(
          batch(T1, SENT, [ticketEvent(1, time)]),
          /^events\[0\]\.createdAt /,
        );
        expect(json).toMatchObject({ error: 'bad-request', where: 'events[0].createdAt' });
      },
    );

    it('missing terminalId', async () => {
      const { terminalId: _, ...body } = batch(T1, SENT, [ticketEvent(1, CREATED)]);
      const json = await expectRejected(body, /^terminalId is required$/);
      expect(json.error).toBe('bad-request');
    });

    it('an extra payload field such as a name, without echoing its value', async () => {
      const event = ticketEvent(1, CREATED);
      const withName = { ...event, payload: { ...event.payload, name: '王秀英' } };
      const body = batch(T1, SENT, [withName as never]);
      const json = await expectRejected(
        body,
        /^events\[0\]\.payload has an unexpected field 'name'; allowed: serviceId, /,
      );
      expect(json.message).not.toContain('王秀英');
      expect(eventsNamed(log.lines, 'central.request-rejected')[0]).toMatchObject({
        field: 'events[0].payload',
      });
    });

    it('an extra field on the event itself', async () => {
      const body = batch(T1, SENT, [{ ...ticketEvent(1, CREATED), idNumber: 'x' } as never]);
      await expectRejected(body, /^events\[0\] has an unexpected field 'idNumber'/);
    });

    it('a wrong type', async () => {
      const body = batch(T1, SENT, [{ ...ticketEvent(1, CREATED), seq: '1' } as never]);
      await expectRejected(body, /^events\[0\]\.seq must be an integer$/);
    });

    it('a wrong payload type for the event type', async () => {
      const body = batch(T1, SENT, [
        { seq: 1, type: 'staff.called', createdAt: CREATED, payload: { screen: 7 } } as never,
      ]);
      await expectRejected(body, /^events\[0\]\.payload\.screen must be a string$/);
    });

    it('an unknown event type', async () => {
      const body = batch(T1, SENT, [
        { ...ticketEvent(1, CREATED), type: 'resident.seen' } as never,
      ]);
      await expectRejected(body, /^events\[0\]\.type must be one of "ticket.issued", /);
    });

    it('a time without a zone', async () => {
      await expectRejected(
        batch(T1, '2026-03-02 09:59:00', [ticketEvent(1, CREATED)]),
        /^sentAt must be an ISO 8601 date-time with a time zone/,
      );
    });

    it('an empty or oversized batch', async () => {
      await expectRejected(batch(T1, SENT, []), /^events must NOT have fewer than 1 items$/);
      const many = Array.from({ length: 501 }, (_, i) => ticketEvent(i + 1, CREATED));
      await expectRejected(batch(T1, SENT, many), /^events must NOT have more than 500 items$/);
    });

    it('a body that is not an object', async () => {
      await expectRejected([1, 2], /^body must be an object$/);
    });

    it('invalid JSON', async () => {
      const json = await expectRejected('{"terminalId": "x",', /^body is not valid JSON$/);
      expect(json.error).toBe('bad-request');
    });

    it('a wrong content type with 415', async () => {
      const res = await centre.post('/api/v1/events', 'terminalId=x', 'text/plain');
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({
        error: 'unsupported-media-type',
        message: 'Content-Type must be application/json',
      });
    });

    it('a heartbeat with a missing nested field', async () => {
      const body = heartbeatBody(T1, SENT);
      const { code: _, ...community } = body.terminal.community;
      const res = await centre.post('/api/v1/heartbeat', {
        ...body,
        terminal: { ...body.terminal, community },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'bad-request',
        message: 'terminal.community.code is required',
        where: 'terminal.community.code',
      });
    });

    it('unknown routes with a JSON 404', async () => {
      const res = await centre.get('/api/v1/nope');
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not-found' });
    });
  });

  describe('presence', () => {
    const heartbeat = async (options: Parameters<typeof heartbeatBody>[2] = {}) => {
      const res = await centre.post('/api/v1/heartbeat', heartbeatBody(T1, SENT, options));
      expect(res.status).toBe(200);
      return (await res.json()) as { serverTime: string };
    };

    it('is unknown for a terminal known only from its events', async () => {
      await send([ticketEvent(1, CREATED)]);
      expect(await terminal()).toMatchObject({ presence: 'unknown', name: null, lastSeenAt: null });
    });

    it('is online after a heartbeat, timed by the centre clock', async () => {
      expect(await heartbeat()).toEqual({ serverTime: NOW });
      expect(await terminal()).toMatchObject({
        presence: 'online',
        name: '幸福里社区 1 号机',
        lastSeenAt: NOW,
        community: { name: '幸福里社区居委会', code: '140902001001', kind: 'urban' },
        region: { county: { name: '忻府区', code: '140902' } },
        devices: { idCardReader: 'ready', printer: 'ready' },
        outboxPending: 0,
      });
    });

    it('is degraded while the printer has no paper', async () => {
      await heartbeat({ devices: { idCardReader: 'ready', printer: 'no-paper' } });
      expect((await terminal())?.presence).toBe('degraded');
    });

    it('stays online until three heartbeats and half an interval are missed, then goes offline', async () => {
      await heartbeat({ intervalSeconds: 60 });
      centre.setNow('2026-03-02T02:03:30.000Z'); // exactly 210 s
      expect((await terminal())?.presence).toBe('online');
      centre.setNow('2026-03-02T02:03:31.000Z');
      expect((await terminal())?.presence).toBe('offline');
    });

    it('recovers at once with the next heartbeat', async () => {
      await heartbeat();
      centre.setNow('2026-03-02T03:00:00.000Z');
      expect((await terminal())?.presence).toBe('offline');
      await heartbeat();
      expect((await terminal())?.presence).toBe('online');
    });
  });

  describe('GET /', () => {
    it('renders the terminal, its presence and per-service counts', async () => {
      await centre.post('/api/v1/heartbeat', heartbeatBody(T1, SENT));
      await send([
        ticketEvent(1, CREATED, SERVICES.socialSecurity),
        ticketEvent(2, CREATED, SERVICES.socialSecurity),
        ticketEvent(3, CREATED, SERVICES.medicalInsurance),
      ]);
      const res = await centre.get('/');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const page = readDashboardPage(await res.text());
      expect(page).toMatchObject({
        lang: 'zh-CN',
        title: '便民自助终端 · 监测中心',
        refresh: '10',
        activeContent: [],
      });
      expect(page.caption).not.toBe('');
      expect(page.columnHeaders).toContain('状态');
      expect(page.rows).toEqual([
        {
          terminal: '幸福里社区 1 号机',
          terminalId: T1,
          community: expect.stringContaining('140902001001'),
          region: '长征街街道 / 忻府区 / 忻州市',
          presence: '● 在线',
          details: [],
          lastSeen: '2026-03-02 10:00:00', // Shanghai time
          services: { 社保查询: 2, 医保业务: 1 },
          total: '3',
        },
      ]);
    });

    it('escapes terminal names', async () => {
      // The name shown is the one the administrator registered.
      const name = '<script>alert("x")</script>';
      await centre.createTerminal('xz-xfl-009', { terminal: { ...snapshot().terminal, name } });
      await centre.enrolTerminal('xz-xfl-009');
      await centre.post('/api/v1/heartbeat', heartbeatBody('xz-xfl-009', SENT));
      const html = await (await centre.get('/')).text();
      const page = readDashboardPage(html);
      expect(page.activeContent).toEqual([]);
      expect(page.rows.find((r) => r.terminalId === 'xz-xfl-009')?.terminal).toBe(name);
    });

    it('explains degraded and unknown terminals in text', async () => {
      await centre.post(
        '/api/v1/heartbeat',
        heartbeatBody(T1, SENT, { devices: { idCardReader: 'ready', printer: 'no-paper' } }),
      );
      await centre.post('/api/v1/events', batch('xz-xfl-002', SENT, [ticketEvent(1, CREATED)]));
      const rows = readDashboardPage(await (await centre.get('/')).text()).rows;
      const byId = Object.fromEntries(rows.map((r) => [r.terminalId, r]));
      expect(byId[T1]).toMatchObject({ presence: '▲ 异常', details: ['打印机：缺纸'] });
      expect(byId['xz-xfl-002']).toMatchObject({ presence: '? 未知', lastSeen: '从未' });
    });

    it('says so when no terminal has reported yet', async () => {
      const page = readDashboardPage(await (await centre.get('/')).text());
      expect(page.rows).toEqual([]);
      expect(page.mainText).toContain('暂无终端数据');
    });
  });

  it('answers an internal failure with a generic 500, no stack trace', async () => {
    centre.db.close();
    const res = await centre.post('/api/v1/events', batch(T1, SENT, [ticketEvent(1, CREATED)]));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal-error', message: 'internal error' });
  });

  it('GET /healthz answers ok', async () => {
    expect(await (await centre.get('/healthz')).json()).toEqual({ ok: true });
  });
});
