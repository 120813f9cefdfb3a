import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { EventBatchSchema } from '../centre/events.js';
import { RatingSchema } from './rating.js';

const rating = {
  serviceId: 'out-of-area',
  level: 'fair',
  reasons: ['text-too-small'],
  outcome: 'guide-read',
};
const batch = (payload: object) => ({
  terminalId: 'kiosk-01',
  sentAt: '2026-11-26T10:00:00+08:00',
  events: [{ seq: 1, type: 'rating.submitted', createdAt: '2026-11-26T10:00:00+08:00', payload }],
});

describe('the rating, from the kiosk to the centre', () => {
  const request = Compile(RatingSchema);
  const centre = Compile(EventBatchSchema);

  it('is the same message at the agent and in the centre’s batch', () => {
    expect(request.Check(rating)).toBe(true);
    expect(centre.Check(batch(rating))).toBe(true);
  });

  it('is refused with anything personal riding along, or a level outside the five', () => {
    const withName = { ...rating, name: '王秀英' };
    expect(request.Check(withName)).toBe(false);
    expect(centre.Check(batch(withName))).toBe(false);
    expect(centre.Check(batch({ ...rating, level: 'ok' }))).toBe(false);
    expect(request.Check({ ...rating, reasons: ['long-wait', 'long-wait'] })).toBe(false);
  });
});
