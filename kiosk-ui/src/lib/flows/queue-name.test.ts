import { describe, expect, it } from 'vitest';
import { queueName, ticketQueue } from './queue-name.js';

const kiosk = {
  services: [
    { id: 'social-security', name: '社保业务', ticketPrefix: 'A' },
    { id: 'consulting', name: '综合咨询', ticketPrefix: 'C' },
  ],
  catalogue: {
    categories: [],
    services: [
      {
        id: 'social-security',
        name: { 'zh-CN': '社保业务', en: 'Social security' },
        category: 'human-resources',
        kind: 'queue' as const,
        initials: 'SBYW',
      },
    ],
  },
};

describe('a queue by its name', () => {
  it('takes the catalogue entry’s translation, and the queue’s own Chinese name without one', () => {
    expect(queueName(kiosk, 'social-security', '社保业务', 'en')).toEqual({
      text: 'Social security',
      language: 'en',
    });
    expect(queueName(kiosk, 'consulting', '综合咨询', 'en')).toEqual({
      text: '综合咨询',
      language: 'zh-CN',
    });
  });

  it('names the queue a guide offers, and none where it offers none', () => {
    expect(ticketQueue(kiosk, 'social-security', 'zh-CN')?.text).toBe('社保业务');
    expect(ticketQueue(kiosk, 'consulting', 'en')).toEqual({ text: '综合咨询', language: 'zh-CN' });
    expect(ticketQueue(kiosk, undefined, 'en')).toBeNull();
  });
});
