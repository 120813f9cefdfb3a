import { describe, expect, it } from 'vitest';
import { isNotices } from './parse.js';

const warning = {
  id: 'rain',
  level: 'orange',
  title: '暴雨橙色预警',
  text: '请减少外出。',
  issuedAt: '2026-07-01T08:00:00+08:00',
  expiresAt: '2026-07-01T20:00:00+08:00',
};

describe('isNotices', () => {
  it('takes warnings and announcements as the contract declares them', () => {
    const announcement = { id: 'water', text: '周三停水。', startsAt: 'a', expiresAt: 'b' };
    expect(isNotices({ warnings: [warning], announcements: [announcement] })).toBe(true);
    expect(isNotices({ warnings: [], announcements: [] })).toBe(true);
  });

  it('refuses an unknown level, a missing text and a missing list', () => {
    expect(isNotices({ warnings: [{ ...warning, level: 'purple' }], announcements: [] })).toBe(
      false,
    );
    expect(isNotices({ warnings: [{ ...warning, text: '' }], announcements: [] })).toBe(false);
    expect(isNotices({ warnings: [warning] })).toBe(false);
    expect(isNotices(null)).toBe(false);
  });
});
