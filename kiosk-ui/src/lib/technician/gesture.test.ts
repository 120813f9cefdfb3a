import { describe, expect, it } from 'vitest';
import { createTapGesture } from './gesture';

describe('the hidden technician gesture', () => {
  it('opens on the fifth tap within three seconds, and not on slower taps', () => {
    const tap = createTapGesture();
    expect([0, 500, 1000, 1500].map(tap)).toEqual([false, false, false, false]);
    expect(tap(2999)).toBe(true);
    const slow = createTapGesture();
    expect([0, 800, 1600, 2400, 3200, 4000].map(slow)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('starts counting afresh after it opened', () => {
    const tap = createTapGesture();
    [0, 1, 2, 3].forEach(tap);
    expect(tap(4)).toBe(true);
    expect(tap(5)).toBe(false);
  });
});
