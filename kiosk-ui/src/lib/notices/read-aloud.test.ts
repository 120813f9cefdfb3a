import { describe, expect, it } from 'vitest';
import type { EmergencyWarning } from '@bianmin/contract';
import { createWarningReader, REPEAT_GAP_MS } from './read-aloud.js';

const warning = (
  id: string,
  level: EmergencyWarning['level'],
  title: string,
): EmergencyWarning => ({
  id,
  level,
  title,
  text: `${title}，请减少外出。`,
  issuedAt: '2026-07-01T08:00:00+08:00',
  expiresAt: '2026-07-01T20:00:00+08:00',
});
const rain = warning('rain', 'red', '暴雨红色预警');
const heat = warning('heat', 'yellow', '高温黄色预警');
const MIN = 60_000;

describe('reading warnings aloud on the home screen', () => {
  it('reads a warning when it first arrives, with its level in words, and not again at once', () => {
    const reader = createWarningReader();
    expect(reader.homeShown([], 0)).toBeNull();
    expect(reader.changed([rain], 1000)).toBe(
      '突发事件预警。红色预警。暴雨红色预警。暴雨红色预警，请减少外出。',
    );
    expect(reader.changed([rain], 2000)).toBeNull();
  });

  it('reads only the new warning when another arrives', () => {
    const reader = createWarningReader();
    reader.changed([rain], 0);
    const text = reader.changed([rain, heat], MIN);
    expect(text).toContain('高温黄色预警');
    expect(text).not.toContain('暴雨');
  });

  it('reads a warning again when its level or words change', () => {
    const reader = createWarningReader();
    reader.changed([heat], 0);
    expect(reader.changed([{ ...heat, level: 'orange' }], MIN)).toContain('橙色预警');
  });

  it('after a resident, reads all again only once the gap has passed since the last reading', () => {
    const reader = createWarningReader();
    reader.changed([rain, heat], 0);
    expect(reader.homeShown([rain, heat], REPEAT_GAP_MS - 1)).toBeNull();
    const again = reader.homeShown([rain, heat], REPEAT_GAP_MS);
    expect(again).toContain('暴雨红色预警');
    expect(again!.indexOf('红色预警')).toBeLessThan(again!.indexOf('黄色预警'));
    // The gap counts from that reading, not the first.
    expect(reader.homeShown([rain, heat], REPEAT_GAP_MS + 3 * MIN)).toBeNull();
    expect(reader.homeShown([rain, heat], 2 * REPEAT_GAP_MS)).not.toBeNull();
  });

  it('reads a warning that came during a resident session as soon as home comes back', () => {
    const reader = createWarningReader();
    reader.changed([rain], 0);
    // It arrived while a resident was in a flow: nobody asked the reader then.
    expect(reader.homeShown([rain, heat], MIN)).toContain('高温黄色预警');
  });

  it('reads a warning published again after it had gone', () => {
    const reader = createWarningReader();
    reader.changed([rain], 0);
    reader.changed([], MIN);
    expect(reader.changed([rain], 2 * MIN)).toContain('暴雨红色预警');
  });
});
