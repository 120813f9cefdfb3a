import { describe, expect, it } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import type { Announcement, EmergencyWarning, Notices } from '@bianmin/contract';
import { createNoticeBoard } from './notice-board.js';

const T0 = Date.parse('2026-07-01T08:00:00Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const warning = (
  id: string,
  level: EmergencyWarning['level'],
  expiresInMs: number,
  issuedAgoMs = 0,
): EmergencyWarning => ({
  id,
  level,
  title: `${id} 预警`,
  text: '请减少外出。',
  issuedAt: iso(T0 - issuedAgoMs),
  expiresAt: iso(T0 + expiresInMs),
});
const announcement = (id: string, startsInMs: number, expiresInMs: number): Announcement => ({
  id,
  text: `${id} 公告`,
  startsAt: iso(T0 + startsInMs),
  expiresAt: iso(T0 + expiresInMs),
});

function setUp() {
  const clock = createManualClock(T0);
  const published: Notices[] = [];
  const { logger, lines } = captureLogger('notices');
  const board = createNoticeBoard({ onChange: (n) => published.push(n), logger, clock });
  const ids = () => ({
    warnings: board.active().warnings.map((w) => w.id),
    announcements: board.active().announcements.map((a) => a.id),
  });
  return { clock, published, lines, board, ids };
}

describe('the notice board', () => {
  it('lists warnings most severe first, then newest first', () => {
    const { board, ids } = setUp();
    board.replace(
      [
        warning('heat', 'yellow', 60 * MIN),
        warning('old-rain', 'red', 60 * MIN, 30 * MIN),
        warning('wind', 'blue', 60 * MIN),
        warning('rain', 'red', 60 * MIN, 5 * MIN),
        warning('fog', 'orange', 60 * MIN),
      ],
      [],
    );
    expect(ids().warnings).toEqual(['rain', 'old-rain', 'fog', 'heat', 'wind']);
  });

  it('drops each warning at its expiry by itself and tells the stream each time', async () => {
    const { board, clock, published, ids, lines } = setUp();
    board.replace([warning('rain', 'red', 10 * MIN), warning('heat', 'yellow', 30 * MIN)], []);
    expect(published).toHaveLength(1);
    await clock.advance(10 * MIN - 1);
    expect(ids().warnings).toEqual(['rain', 'heat']);
    await clock.advance(1);
    expect(ids().warnings).toEqual(['heat']);
    expect(published.at(-1)!.warnings.map((w) => w.id)).toEqual(['heat']);
    await clock.advance(20 * MIN);
    expect(ids().warnings).toEqual([]);
    expect(published).toHaveLength(3);
    expect(clock.pending()).toEqual([]);
    expect(eventsNamed(lines, 'agent.notices-changed').map((l) => l.highestLevel)).toEqual([
      'red',
      'yellow',
      undefined,
    ]);
  });

  it('shows an announcement only between its start and its expiry', async () => {
    const { board, clock, ids, published } = setUp();
    board.replace([], [announcement('water', 5 * MIN, 15 * MIN), announcement('now', 0, 60 * MIN)]);
    expect(ids().announcements).toEqual(['now']);
    await clock.advance(5 * MIN);
    // Newest first: the one that started last.
    expect(ids().announcements).toEqual(['water', 'now']);
    await clock.advance(10 * MIN);
    expect(ids().announcements).toEqual(['now']);
    expect(published).toHaveLength(3);
  });

  it('replaces the whole set: a warning left out is gone at once, and nothing is told twice', () => {
    const { board, published, ids } = setUp();
    board.replace([warning('rain', 'red', 10 * MIN)], []);
    board.replace([warning('rain', 'red', 10 * MIN)], []);
    expect(published).toHaveLength(1);
    board.replace([warning('heat', 'yellow', 10 * MIN)], []);
    expect(ids().warnings).toEqual(['heat']);
    expect(published).toHaveLength(2);
  });

  it('keeps nothing already expired or with a time that does not parse', () => {
    const { board, published, clock } = setUp();
    board.replace(
      [warning('past', 'red', -1), { ...warning('bad', 'red', MIN), expiresAt: 'x' }],
      [],
    );
    expect(board.active()).toEqual({ warnings: [], announcements: [] });
    expect(published).toEqual([]);
    expect(clock.pending()).toEqual([]);
  });

  it('waits for an expiry beyond the longest timer in steps, and drops it on time', async () => {
    const { board, clock, ids } = setUp();
    const fortyDays = 40 * 24 * 60 * MIN;
    board.replace([warning('drought', 'orange', fortyDays)], []);
    expect(clock.pending()).toEqual([T0 + 2 ** 31 - 1]);
    await clock.advance(fortyDays - 1);
    expect(ids().warnings).toEqual(['drought']);
    await clock.advance(1);
    expect(ids().warnings).toEqual([]);
  });

  it('a later item with the same id wins', () => {
    const { board } = setUp();
    board.replace([warning('rain', 'yellow', MIN), warning('rain', 'red', MIN)], []);
    expect(board.active().warnings.map((w) => w.level)).toEqual(['red']);
  });
});
