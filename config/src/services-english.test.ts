import { describe, expect, it } from 'vitest';
import { defaultData } from './test-support.js';

/**
 * The default catalogue in English (docs/i18n.md): every name residents pick from, the queues'
 * descriptions, the guides of every "guide" and "application" service and every application
 * form are translated; the kiosk shows the Chinese, marked, for any text still without one.
 */

type Text = { 'zh-CN': string; en?: string };
type Entry = {
  id: string;
  kind?: string;
  name: Text;
  description?: Text;
  guide?: object;
  application?: object;
};

const untranslated = (value: unknown) =>
  texts(value)
    .filter((text) => !text.en?.trim())
    .map((text) => text['zh-CN']);

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

  it.each(['guide', 'application'])(
    'translates every text of every "%s" service\u2019s guide',
    (kind) => {
      const services = catalogue.services.filter((s) => s.kind === kind);
      expect(services.length).toBeGreaterThan(5);
      for (const service of services) {
        expect(texts(service.guide).length, service.id).toBeGreaterThan(6);
        expect(untranslated(service.guide), service.id).toEqual([]);
      }
    },
  );

  it('translates every application form: questions, hints, choices, units, what happens next', () => {
    const forms = catalogue.services.filter((s) => s.application);
    expect(forms.length).toBeGreaterThan(2);
    for (const service of forms) {
      expect(texts(service.application).length, service.id).toBeGreaterThan(8);
      expect(untranslated(service.application), service.id).toEqual([]);
    }
  });
});
