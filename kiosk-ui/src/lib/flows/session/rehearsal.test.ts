import { describe, expect, it } from 'vitest';
import { SESSION_INPUT } from './catalogue.fixture.js';
import { TEXT_SCALES } from '../../styles/text-sizes.js';
import { frameScreens, guideRehearsalSteps, rehearsalSteps } from './rehearsal.js';

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

describe('every guide rehearsed at idle', () => {
  it('shows each guide of the catalogue at every text size, and nothing else', () => {
    const seen: { screen: string; serviceId: string | null; textScale: number }[] = [];
    const steps = guideRehearsalSteps(input, ({ session }) =>
      seen.push({
        screen: session.screen,
        serviceId: session.context.serviceId,
        textScale: session.context.textScale,
      }),
    );
    for (const step of steps) step();
    const guided = input.catalogue.services.filter((s) => s.guide !== undefined);
    expect(guided.length).toBeGreaterThan(1);
    expect(seen).toHaveLength(guided.length * TEXT_SCALES.length);
    expect(seen.every((frame) => frame.screen === 'service-guide')).toBe(true);
    for (const service of guided) {
      expect(seen.filter((f) => f.serviceId === service.id).map((f) => f.textScale)).toEqual(
        TEXT_SCALES.map((_, i) => i),
      );
    }
  });
});
