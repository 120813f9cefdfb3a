import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createBurstDetector,
  listenForWedgeScans,
  WEDGE_DEFAULTS,
  type WedgeEvent,
  type WedgeKeyEvent,
} from './keyboard-wedge.js';

const { maxGapMs, minLength, releaseAfterMs } = WEDGE_DEFAULTS;

/** Presses each key `gapMs` after the one before, from `start`; returns the verdicts. */
function press(
  detector: ReturnType<typeof createBurstDetector>,
  keys: string[],
  gapMs: number,
  start = 0,
) {
  return keys.map((key, i) => detector.key(key, start + i * gapMs));
}
const chars = (text: string) => [...text];

describe('the burst detector', () => {
  it('reads a fast burst ending in Enter as a scan, checked by the agent rule', () => {
    const detector = createBurstDetector(WEDGE_DEFAULTS);
    const verdicts = press(detector, [...chars('YY2026社保A01'), 'Enter'], 8);
    expect(verdicts.at(-1)).toEqual({
      kind: 'scan',
      event: { type: 'code-scanned', symbology: 'unknown', text: 'YY2026社保A01' },
    });
    expect(verdicts.slice(0, -1).every((v) => v.kind === 'hold')).toBe(true);
    expect(verdicts[0]).toMatchObject({ started: true });
    expect(verdicts[1]).toMatchObject({ started: false });
  });

  it('rejects a burst the agent would reject, by reason only', () => {
    const detector = createBurstDetector(WEDGE_DEFAULTS);
    const zeroWidth = press(detector, [...chars('AB\u200bCD'), 'Enter'], 5);
    expect(zeroWidth.at(-1)).toEqual({
      kind: 'scan',
      event: { type: 'code-rejected', reason: 'control-character' },
    });
    const long = press(detector, [...chars('x'.repeat(3000)), 'Enter'], 1, 1_000);
    expect(long.at(-1)).toEqual({
      kind: 'scan',
      event: { type: 'code-rejected', reason: 'too-long' },
    });
  });

  it('gives back a person typing: each key is released when the next comes slowly', () => {
    const detector = createBurstDetector(WEDGE_DEFAULTS);
    const verdicts = press(detector, [...chars('1234'), 'Enter'], maxGapMs + 1);
    expect(verdicts).toEqual([
      { kind: 'hold', started: true, release: undefined },
      { kind: 'hold', started: true, release: '1' },
      { kind: 'hold', started: true, release: '2' },
      { kind: 'hold', started: true, release: '3' },
      { kind: 'pass', release: '4' },
    ]);
  });

  it('treats a fast run shorter than the minimum before Enter as typing', () => {
    const detector = createBurstDetector(WEDGE_DEFAULTS);
    const verdicts = press(detector, [...chars('x'.repeat(minLength - 1)), 'Enter'], 5);
    expect(verdicts.at(-1)).toEqual({ kind: 'pass', release: 'x'.repeat(minLength - 1) });
  });

  it('splits at a pause: what came before it is typing, what follows may still be a scan', () => {
    const detector = createBurstDetector(WEDGE_DEFAULTS);
    press(detector, chars('abc'), 5);
    const after = press(detector, [...chars('DEFG'), 'Enter'], 5, 10 + maxGapMs + 1);
    expect(after[0]).toEqual({ kind: 'hold', started: true, release: 'abc' });
    expect(after.at(-1)).toMatchObject({ kind: 'scan', event: { text: 'DEFG' } });
  });

  it('is not a scan when Enter comes late, or another key breaks in', () => {
    const late = createBurstDetector(WEDGE_DEFAULTS);
    press(late, chars('ABCDE'), 5);
    expect(late.key('Enter', 20 + maxGapMs + 1)).toEqual({ kind: 'pass', release: 'ABCDE' });
    const tab = createBurstDetector(WEDGE_DEFAULTS);
    press(tab, chars('ABCDE'), 5);
    expect(tab.key('Tab', 25)).toEqual({ kind: 'pass', release: 'ABCDE' });
    expect(tab.key('Enter', 30)).toEqual({ kind: 'pass', release: undefined });
  });

  it('when the wait ends, gives back a few keys and drops a burst that never ended in Enter', () => {
    const detector = createBurstDetector(WEDGE_DEFAULTS);
    expect(detector.stale()).toEqual({ kind: 'none' });
    press(detector, chars('ab'), 5);
    expect(detector.stale()).toEqual({ kind: 'release', text: 'ab' });
    press(detector, chars('ABCDEFGH'), 5, 100);
    expect(detector.stale()).toEqual({ kind: 'drop' });
    expect(detector.stale()).toEqual({ kind: 'none' });
  });
});

/** A keydown as the browser dispatches it, recording what the listener did to it. */
function keydown(key: string, timeStamp: number, modifiers: Partial<WedgeKeyEvent> = {}) {
  const event = {
    key,
    timeStamp,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    isComposing: false,
    prevented: false,
    stopped: false,
    preventDefault() {
      event.prevented = true;
    },
    stopImmediatePropagation() {
      event.stopped = true;
    },
    ...modifiers,
  };
  return event;
}

/** The document: one capturing keydown listener, as the module registers it. */
function fakeDocument() {
  const listeners = new Set<(event: WedgeKeyEvent) => void>();
  return {
    listeners,
    addEventListener: (_: 'keydown', listener: (event: WedgeKeyEvent) => void, capture: true) => {
      expect(capture).toBe(true);
      listeners.add(listener);
    },
    removeEventListener: (_: 'keydown', listener: (event: WedgeKeyEvent) => void) =>
      void listeners.delete(listener),
    dispatch(event: ReturnType<typeof keydown>) {
      for (const listener of listeners) listener(event);
      return event;
    },
  };
}

describe('listening for wedge scans at the document', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(editing: boolean) {
    const doc = fakeDocument();
    const events: WedgeEvent[] = [];
    const typed: string[] = [];
    const stop = listenForWedgeScans(doc, {
      onEvent: (event) => events.push(event),
      editing: () => editing,
      typeIntoFocus: (text) => typed.push(text),
    });
    const type = (keys: string[], gapMs: number, start = 0) =>
      keys.map((key, i) => doc.dispatch(keydown(key, start + i * gapMs)));
    return { doc, events, typed, stop, type };
  }

  it('keeps a burst out of a focused field, Enter included, and delivers the code', () => {
    const h = setup(true);
    const keys = h.type([...chars('AB123456'), 'Enter'], 6);
    expect(keys.every((k) => k.prevented && k.stopped)).toBe(true);
    expect(h.events).toEqual([{ type: 'code-scanned', symbology: 'unknown', text: 'AB123456' }]);
    vi.advanceTimersByTime(releaseAfterMs * 2);
    expect(h.typed).toEqual([]);
  });

  it('gives a person their keys back in the field, in order, and lets their Enter through', () => {
    const h = setup(true);
    const keys = h.type([...chars('ab'), 'Enter'], maxGapMs + 20);
    expect(keys.map((k) => k.prevented)).toEqual([true, true, false]);
    expect(h.typed).toEqual(['a', 'b']);
    h.type(chars('c'), 0, 1_000);
    expect(h.typed).toEqual(['a', 'b']);
    vi.advanceTimersByTime(releaseAfterMs);
    expect(h.typed).toEqual(['a', 'b', 'c']);
    expect(h.events).toEqual([]);
  });

  it('where no field has focus, lets keys through and holds back only the Enter ending a burst', () => {
    const h = setup(false);
    const keys = h.type([...chars('QR0000001'), 'Enter'], 4);
    expect(keys.map((k) => k.prevented)).toEqual([...Array(9).fill(false), true]);
    expect(h.events).toEqual([{ type: 'code-scanned', symbology: 'unknown', text: 'QR0000001' }]);
    const human = h.type([...chars('ab'), 'Enter'], maxGapMs + 20, 1_000);
    expect(human.some((k) => k.prevented)).toBe(false);
    vi.advanceTimersByTime(releaseAfterMs);
    expect(h.typed).toEqual([]);
  });

  it('drops a burst without Enter: it is neither typed nor delivered', () => {
    const h = setup(true);
    h.type(chars('ABCDEFGH'), 5);
    vi.advanceTimersByTime(releaseAfterMs);
    expect(h.typed).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('reads upper case through Shift and leaves shortcuts and composition alone', () => {
    const h = setup(true);
    const shifted = ['Shift', 'A', 'Shift', 'B', 'c', 'd', 'Enter'];
    h.type(shifted, 3);
    expect(h.events).toEqual([{ type: 'code-scanned', symbology: 'unknown', text: 'ABcd' }]);
    const shortcut = h.doc.dispatch(keydown('v', 100, { ctrlKey: true }));
    const composing = h.doc.dispatch(keydown('a', 101, { isComposing: true }));
    expect([shortcut.prevented, composing.prevented]).toEqual([false, false]);
  });

  it('stops listening when asked', () => {
    const h = setup(true);
    h.stop();
    expect(h.doc.listeners.size).toBe(0);
    h.type([...chars('ABCDEFG'), 'Enter'], 5);
    expect(h.events).toEqual([]);
  });
});
