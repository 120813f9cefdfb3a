import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultConfig, useDefaultAgent } from '../agent/default-agent.fixture.js';
const [first, second] = defaultConfig.services.services.filter(
  (s) => s.enabled && s.kind === 'queue',
);
if (!first || !second) throw new Error('the default catalogue has two enabled queues');

const ticketRequest = (requestId: string, serviceId = first.id) => ({
  requestId,
  serviceId,
  priority: false,
  durationMs: 1000,
});

describe('ticket routes: one ticket per request id, one slip per ticket', () => {
  const terminal = useDefaultAgent('ticket-routes');

  const post = (url: string, payload: object) =>
    terminal.agent.server.inject({ method: 'POST', url: `/api/v1${url}`, payload });
  const receipts = async () =>
    (
      (await terminal.agent.server.inject({ method: 'GET', url: '/api/v1/dev/state' })).json() as {
        receipts: { text: string }[];
      }
    ).receipts.map((r) => r.text);

  it('answers 5 identical requests sent at once with one ticket and one slip', async () => {
    const before = await receipts();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => post('/tickets', ticketRequest('concurrent-0001'))),
    );
    expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const bodies = replies.map((r) => r.json() as { ticket: { number: string }; print: object });
    expect(new Set(bodies.map((b) => b.ticket.number)).size).toBe(1);
    expect(bodies.map((b) => b.print)).toEqual(Array.from({ length: 5 }, () => ({ ok: true })));
    const after = await receipts();
    const number = bodies[0]!.ticket.number;
    expect(after.filter((text) => text.includes(number))).toHaveLength(1);
    expect(after.length - before.length).toBe(1);
  });

  it('refuses a retry with the same request id for another service', async () => {
    const issued = await post('/tickets', ticketRequest('conflict-0001'));
    expect(issued.statusCode).toBe(201);
    const before = await receipts();
    const retried = await post('/tickets', ticketRequest('conflict-0001', second.id));
    expect(retried.statusCode).toBe(409);
    expect(retried.json()).toEqual({
      error: 'request-conflict',
      message: expect.any(String) as string,
      where: 'serviceId',
    });
    expect(await receipts()).toEqual(before);
  });

  it('does not print again on a replay after a crash between print and bookkeeping', async () => {
    const issued = await post('/tickets', ticketRequest('crashed-0001'));
    const { number } = (issued.json() as { ticket: { number: string } }).ticket;
    // The file as a crash right after sending the job would have left it.
    const file = new Database(join(terminal.dataDir, 'terminal.sqlite'));
    file
      .prepare(`UPDATE tickets SET print_state = 'printing' WHERE request_id = ?`)
      .run('crashed-0001');
    file.close();
    const before = await receipts();

    const replay = await post('/tickets', ticketRequest('crashed-0001'));
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toMatchObject({
      ticket: { number },
      print: { ok: false, reason: 'unknown-outcome' },
    });
    expect(await receipts()).toEqual(before);

    const reprint = await post('/tickets/reprint', { requestId: 'crashed-0001' });
    expect(reprint.statusCode).toBe(200);
    expect(reprint.json()).toMatchObject({ ticket: { number }, print: { ok: true } });
    expect((await receipts()).filter((text) => text.includes(number))).toHaveLength(2);

    const again = await post('/tickets/reprint', { requestId: 'crashed-0001' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'already-printed' });
  });

  it('answers a reprint of an unknown request id with 404', async () => {
    const reply = await post('/tickets/reprint', { requestId: 'never-issued-0001' });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toMatchObject({ error: 'unknown-ticket' });
  });
});
