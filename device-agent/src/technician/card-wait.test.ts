import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_IDENTITIES } from '../id-card/index.js';
import { watchedReader } from '../agent/card-watcher.fixture.js';
import { createCardWait } from './card-wait.js';

const li = SAMPLE_IDENTITIES.find((s) => s.key === 'li-jianguo')!.holder;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/**
 * The resident card watcher and the technician's card wait sharing one reader, as on a
 * terminal; time is a manual clock.
 */
async function setUp() {
  const { sim, reader, watcher, clock, advance, reads, log, events } = await watchedReader(
    'card-wait-test',
    cleanups,
  );
  // A kiosk page is open (its stream listens) but no resident is on the card step.
  watcher.setListening(true);
  // The time that passed, whatever the wall clock was stepped by: what performance.now() gives.
  let steppedMs = 0;
  const wait = createCardWait({
    reader,
    residentReading: () => watcher.presence() !== 'not-watching',
    clock,
    monotonicNow: () => clock.now() - steppedMs,
    waitMs: 1500,
  });
  /** NTP or a technician setting the time: the wall clock steps, time goes on as it was. */
  const stepWallClock = (ms: number) => {
    clock.step(ms);
    steppedMs += ms;
  };
  return { sim, watcher, wait, reads, advance, stepWallClock, residentEvents: events, log };
}

describe('technician card wait', () => {
  it('reads the card lying on the reader, and the resident watcher sees none of it', async () => {
    const { sim, wait, reads, advance, residentEvents, log } = await setUp();
    sim.placeCard(li);
    const read = await wait.next(() => false);
    expect(read).toEqual({ ok: true, value: li.idNumber });
    expect(reads).toHaveLength(1);
    await advance(5000);
    expect(residentEvents).toEqual([]);
    expect(log.text()).not.toContain(li.idNumber);
    expect(log.text()).not.toContain(li.name);
  });

  it('waits for a card placed later, and gives up in time, saying whether one was unreadable', async () => {
    const { sim, wait, advance, residentEvents } = await setUp();
    const first = wait.next(() => false);
    await advance(0);
    await advance(300);
    sim.placeCard(li);
    await advance(300);
    expect(await first).toEqual({ ok: true, value: li.idNumber });
    sim.removeCard();

    let settled: unknown = null;
    const empty = wait.next(() => false).then((r) => (settled = r));
    for (let i = 0; i < 6 && settled === null; i += 1) await advance(300);
    await empty;
    expect(settled).toEqual({ ok: false, error: 'no-card' });

    sim.placeCardBadly();
    settled = null;
    const bad = wait.next(() => false).then((r) => (settled = r));
    for (let i = 0; i < 6 && settled === null; i += 1) await advance(300);
    await bad;
    expect(settled).toEqual({ ok: false, error: 'unreadable' });
    expect(residentEvents).toEqual([]);
  });

  it('does not read while a resident session reads cards, nor after it was cancelled or replaced', async () => {
    const { sim, watcher, wait, reads, advance } = await setUp();
    sim.placeCard(li);
    watcher.want(true);
    const before = reads.length;
    expect(await wait.next(() => false)).toEqual({ ok: false, error: 'reader-busy' });
    expect(reads.length).toBe(before);
    watcher.want(false);
    await advance(300);

    sim.removeCard();
    let cancelled = false;
    const older = wait.next(() => cancelled);
    await advance(0);
    cancelled = true;
    await advance(300);
    expect(await older).toEqual({ ok: false, error: 'cancelled' });

    const replaced = wait.next(() => false);
    await advance(0);
    const newer = wait.next(() => false);
    await advance(300);
    expect(await replaced).toEqual({ ok: false, error: 'cancelled' });
    sim.placeCard(li);
    await advance(300);
    expect(await newer).toEqual({ ok: true, value: li.idNumber });
  });

  it('gives up after its own length however the wall clock steps back meanwhile', async () => {
    const { wait, advance, stepWallClock } = await setUp();
    let settled: unknown = null;
    let cancelled = false;
    const empty = wait.next(() => cancelled).then((r) => (settled = r));
    await advance(300);
    stepWallClock(-3_600_000);
    for (let i = 0; i < 6 && settled === null; i += 1) await advance(300);
    cancelled = true;
    await advance(300);
    await empty;
    expect(settled).toEqual({ ok: false, error: 'no-card' });
  });

  it('drops a card read while a resident session came to its card step: the card is theirs', async () => {
    const { sim, watcher, wait, advance, log } = await setUp();
    sim.placeCard(li);
    const read = wait.next(() => false);
    // The read is under way when a resident's session starts watching for their card.
    watcher.want(true);
    expect(await read).toEqual({ ok: false, error: 'reader-busy' });
    await advance(300);
    expect(log.text()).not.toContain(li.idNumber);
  });
});
