import { describe, expect, it } from 'vitest';
import { SESSION_INPUT } from './catalogue.fixture.js';
import { frameScreens, rehearsalSteps } from './rehearsal.js';

const input = SESSION_INPUT;

describe('the flows rehearsed at idle', () => {
  it('walks the take-ticket, rating and browsing screens a resident reaches first, and ends home', () => {
    const seen: string[][] = [];
    for (const step of rehearsalSteps(input, (frame) => seen.push(frameScreens(frame)))) step();
    expect(seen).toEqual([
      ['home'],
      ['home'],
      ['take-ticket', 'choose-service'],
      ['take-ticket', 'identify'],
      ['take-ticket', 'choose-service'],
      ['rate', 'rate-level'],
      ['home'],
      ['choose-mode'],
      ['catalogue'],
      ['category-services'],
      ['service-guide'],
      ['service-guide'],
      ['service-guide'],
      ['service-guide'],
      ['category-services'],
      ['catalogue'],
      ['home'],
    ]);
  });

  it('has nothing to rehearse without a category, service and queue', () => {
    expect(rehearsalSteps({ ...input, queues: [] })).toEqual([]);
  });
});
