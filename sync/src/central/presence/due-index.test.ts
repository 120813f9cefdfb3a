import { describe, expect, it } from 'vitest';
import { createDueIndex } from './due-index.js';

describe('the due index', () => {
  it('gives each terminal once, at or after its instant, and forgets a rescheduled one', () => {
    const due = createDueIndex();
    due.set('a', 10_500);
    due.set('b', 12_000);
    due.set('c', 11_000);
    // A heartbeat pushed c on; d will not change without news.
    due.set('c', 40_000);
    due.set('d', undefined);
    expect(due.earliestMs()).toBe(11_000);
    expect(due.takeDue(10_999)).toEqual([]);
    expect(due.takeDue(11_000)).toEqual(['a']);
    expect(due.takeDue(12_000)).toEqual(['b']);
    expect(due.takeDue(12_000)).toEqual([]);
    expect(due.earliestMs()).toBe(13_000);
    // Far later, as after a centre that was stopped: jumps over the empty seconds.
    due.set('e', 9_000_000);
    expect(due.takeDue(86_400_000).sort()).toEqual(['c', 'e']);
    expect(due.earliestMs()).toBe(Infinity);
  });

  it('forgets everything when cleared', () => {
    const due = createDueIndex();
    due.set('a', 1_000);
    due.clear();
    expect(due.takeDue(5_000)).toEqual([]);
    expect(due.earliestMs()).toBe(Infinity);
  });
});
