import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import type { StaffCallsReply } from '@bianmin/contract';
import { useDefaultAgent } from '../agent/default-agent.fixture.js';

/**
 * The kiosk's writes while the terminal's storage is faulted: the real agent, whose storage
 * probe reads the data folder's real free space against a threshold no disk meets, so it
 * reports disk-full as on a full disk.
 */
describe('the kiosk while storage is faulted', () => {
  const capture = captureLogger('agent-storage-faulted');
  const terminal = useDefaultAgent('kiosk-storage', {
    logger: capture.logger,
    healthIntervalMs: 10,
    storageThresholds: {
      fullBelowBytes: Number.MAX_SAFE_INTEGER,
      lowBelowBytes: Number.MAX_SAFE_INTEGER,
    },
  });
  const inject = (method: 'GET' | 'POST', path: string, payload?: object, cookie?: string) =>
    terminal.agent.server.inject({
      method,
      url: `/api/v1${path}`,
      ...(payload && { payload }),
      ...(cookie && { headers: { cookie } }),
    });
  const outboxTypes = () => {
    const file = new Database(join(terminal.dataDir, 'terminal.sqlite'), { readonly: true });
    try {
      return file.prepare(`SELECT type FROM outbox ORDER BY seq`).pluck().all() as string[];
    } finally {
      file.close();
    }
  };

  beforeAll(async () => {
    await terminal.agent.start();
    await vi.waitFor(
      async () => {
        const reply = await terminal.agent.server.inject({ method: 'GET', url: '/healthz' });
        expect(reply.json()).toMatchObject({ devices: { storage: 'disk-full' } });
      },
      { timeout: 10_000, interval: 20 },
    );
  });

  it('refuses a rating as it refuses a ticket, in words, and records nothing', async () => {
    const ticket = await inject('POST', '/tickets', {
      requestId: 'storage-full-0001',
      serviceId: 'social-security',
      priority: false,
      durationMs: 1000,
    });
    const rating = await inject('POST', '/ratings', {
      serviceId: 'social-security-card',
      level: 'satisfied',
      reasons: [],
      outcome: 'ticket-issued',
    });
    expect(rating.statusCode).toBe(ticket.statusCode);
    expect(rating.statusCode).toBe(503);
    expect(rating.json()).toEqual({
      error: 'out-of-service',
      message: "The terminal's storage cannot record a rating now; see /healthz.",
    });
    expect(outboxTypes()).not.toContain('rating.submitted');
  });

  it("still tells the counters' consoles of a call for staff, and says so to the kiosk, uncounted", async () => {
    const called = await inject('POST', '/staff-call', { screen: 'guide' });
    expect(called.statusCode).toBe(202);
    const { callId } = called.json<{ accepted: true; callId: number }>();
    // What staff see: the call on a console (counter 1, the defaults' sample PIN).
    const signedIn = await inject('POST', '/counters/1/sign-in', { pin: '1111' });
    expect(signedIn.statusCode).toBe(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const open = (await inject('GET', '/staff-calls', undefined, cookie)).json<StaffCallsReply>();
    expect(open.calls).toEqual([expect.objectContaining({ id: callId, screen: 'guide' })]);
    expect(outboxTypes()).not.toContain('staff.called');
    expect(eventsNamed(capture.lines, 'queue.staff-called')).toEqual([
      expect.objectContaining({ screen: 'guide', counted: false }),
    ]);
  });
});
