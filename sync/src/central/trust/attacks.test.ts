import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ENROL_PATH,
  EVENTS_PATH,
  HEARTBEAT_PATH,
  LEGACY_EPOCH,
  SERVER_TIME_HEADER,
} from '@bianmin/contract';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { startCentralHarness, type CentralHarness } from '../../testing/central-harness.js';
import { batch, heartbeatBody, ticketEvent } from '../../testing/fixtures.js';
import { ed25519, newNonce, signatureHeaders } from '../../signing/index.js';
import { loadTerminalCredentials, memoryKeyStore } from '../../terminal-identity/index.js';
import type { TerminalCredentials } from '../../terminal-identity/index.js';

const T1 = 'xz-xfl-001';
const T2 = 'xz-xfl-002';
const NOW = '2026-03-02T02:00:00.000Z';
const SENT = '2026-03-02T01:59:00.000Z';
const CREATED = '2026-03-02T01:30:00.000Z';
const nowMs = Date.parse(NOW);

describe('the centre refuses forged, replayed and misdirected requests, changing nothing', () => {
  let centre: CentralHarness;
  let log: ReturnType<typeof captureLogger>;
  let real: TerminalCredentials;
  let realKey: string;

  beforeEach(async () => {
    log = captureLogger();
    centre = await startCentralHarness({ now: NOW, logger: log.logger });
    // Enrolled here rather than by the harness, to keep the private key at hand.
    const store = memoryKeyStore();
    const loaded = loadTerminalCredentials({
      terminalId: T1,
      store,
      enrolmentToken: await centre.createTerminal(T1),
      now: () => new Date(nowMs),
    });
    if (!loaded.ok) throw new Error(loaded.error.detail);
    real = loaded.value;
    const enrolled = await signedPost(real, ENROL_PATH, real.enrolmentDue());
    expect(enrolled.status).toBe(200);
    real.markEnrolled(((await enrolled.json()) as { enrolledAt: string }).enrolledAt);
    const stored = store.read();
    realKey = stored.ok && stored.value ? stored.value.privateKey : '';
    // The real terminal is online with three tickets delivered.
    expect((await signedPost(real, HEARTBEAT_PATH, heartbeatBody(T1, SENT))).status).toBe(200);
    const first = batch(
      T1,
      SENT,
      [1, 2, 3].map((seq) => ticketEvent(seq, CREATED)),
    );
    expect((await signedPost(real, EVENTS_PATH, first)).status).toBe(200);
  });
  afterEach(() => centre.close());

  /** Everything an attacker could hope to change: what monitoring sees and what is stored. */
  const state = async () => ({
    overview: (await (await centre.get('/api/v1/terminals')).json()) as unknown,
    terminals: centre.db.prepare('SELECT * FROM terminals ORDER BY terminal_id').all(),
    events: centre.db.prepare('SELECT COUNT(*) FROM events').pluck().get(),
    registry: centre.db.prepare('SELECT * FROM registered_terminals ORDER BY terminal_id').all(),
  });

  const send = (path: string, bytes: Buffer, headers: Record<string, string>) =>
    fetch(centre.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: bytes,
    });
  const bytesOf = (body: unknown) => Buffer.from(JSON.stringify(body));
  const signedPost = (credentials: TerminalCredentials, path: string, body: unknown) => {
    const bytes = bytesOf(body);
    return send(path, bytes, credentials.sign('POST', path, bytes));
  };
  /** Signed with a key the attacker made, claiming to be `terminalId`. */
  const forged = (terminalId: string, path: string, body: unknown, timeMs = nowMs) => {
    const bytes = bytesOf(body);
    const attackerKey = ed25519.generate().privateKey;
    const headers = signatureHeaders(ed25519, attackerKey, {
      method: 'POST',
      path,
      body: bytes,
      terminalId,
      timeMs,
      nonce: newNonce(),
    });
    return send(path, bytes, headers);
  };
  const expectRefused = async (res: Response, status: number, error: string) => {
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error, message: expect.any(String) as unknown });
  };

  it('a forged heartbeat for a made-up terminal, unsigned or self-signed', async () => {
    const before = await state();
    const madeUp = heartbeatBody('xz-fake-999', SENT);
    await expectRefused(
      await centre.postUnsigned(HEARTBEAT_PATH, madeUp),
      401,
      'signature-missing',
    );
    await expectRefused(
      await forged('xz-fake-999', HEARTBEAT_PATH, madeUp),
      401,
      'unknown-terminal',
    );
    expect(await state()).toEqual(before);
    expect(eventsNamed(log.lines, 'central.request-rejected').map((l) => l.reason)).toEqual([
      'signature-missing',
      'unknown-terminal',
    ]);
  });

  it('40 requests of 500 fake tickets each for a real terminal', async () => {
    const before = await state();
    const fake = Array.from({ length: 500 }, (_, i) => ticketEvent(1000 + i, CREATED));
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? centre.postUnsigned(EVENTS_PATH, batch(T1, SENT, fake))
          : forged(T1, EVENTS_PATH, batch(T1, SENT, fake)),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 40 }, () => 401));
    expect(await state()).toEqual(before);
  });

  it('forging the next 50 sequence numbers of a real terminal does not block its real events', async () => {
    const before = await state();
    const next50 = Array.from({ length: 50 }, (_, i) => ticketEvent(4 + i, CREATED));
    await expectRefused(
      await forged(T1, EVENTS_PATH, batch(T1, SENT, next50)),
      401,
      'bad-signature',
    );
    expect(await state()).toEqual(before);
    const genuine = batch(
      T1,
      SENT,
      [4, 5, 6].map((seq) => ticketEvent(seq, CREATED)),
    );
    const res = await signedPost(real, EVENTS_PATH, genuine);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ epoch: LEGACY_EPOCH, ackedUpTo: 6 });
  });

  it('a replayed request (same nonce), even after the terminal went quiet', async () => {
    const bytes = bytesOf(heartbeatBody(T1, SENT));
    const headers = real.sign('POST', HEARTBEAT_PATH, bytes);
    centre.setNow('2026-03-02T02:01:00.000Z');
    expect((await send(HEARTBEAT_PATH, bytes, headers)).status).toBe(200);
    centre.setNow('2026-03-02T02:04:00.000Z'); // still inside the window of the signed time
    const before = await state();
    await expectRefused(await send(HEARTBEAT_PATH, bytes, headers), 401, 'replayed-nonce');
    expect(await state()).toEqual(before);
  });

  it('a stale or early time, telling the terminal the centre clock', async () => {
    const before = await state();
    const bytes = bytesOf(heartbeatBody(T1, SENT));
    for (const skewMs of [-5 * 60_000 - 1, 5 * 60_000 + 1, -60 * 3_600_000]) {
      const headers = signatureHeaders(ed25519, realKey, {
        method: 'POST',
        path: HEARTBEAT_PATH,
        body: bytes,
        terminalId: T1,
        timeMs: nowMs + skewMs,
        nonce: newNonce(),
      });
      const res = await send(HEARTBEAT_PATH, bytes, headers);
      expect(res.headers.get(SERVER_TIME_HEADER)).toBe(String(nowMs));
      await expectRefused(res, 401, 'clock-skew');
    }
    expect(await state()).toEqual(before);
  });

  it('a wrong signature', async () => {
    const before = await state();
    const bytes = bytesOf(heartbeatBody(T1, SENT));
    const headers = real.sign('POST', HEARTBEAT_PATH, bytes);
    const signature = Buffer.from(headers['x-bianmin-signature']!, 'base64');
    signature[0] = signature[0]! ^ 1;
    const wrong = { ...headers, 'x-bianmin-signature': signature.toString('base64') };
    await expectRefused(await send(HEARTBEAT_PATH, bytes, wrong), 401, 'bad-signature');
    // Signed for another route.
    const elsewhere = real.sign('POST', EVENTS_PATH, bytes);
    await expectRefused(await send(HEARTBEAT_PATH, bytes, elsewhere), 401, 'bad-signature');
    expect(await state()).toEqual(before);
  });

  it('a body tampered with after signing', async () => {
    const before = await state();
    const signedBody = batch(T1, SENT, [ticketEvent(4, CREATED)]);
    const headers = real.sign('POST', EVENTS_PATH, bytesOf(signedBody));
    const tampered = batch(T1, SENT, [ticketEvent(4, CREATED), ticketEvent(5, CREATED)]);
    await expectRefused(await send(EVENTS_PATH, bytesOf(tampered), headers), 401, 'bad-signature');
    // Even one byte of insignificant white space.
    const spaced = Buffer.from(`${JSON.stringify(signedBody)} `);
    await expectRefused(await send(EVENTS_PATH, spaced, headers), 401, 'bad-signature');
    expect(await state()).toEqual(before);
  });

  it('a revoked terminal, at once; re-enrolled with a new token and a new key it is back', async () => {
    await centre.registry.revoke(T1, new Date(NOW));
    const before = await state();
    await expectRefused(
      await signedPost(real, HEARTBEAT_PATH, heartbeatBody(T1, SENT)),
      403,
      'terminal-revoked',
    );
    expect(await state()).toEqual(before);

    const renewed = await centre.enrolTerminal(T1);
    expect((await signedPost(renewed, HEARTBEAT_PATH, heartbeatBody(T1, SENT))).status).toBe(200);
    // The old key stays refused.
    await expectRefused(
      await signedPost(real, HEARTBEAT_PATH, heartbeatBody(T1, SENT)),
      401,
      'bad-signature',
    );
  });

  it('a reused, an expired and an unknown enrolment token', async () => {
    const token = await centre.createTerminal(T2);
    const enrol = async (value: string) => {
      const loaded = loadTerminalCredentials({
        terminalId: T2,
        store: memoryKeyStore(),
        enrolmentToken: value,
        now: () => new Date(nowMs),
      });
      if (!loaded.ok) throw new Error(loaded.error.detail);
      return signedPost(loaded.value, ENROL_PATH, loaded.value.enrolmentDue());
    };
    expect((await enrol(token)).status).toBe(200);
    const before = await state();
    await expectRefused(await enrol(token), 401, 'enrolment-token-used');
    const late = await centre.createTerminal(T2, { expiresAt: '2026-03-02T01:59:59.999Z' });
    await expectRefused(await enrol(late), 401, 'enrolment-token-expired');
    await expectRefused(await enrol('A'.repeat(43)), 401, 'enrolment-token-unknown');
    // A token for T2 does not enrol T1.
    const forT2 = await centre.createTerminal(T2);
    const asT1 = loadTerminalCredentials({
      terminalId: T1,
      store: memoryKeyStore(),
      enrolmentToken: forT2,
      now: () => new Date(nowMs),
    });
    if (!asT1.ok) throw new Error(asT1.error.detail);
    await expectRefused(
      await signedPost(asT1.value, ENROL_PATH, asT1.value.enrolmentDue()),
      401,
      'enrolment-token-unknown',
    );
    expect(await state()).toEqual(before);
  });

  it("a body whose terminalId is not the signer's", async () => {
    const other = await centre.enrolTerminal(T2);
    const before = await state();
    await expectRefused(
      await signedPost(other, HEARTBEAT_PATH, heartbeatBody(T1, SENT)),
      403,
      'terminal-mismatch',
    );
    await expectRefused(
      await signedPost(other, EVENTS_PATH, batch(T1, SENT, [ticketEvent(4, CREATED)])),
      403,
      'terminal-mismatch',
    );
    expect(await state()).toEqual(before);
  });

  it.each([
    ['x-bianmin-terminal', 'signature-missing', undefined],
    ['x-bianmin-time', 'signature-missing', undefined],
    ['x-bianmin-nonce', 'signature-missing', undefined],
    ['x-bianmin-signature', 'signature-missing', undefined],
    ['x-bianmin-time', 'signature-malformed', '2026-03-02T02:00:00Z'],
    ['x-bianmin-nonce', 'signature-malformed', 'short'],
    ['x-bianmin-terminal', 'signature-malformed', '../etc'],
  ])('header %s %s', async (header, error, value) => {
    const before = await state();
    const bytes = bytesOf(heartbeatBody(T1, SENT));
    const headers = real.sign('POST', HEARTBEAT_PATH, bytes);
    if (value === undefined) delete headers[header];
    else headers[header] = value;
    const res = await send(HEARTBEAT_PATH, bytes, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bianmin-Signature');
    expect(await res.json()).toMatchObject({ error, where: header });
    expect(await state()).toEqual(before);
  });

  it('signed bodies that are malformed, mistyped or too large', async () => {
    const before = await state();
    const cases: [Buffer, number, string][] = [
      [Buffer.from('{"terminalId": "xz-xfl-001",'), 400, 'bad-request'],
      [bytesOf({ ...heartbeatBody(T1, SENT), outboxPending: '0' }), 400, 'bad-request'],
      [Buffer.alloc(2 * 1024 * 1024, 0x20), 413, 'payload-too-large'],
    ];
    for (const [bytes, status, error] of cases) {
      const res = await send(HEARTBEAT_PATH, bytes, real.sign('POST', HEARTBEAT_PATH, bytes));
      await expectRefused(res, status, error);
    }
    expect(await state()).toEqual(before);
  });
});
