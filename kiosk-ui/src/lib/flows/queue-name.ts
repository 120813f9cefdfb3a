import type { KioskInfo } from '../agent/types.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { localized, type ShownText } from '../i18n/local-text.js';

/**
 * A queue's name in the resident's language: the catalogue's entry for it has its translations;
 * a queue without one keeps `fallback`, its Chinese name.
 */
export function queueName(
  kiosk: Pick<KioskInfo, 'catalogue'>,
  serviceId: string | null,
  fallback: string,
  language: Language,
): ShownText {
  const entry = kiosk.catalogue.services.find((s) => s.id === serviceId);
  return entry ? localized(entry.name, language) : { text: fallback, language: DEFAULT_LANGUAGE };
}

/** The queue a guide offers a ticket for, by its name; null where it offers none. */
export function ticketQueue(
  kiosk: Pick<KioskInfo, 'catalogue' | 'services'>,
  queueId: string | undefined,
  language: Language,
): ShownText | null {
  const queue = kiosk.services.find((q) => q.id === queueId);
  return queue ? queueName(kiosk, queue.id, queue.name, language) : null;
}
