import { afterEach, describe, expect, it } from 'vitest';
import { eventsNamed } from '@bianmin/common/testing';
import { createCardHolds } from '../application/card-holds.js';
import {
  SAMPLE_IDENTITIES,
  SW3,
  type IdCardReaderSimulator as Simulator,
} from '../id-card/index.js';
import { watchedReader } from './card-watcher.fixture.js';
import type { CardEvent } from './card-watcher.js';

const wang = SAMPLE_IDENTITIES.find((s) => s.key === 'wang-xiuying')!.holder;
const li = SAMPLE_IDENTITIES.find((s) => s.key === 'li-jianguo')!.holder;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** The watcher on the real driver and simulator; `taken` gives the events since its last call. */
async function setUp() {
  const holds = createCardHolds();
  const setup = await watchedReader('watcher-test', cleanups, holds);
  return { ...setup, holds, taken: () => setup.events.splice(0) };
}

/** The handle a `card-read` event carries, if the read was held for an application. */
const readIdOf = (events: CardEvent[]) =>
  events.flatMap((e) => (e.type === 'card-read' && e.holder.readId ? [e.holder.readId] : []));

describe('card watcher', () => {
  it('reports a card placed, read (masked name only) and removed', async () => {
    const { sim, watcher, advance, taken, log } = await setUp();
    watcher.setListening(true);
    watcher.want(true);
    await advance(0);
    expect(taken()).toEqual([]);
    expect(watcher.presence()).toBe('none');

    sim.placeCard(wang);
    await advance(300);
    const events = taken();
    expect(events).toEqual([
      { type: 'card-placed' },
      { type: 'card-read', holder: { maskedName: '王*英', priorityByAge: true } },
    ]);
    expect(watcher.presence()).toBe('present');
    // The module answers "no card" after a read until the card has left the field.
    await advance(300);
    expect(taken()).toEqual([{ type: 'card-removed' }]);
    expect(watcher.presence()).toBe('none');

    const everything = JSON.stringify(events) + log.text();
    expect(everything).not.toMatch(/王秀英|140902195301050227|1953/);
    expect(eventsNamed(log.lines, 'device.id-card.read-finished')).toEqual([
      expect.objectContaining({ outcome: 'ok', cardType: 'resident' }),
    ]);
  });

  it('asks for a card found but not read to be placed flat, once, and reads it when straightened', async () => {
    const { sim, watcher, advance, taken } = await setUp();
    watcher.setListening(true);
    watcher.want(true);
    sim.placeCardBadly();
    await advance(0);
    expect(taken()).toEqual([
      { type: 'card-placed' },
      { type: 'card-unreadable', reason: 'place-flat' },
    ]);
    await advance(300);
    await advance(300);
    expect(taken()).toEqual([]);
    expect(watcher.presence()).toBe('present');

    sim.placeCard(li);
    await advance(300);
    expect(taken()).toEqual([
      { type: 'card-read', holder: { maskedName: '李*国', priorityByAge: false } },
    ]);
  });

  it('reports a card lifted while unreadable as removed', async () => {
    const { sim, watcher, advance, taken } = await setUp();
    watcher.setListening(true);
    watcher.want(true);
    sim.placeCardBadly();
    await advance(0);
    taken();
    sim.removeCard();
    await advance(300);
    expect(taken()).toEqual([{ type: 'card-removed' }]);
  });

  it('never reads while no kiosk wants a card or none listens, and drops the wish when the last listener leaves', async () => {
    const { sim, watcher, advance, taken, reads } = await setUp();
    sim.placeCard(wang);
    await advance(600_000);
    expect(reads).toHaveLength(0);
    expect(watcher.presence()).toBe('not-watching');

    watcher.want(true);
    await advance(600_000);
    expect(reads).toHaveLength(0);

    watcher.setListening(true);
    await advance(0);
    expect(reads).toHaveLength(1);
    expect(taken().map((e) => e.type)).toEqual(['card-placed', 'card-read']);

    watcher.setListening(false);
    watcher.setListening(true);
    await advance(600_000);
    expect(reads).toHaveLength(1);
    expect(watcher.presence()).toBe('not-watching');
  });

  it('polls every interval while watching, never sooner, even when watching restarts', async () => {
    const { watcher, advance, reads } = await setUp();
    watcher.setListening(true);
    watcher.want(true);
    await advance(0);
    expect(reads).toHaveLength(1);
    await advance(299);
    expect(reads).toHaveLength(1);
    await advance(1);
    expect(reads).toHaveLength(2);
    await advance(100);
    watcher.want(false);
    watcher.want(true);
    await advance(199);
    expect(reads).toHaveLength(2);
    await advance(1);
    expect(reads).toHaveLength(3);
  });

  it('polls within an interval of watching again when the wall clock has stepped back', async () => {
    const { watcher, advance, reads, clock } = await setUp();
    watcher.setListening(true);
    watcher.want(true);
    await advance(0);
    expect(reads).toHaveLength(1);
    watcher.want(false);
    // The loop now only wakes now and then, next in a minute.
    await advance(1000);
    expect(reads).toHaveLength(1);
    clock.step(-8 * 3_600_000);
    watcher.want(true);
    await advance(300);
    expect(reads).toHaveLength(2);
  });

  it('drops a read that was under way when watching ended', async () => {
    const { sim, watcher, advance, events, reads } = await setUp();
    watcher.setListening(true);
    watcher.want(true);
    sim.placeCard(wang);
    await advance(0);
    events.length = 0;
    sim.removeCard();
    sim.placeCard(li);
    await advance(300);
    expect(events.map((e) => e.type)).toEqual(['card-removed', 'card-placed', 'card-read']);
    events.length = 0;
    sim.removeCard();
    sim.placeCard(wang);
    // The loop starts the next read at 600; watching ends before its reply is in.
    const started = reads.length;
    const advancing = advance(300);
    await new Promise<void>((resolve) => {
      const check = () => (reads.length > started ? resolve() : setImmediate(check));
      check();
    });
    watcher.want(false);
    await advancing;
    expect(events).toEqual([]);
  });

  it('logs a reader that stays broken once, and reports no card event for it', async () => {
    const { sim, watcher, advance, taken, log } = await setUp();
    watcher.setListening(true);
    watcher.want(true);
    sim.setFault(SW3.unknownError);
    await advance(0);
    await advance(300);
    await advance(300);
    expect(taken()).toEqual([]);
    expect(eventsNamed(log.lines, 'device.id-card.read-finished')).toEqual([
      expect.objectContaining({ outcome: 'reader-fault' }),
    ]);
    sim.setFault(null);
    sim.placeCard(wang);
    await advance(300);
    expect(taken().map((e) => e.type)).toEqual(['card-placed', 'card-read']);
  });

  it('holds a read for an application under a handle, and a newer read replaces it', async () => {
    const { sim, watcher, advance, taken, holds } = await setUp();
    watcher.setListening(true);
    watcher.want(true, true);
    sim.placeCard(wang);
    await advance(0);
    const [first] = readIdOf(taken());
    expect(first).toBeDefined();
    sim.removeCard();
    sim.placeCard(li);
    await advance(300);
    const [second] = readIdOf(taken());
    expect(second).toBeDefined();
    expect(holds.take(first!)).toBeUndefined();
    expect(holds.take(second!)).toEqual({ name: li.name, idNumber: li.idNumber });
  });

  it("drops an application's read when a card is read for anything else", async () => {
    const { sim, watcher, advance, taken, holds } = await setUp();
    watcher.setListening(true);
    watcher.want(true, true);
    sim.placeCard(wang);
    await advance(0);
    const [held] = readIdOf(taken());
    expect(held).toBeDefined();

    // The next resident takes a ticket with their card: the read carries no handle, and the
    // first resident's name and number are no longer held.
    watcher.want(false);
    sim.removeCard();
    watcher.want(true);
    sim.placeCard(li);
    await advance(300);
    const events = taken();
    expect(events.map((e) => e.type)).toContain('card-read');
    expect(readIdOf(events)).toEqual([]);
    expect(holds.take(held!)).toBeUndefined();
  });

  /** Failed readings of a card on the reader, and what the watcher logs for each. */
  const FAILED_READINGS = [
    ['a card that cannot be read', 'card-unreadable', (sim: Simulator) => sim.placeCardBadly()],
    [
      'a damaged reply',
      'frame-invalid',
      (sim: Simulator) => {
        sim.placeCard(li);
        sim.setReplyCorruption('bad-checksum');
      },
    ],
  ] as const;

  it.each(FAILED_READINGS)(
    "drops an application's read when %s is read for anything else",
    async (_, outcome, fail) => {
      const { sim, watcher, advance, taken, holds, log } = await setUp();
      watcher.setListening(true);
      watcher.want(true, true);
      sim.placeCard(wang);
      await advance(0);
      const [held] = readIdOf(taken());
      expect(held).toBeDefined();

      // Someone takes a ticket: no card at first, then theirs fails to read. Only the failure
      // says someone new may be there.
      watcher.want(false);
      sim.removeCard();
      watcher.want(true);
      await advance(300);
      fail(sim);
      await advance(300);
      expect(eventsNamed(log.lines, 'device.id-card.read-finished').at(-1)).toMatchObject({
        outcome,
      });
      expect(readIdOf(taken())).toEqual([]);
      expect(holds.take(held!)).toBeUndefined();
    },
  );

  it('keeps an application\'s read while the reader answers "no card" for anything else', async () => {
    const { sim, watcher, advance, taken, holds } = await setUp();
    watcher.setListening(true);
    watcher.want(true, true);
    sim.placeCard(wang);
    await advance(0);
    const [held] = readIdOf(taken());
    watcher.want(false);
    sim.removeCard();
    watcher.want(true);
    await advance(300);
    await advance(300);
    expect(holds.take(held!)).toEqual({ name: wang.name, idNumber: wang.idNumber });
  });

  it.each(FAILED_READINGS)(
    "keeps an application's read through %s in the application's own card step",
    async (_, outcome, fail) => {
      const { sim, watcher, advance, taken, holds, log } = await setUp();
      watcher.setListening(true);
      watcher.want(true, true);
      sim.placeCard(wang);
      await advance(0);
      const [held] = readIdOf(taken());
      // The card slips off and back before the page, already given the handle, stops the watch.
      sim.removeCard();
      await advance(300);
      fail(sim);
      await advance(300);
      expect(eventsNamed(log.lines, 'device.id-card.read-finished').at(-1)).toMatchObject({
        outcome,
      });
      expect(holds.take(held!)).toEqual({ name: wang.name, idNumber: wang.idNumber });
    },
  );
});
