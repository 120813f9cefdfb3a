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
