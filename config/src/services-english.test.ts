import { describe, expect, it } from 'vitest';
import { defaultData } from './test-support.js';

/**
 * The default catalogue in English (docs/i18n.md): every name residents pick from, the queues'
 * descriptions, and the guides of every "guide" service are translated; the kiosk shows the
 * Chinese, marked, for any text still without one (the application services' guides).
 */

type Text = { 'zh-CN': string; en?: string };
type Entry = { id: string; kind?: string; name: Text; description?: Text; guide?: object };

const texts = (value: unknown): Text[] => {
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') {
    return 'zh-CN' in value ? [value as Text] : Object.values(value).flatMap(texts);
  }
  return [];
};

describe('the default catalogue in English', () => {
  const catalogue = defaultData('services') as { categories: Entry[]; services: Entry[] };

  it('names every category and service', () => {
    const untranslated = [...catalogue.categories, ...catalogue.services]
      .filter((entry) => !entry.name.en?.trim())
      .map((entry) => entry.id);
    expect(untranslated).toEqual([]);
  });

  it('describes every queue', () => {
    const queues = catalogue.services.filter((s) => s.kind === 'queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) expect(queue.description?.en, queue.id).toBeTruthy();
  });

  it('translates every text of every "guide" service\u2019s guide', () => {
    const guides = catalogue.services.filter((s) => s.kind === 'guide');
    expect(guides.length).toBeGreaterThan(5);
    for (const service of guides) {
      const guide = texts(service.guide);
      expect(guide.length, service.id).toBeGreaterThan(6);
      const untranslated = guide.filter((text) => !text.en?.trim()).map((text) => text['zh-CN']);
      expect(untranslated, service.id).toEqual([]);
    }
  });
});
