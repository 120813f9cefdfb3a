import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { queueFixture } from './queue.fixture.js';
import { createCallerKeyHandlers } from './queue-keys.js';

describe('caller keys for a counter the queue does not have', () => {
  let fixture: ReturnType<typeof queueFixture>;
  beforeEach(() => {
    fixture = queueFixture();
  });
  afterEach(() => fixture.close());

  it('refuses the press as no-counter, naming the counter, and beeps', () => {
    const log = captureLogger();
    // Address 3 on counter 13, a typo for 3: the fixture's queue has counters 1 and 2.
    const handlers = createCallerKeyHandlers({
      queue: fixture.queue,
      counters: new Map([[3, 13]]),
      logger: log.logger,
    });
    fixture.issue('A');
    expect(handlers.onKey(3, { key: 'call-next', digits: [] })).toBe(true);
    expect(eventsNamed(log.lines, 'device.caller.key-refused')).toEqual([
      expect.objectContaining({ busAddress: 3, counter: 13, reason: 'no-counter' }),
    ]);
    expect(eventsNamed(log.lines, 'device.caller.key')).toEqual([]);
  });
});

describe('a keypad press while the counter console shows the ticket before it', () => {
  let fixture: ReturnType<typeof queueFixture>;
  let handlers: ReturnType<typeof createCallerKeyHandlers>;
  beforeEach(() => {
    fixture = queueFixture();
    // Address 1 is counter 1's keypad, which calls the 社保 queue (A).
    handlers = createCallerKeyHandlers({
      queue: fixture.queue,
      counters: new Map([[1, 1]]),
      logger: captureLogger().logger,
    });
  });
  afterEach(() => fixture.close());

  /** The console calls A001; the keypad then finishes it and calls A002. */
  function keypadMovesOn(): { shown: string; now: string } {
    const [a1, a2] = [fixture.issue('A'), fixture.issue('A')];
    const called = fixture.queue.callNext(1);
    expect(called.ok && called.value.ticket?.number).toBe(a1);
    fixture.later(10);
    expect(handlers.onKey(1, { key: 'call-next', digits: [] })).toBe(false);
    expect(fixture.queue.counter(1)?.current?.number).toBe(a2);
    return { shown: a1, now: a2 };
  }

  it("refuses the console's transfer, 过号, 暂挂, 办结, 开始办理 and 重呼 of the ticket it showed, and changes nothing", () => {
    const { shown, now } = keypadMovesOn();
    const counterBefore = fixture.queue.counter(1);
    const waitingBefore = fixture.queue.waiting();
    const meant = { ticketNumber: shown };
    const refusal = { kind: 'ticket-changed', shown, current: now };
    const presses = {
      transfer: () => fixture.queue.transfer(1, meant, 'medical-insurance'),
      noShow: () => fixture.queue.noShow(1, meant),
      hold: () => fixture.queue.hold(1, meant),
      finish: () => fixture.queue.finish(1, meant),
      startServing: () => fixture.queue.startServing(1, meant),
      recall: () => fixture.queue.recall(1, meant),
    };
    for (const [name, press] of Object.entries(presses)) {
      expect(press(), name).toEqual({ ok: false, error: refusal });
    }
    expect(fixture.queue.counter(1)).toEqual(counterBefore);
    expect(fixture.queue.waiting()).toEqual(waitingBefore);
  });

  it("refuses the console's late 下一位, which would finish a resident only now walking up", () => {
    const { shown, now } = keypadMovesOn();
    fixture.later(10);
    const counterBefore = fixture.queue.counter(1);
    expect(fixture.queue.callNext(1, { ticketNumber: shown })).toEqual({
      ok: false,
      error: { kind: 'ticket-changed', shown, current: now },
    });
    // A console that showed no ticket at all is as out of date.
    expect(fixture.queue.callNext(1, { ticketNumber: null })).toEqual({
      ok: false,
      error: { kind: 'ticket-changed', shown: null, current: now },
    });
    expect(fixture.queue.counter(1)).toEqual(counterBefore);
    // Naming the ticket now at the counter, 下一位 finishes it and calls on.
    const next = fixture.queue.callNext(1, { ticketNumber: now });
    expect(next.ok && next.value.ignored).toBe(false);
  });

  it('lets the console act once it names the ticket now at the counter', () => {
    const { now } = keypadMovesOn();
    const moved = fixture.queue.transfer(1, { ticketNumber: now }, 'medical-insurance');
    expect(moved.ok && moved.value).toMatchObject({ number: now, serviceId: 'medical-insurance' });
  });

  it('keeps the keypad acting on whichever ticket is current', () => {
    const { now } = keypadMovesOn();
    // 0 then confirm: hold (暂挂).
    expect(handlers.onKey(1, { key: 'confirm', digits: [0] })).toBe(false);
    expect(fixture.queue.waiting().held.map((t) => t.number)).toEqual([now]);
  });
});
