import { describe, expect, it } from 'vitest';
import { announcementText } from './announcement.js';

describe('the spoken call', () => {
  it.each([
    ['A005', 2, '请 A 零零五 号到 2 号窗口办理'],
    ['B120', 12, '请 B 一二零 号到 12 号窗口办理'],
    ['C1000', 3, '请 C 一零零零 号到 3 号窗口办理'],
    ['A501', 1, '请 A 五零一 号到 1 号窗口办理'],
  ])('%s at counter %i is "%s"', (ticketNumber, counter, text) => {
    expect(announcementText({ ticketNumber, counter })).toBe(text);
  });
});
