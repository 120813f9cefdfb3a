import { describe, expect, it } from 'vitest';
import {
  batchPositionOf,
  countersOf,
  enrolmentReplyOf,
  heartbeatReplyOf,
} from './centre-replies.js';

const EPOCH = 'e-2026-03-02';
const KEY = { algorithm: 'ed25519', publicKey: 'MCowBQYDK2VwAyEA' };

describe('the centre replies the uploader reads', () => {
  it('takes a batch reply, with or without its epoch, and ignores fields it does not know', () => {
    expect(batchPositionOf({ epoch: EPOCH, ackedUpTo: 7, storedAt: 'later' }, EPOCH)).toEqual({
      ok: true,
      value: { epoch: EPOCH, ackedUpTo: 7 },
    });
    // An older centre names no epoch: its one sequence is the legacy epoch's.
    expect(batchPositionOf({ ackedUpTo: 0 }, EPOCH)).toEqual({
      ok: true,
      value: { epoch: EPOCH, ackedUpTo: 0 },
    });
  });

  it('refuses a batch reply for another epoch or without a valid position, saying why', () => {
    expect(batchPositionOf({ epoch: 'other', ackedUpTo: 7 }, EPOCH)).toEqual({
      ok: false,
      error: `reply is for epoch other, not this outbox's ${EPOCH}`,
    });
    expect(batchPositionOf({ ackedUpTo: -1 }, EPOCH)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^batch reply: \/ackedUpTo /),
    });
    expect(batchPositionOf({ ackedUpTo: 1.5 }, EPOCH).ok).toBe(false);
    expect(batchPositionOf(null, EPOCH).ok).toBe(false);
    expect(batchPositionOf('7', EPOCH).ok).toBe(false);
  });

  it('does not change the reply it reads', () => {
    const reply = { epoch: EPOCH, ackedUpTo: 3, extra: true };
    batchPositionOf(reply, EPOCH);
    expect(reply).toEqual({ epoch: EPOCH, ackedUpTo: 3, extra: true });
  });

  it('reads a heartbeat reply: its position, if any, and the newest configuration', () => {
    expect(heartbeatReplyOf({ serverTime: 'x' }, EPOCH)).toEqual({ ok: true, value: {} });
    expect(
      heartbeatReplyOf(
        {
          serverTime: '2026-03-02T02:00:00.000Z',
          delivery: { epoch: EPOCH, ackedUpTo: 4 },
          config: { version: 3 },
          notice: 'from a newer centre',
        },
        EPOCH,
      ),
    ).toEqual({ ok: true, value: { delivery: { epoch: EPOCH, ackedUpTo: 4 }, configVersion: 3 } });
  });

  it('refuses a heartbeat reply without serverTime, or with a bad position or version', () => {
    expect(heartbeatReplyOf({}, EPOCH)).toEqual({
      ok: false,
      error: 'heartbeat reply: the body must have required properties serverTime',
    });
    expect(
      heartbeatReplyOf({ serverTime: 'x', delivery: { epoch: 'other', ackedUpTo: 0 } }, EPOCH),
    ).toMatchObject({ ok: false, error: expect.stringContaining('epoch other') });
    expect(heartbeatReplyOf({ serverTime: 'x', delivery: { ackedUpTo: 0 } }, EPOCH).ok).toBe(false);
    expect(heartbeatReplyOf({ serverTime: 'x', config: { version: 'new' } }, EPOCH)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^heartbeat reply: \/config\/version /),
    });
  });

  it('reads the ticket counters, and refuses them whole if one is not valid', () => {
    expect(countersOf({ counters: [{ serviceId: 'shebao', lastSeq: 12 }] })).toEqual({
      ok: true,
      value: [{ serviceId: 'shebao', lastSeq: 12 }],
    });
    expect(
      countersOf({
        counters: [
          { serviceId: 'shebao', lastSeq: 12 },
          { serviceId: 'yibao', lastSeq: 0 },
        ],
      }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^ticket-counters reply: \/counters\/1\/lastSeq /),
    });
    expect(countersOf({}).ok).toBe(false);
  });

  it('reads an enrolment: enrolledAt is needed, a bad configuration key is only left out', () => {
    const enrolled = { terminalId: 'xz-xfl-001', enrolledAt: '2026-03-02T02:00:00.000Z' };
    expect(enrolmentReplyOf({ ...enrolled, configKey: KEY })).toEqual({
      ok: true,
      value: { enrolledAt: enrolled.enrolledAt, configKey: KEY },
    });
    // A retry would get the same key: the enrolment stands, without it.
    expect(enrolmentReplyOf({ ...enrolled, configKey: { algorithm: 'ed25519' } })).toEqual({
      ok: true,
      value: { enrolledAt: enrolled.enrolledAt },
    });
    expect(enrolmentReplyOf({ terminalId: 'xz-xfl-001' })).toEqual({
      ok: false,
      error: 'enrolment reply: the body must have required properties enrolledAt',
    });
    expect(enrolmentReplyOf({ ...enrolled, enrolledAt: 'yesterday' }).ok).toBe(false);
  });
});
