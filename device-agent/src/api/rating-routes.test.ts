import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useDefaultAgent } from '../agent/default-agent.fixture.js';

const rating = {
  serviceId: 'social-security-card',
  level: 'dissatisfied',
  reasons: ['long-wait', 'text-too-small'],
  outcome: 'ticket-issued',
};

describe('POST /ratings', () => {
  const terminal = useDefaultAgent('rating-routes');

  const post = (payload: object) =>
    terminal.agent.server.inject({ method: 'POST', url: '/api/v1/ratings', payload });
  /** Read from the file itself: what a crash right after the reply would leave. */
  const ratingsInOutbox = () => {
    const file = new Database(join(terminal.dataDir, 'terminal.sqlite'), { readonly: true });
    try {
      const rows = file
        .prepare(`SELECT payload FROM outbox WHERE type = 'rating.submitted' ORDER BY seq`)
        .all() as { payload: string }[];
      return rows.map((r) => JSON.parse(r.payload) as unknown);
    } finally {
      file.close();
    }
  };

  it('commits the rating to the outbox as rating.submitted before answering 204', async () => {
    const reply = await post(rating);
    expect(reply.statusCode).toBe(204);
    expect(ratingsInOutbox()).toEqual([rating]);
  });

  it('refuses a level outside the five, naming the field', async () => {
    const reply = await post({ ...rating, level: 'great' });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ where: expect.stringContaining('level') });
  });

  it('refuses any field beyond the rating, so nothing personal can ride along', async () => {
    const reply = await post({ ...rating, idNumber: '11010519491231002X' });
    expect(reply.statusCode).toBe(400);
    expect(ratingsInOutbox()).toHaveLength(1);
  });

  it('refuses the same reason twice', async () => {
    const reply = await post({ ...rating, reasons: ['long-wait', 'long-wait'] });
    expect(reply.statusCode).toBe(400);
  });
});

describe('GET /healthz while a resident is at the terminal', () => {
  const terminal = useDefaultAgent('health-busy', { ratingLingerMs: 200 });

  const busy = async () => {
    const reply = await terminal.agent.server.inject({ method: 'GET', url: '/healthz' });
    expect(reply.statusCode).toBe(200);
    return reply.json<{ residentBusy: boolean }>().residentBusy;
  };
  const session = (step: 'start' | 'end', payload: object = {}) =>
    terminal.agent.server.inject({ method: 'POST', url: `/api/v1/session/${step}`, payload });

  it('says busy from the session start through the rating time after its end, for update.sh', async () => {
    expect(await busy()).toBe(false);
    expect((await session('start')).statusCode).toBe(204);
    expect(await busy()).toBe(true);
    expect((await session('end', { reason: 'finished' })).statusCode).toBe(204);
    // The resident may still be rating.
    expect(await busy()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await busy()).toBe(false);
  });
});
