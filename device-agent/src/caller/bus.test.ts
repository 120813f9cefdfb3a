import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { createMemoryPair, type MemoryPair } from '../transport/index.js';
import { CallerBus } from './bus.js';
import { queueFixture } from './queue.fixture.js';
import { createCallerKeyHandlers } from './queue-keys.js';
import { CallerKeypadSimulator, type SimulatedKeypad } from './simulator.js';
import type { KeyPress } from './keys.js';

/** Resolves with the first keypad change `test` accepts. */
function changeOf(
  sim: CallerKeypadSimulator,
  test: (keypad: SimulatedKeypad) => boolean,
): Promise<SimulatedKeypad> {
  return new Promise((resolve) => {
    const stop = sim.onChange((keypad) => {
      if (!test(keypad)) return;
      stop();
      resolve(keypad);
    });
  });
}

describe('caller keypads on the RS-485 bus (in-memory link)', () => {
  let pair: MemoryPair;
  let sim: CallerKeypadSimulator;
  let bus: CallerBus;
  let fixture: ReturnType<typeof queueFixture>;
  let log: ReturnType<typeof captureLogger>;
  let ratings: number[];

  beforeEach(async () => {
    fixture = queueFixture();
    log = captureLogger();
    ratings = [];
    pair = createMemoryPair('callers');
    sim = new CallerKeypadSimulator(pair.device, [1, 2, 9]);
    await sim.start();
    bus = new CallerBus(pair.host, { addresses: [1, 2, 9], roundIntervalMs: 5 });
    bus.start(
      createCallerKeyHandlers({
        queue: fixture.queue,
        counters: new Map([
          [1, 1],
          [2, 2],
        ]),
        logger: log.logger,
        onRatingRequested: (counter) => ratings.push(counter),
      }),
    );
  });
  afterEach(async () => {
    await bus.stop();
    await sim.stop();
    fixture.close();
  });

  /** Presses a key and waits until the keypad's display shows `display`. */
  async function press(address: number, key: KeyPress, display?: string) {
    fixture.later();
    const acked = changeOf(sim, (k) => k.address === address && k.pending === 0);
    const shown = display
      ? changeOf(sim, (k) => k.address === address && k.display === display)
      : undefined;
    sim.press(address, key);
    await acked;
    return shown ? await shown : sim.keypad(address)!;
  }
  const key = (k: KeyPress['key'], ...digits: number[]): KeyPress => ({ key: k, digits });

  it('writes each caller its waiting count, and follows call next, recall and no-show', async () => {
    fixture.issue('A');
    fixture.issue('A');
    fixture.issue('B');
    // Counter 1 calls A only (2 waiting); counter 2 calls B and A (3 waiting).
    await changeOf(sim, (k) => k.address === 2 && k.display === '     3');
    expect(sim.keypad(1)?.display).toBe('     2');
    await press(1, key('call-next'), '001  1');
    expect(fixture.queue.counter(1)?.current?.number).toBe('A001');
    await press(1, key('recall'));
    expect(fixture.queue.counter(1)?.current?.recalls).toBe(1);
    await press(1, key('confirm', 6), '     1');
    expect(fixture.queue.counter(1)?.current).toBeNull();
    expect(sim.keypad(1)?.beeps).toBe(0);
    expect(eventsNamed(log.lines, 'device.caller.key').map((l) => l.action)).toEqual([
      'call-next',
      'recall',
      'no-show',
    ]);
  });

  it('holds, calls back the ticket it held, transfers to another counter and pauses', async () => {
    fixture.issue('A');
    fixture.issue('A');
    await press(1, key('call-next'), '001  1');
    await press(1, key('confirm', 0), '     1');
    expect(fixture.queue.waiting().held.map((t) => t.number)).toEqual(['A001']);
    await press(1, key('call-next'), '002  0');
    await press(1, key('confirm', 0));
    await press(1, key('confirm', 3), '002  0');
    expect(fixture.queue.counter(1)?.current?.number).toBe('A002');
    // 2 then transfer: to counter 2's first queue, B.
    await press(1, key('transfer', 2), '     0');
    expect(
      fixture.queue
        .waiting()
        .services.find((s) => s.serviceId === 'medical-insurance')
        ?.tickets.map((t) => t.number),
    ).toEqual(['A002']);
    await press(1, key('pause'));
    expect(fixture.queue.counter(1)?.paused).toBe(true);
    const beeps = sim.keypad(1)!.beeps;
    await press(1, key('call-next'));
    await changeOf(sim, (k) => k.address === 1 && k.beeps === beeps + 1);
    await press(1, key('pause'));
    expect(fixture.queue.counter(1)?.paused).toBe(false);
  });

  it('beeps at a press that changes nothing, a key it does not know and an unmapped address', async () => {
    await press(1, key('call-next'));
    await changeOf(sim, (k) => k.address === 1 && k.beeps === 1);
    await press(1, key('confirm', 9));
    await changeOf(sim, (k) => k.address === 1 && k.beeps === 2);
    await press(9, key('call-next'));
    await changeOf(sim, (k) => k.address === 9 && k.beeps === 1);
    await press(1, key('ask-rating'));
    await changeOf(sim, (k) => k.address === 1 && k.beeps === 3);
    expect(ratings).toEqual([]);
    fixture.issue('A');
    await press(1, key('call-next'), '001  0');
    await press(1, key('ask-rating'));
    expect(ratings).toEqual([1]);
    expect(eventsNamed(log.lines, 'device.caller.key-refused').map((l) => l.reason)).toEqual([
      'unknown-confirm',
      'no-counter',
    ]);
  });

  it('reports a caller that stops answering, keeps serving the others, and sees it return', async () => {
    expect(await bus.probe()).toBe('ready');
    const silent = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (bus.silent().includes(2)) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    sim.setAnswering(2, false);
    await silent;
    expect(await bus.probe()).toBe('caller-silent');
    fixture.issue('A');
    await press(1, key('call-next'), '001  0');
    sim.setAnswering(2, true);
    // Back: its display is written afresh.
    await changeOf(sim, (k) => k.address === 2 && k.display !== null);
    expect(bus.silent()).toEqual([]);
    expect(eventsNamed(log.lines, 'device.caller.silent')).toEqual([
      expect.objectContaining({ busAddress: 2, counter: 2 }),
    ]);
    expect(eventsNamed(log.lines, 'device.caller.answering')).toHaveLength(1);
  });

  it('never stops for noise, torn or damaged frames on the bus', async () => {
    fixture.issue('A');
    for (const junk of [
      'FF68',
      'FF 68 03 03 68 01 01 0C 00 16',
      '00FFFF6868',
      'FF 68 02 02 68 01 09 0A 16',
    ]) {
      await sim.sendRaw(Buffer.from(junk.replace(/\s/g, ''), 'hex'));
    }
    await sim.sendRaw(Buffer.alloc(300, 0xff));
    await press(1, key('call-next'), '001  0');
    expect(fixture.queue.counter(1)?.current?.number).toBe('A001');
  });

  it('is offline while its port is gone, and serves again once it is back', async () => {
    pair.setConnected(false);
    expect(await bus.probe()).toBe('offline');
    pair.setConnected(true);
    fixture.issue('A');
    await press(1, key('call-next'), '001  0');
    expect(await bus.probe()).toBe('ready');
  });
});

describe('a polling round that throws', () => {
  it('is reported and the next round serves the bus as before', async () => {
    const pair = createMemoryPair('callers-throw');
    const sim = new CallerKeypadSimulator(pair.device, [1]);
    await sim.start();
    const failures: unknown[] = [];
    let presses = 0;
    const bus = new CallerBus(pair.host, {
      addresses: [1],
      roundIntervalMs: 5,
      onRoundFailed: (error) => failures.push(error),
    });
    bus.start({
      onKey: () => {
        presses += 1;
        if (presses === 1) throw new Error('disk I/O error');
        return true;
      },
      displayFor: () => ({ ticketDigits: null, waiting: 0 }),
    });
    try {
      sim.press(1, { key: 'call-next', digits: [] });
      sim.press(1, { key: 'recall', digits: [] });
      await changeOf(sim, (k) => k.beeps === 1);
      expect(failures).toEqual([new Error('disk I/O error')]);
      expect(presses).toBe(2);
    } finally {
      await bus.stop();
      await sim.stop();
    }
  });
});
