import type { CatalogueService } from '../agent/types.js';
import type { Language } from '../i18n/languages.js';
import { localized } from '../i18n/local-text.js';
import { translate } from '../i18n/translate.js';
import { GUIDE_SECTIONS, guideBlocks } from './guide-pages.js';

/**
 * A service's guide as plain text for its QR code, so a resident's phone keeps it without any
 * network: neither the centre nor the agent is reachable from a phone, and the kiosk works
 * offline. The code holds the guide and the community's name, nothing personal
 * (docs/plans/guide-take-away.md, section 1).
 */

/**
 * What version 25 holds at error level L, in UTF-8 bytes: 117 modules, 125 with the quiet
 * zone, about 93 mm on either screen profile, the largest code that stands beside its caption.
 */
export const GUIDE_QR_MAX_BYTES = 1273;

/**
 * The room a guide's code takes on the glass, kept before it is drawn: version 25 and its quiet
 * zone, 125 modules, at whole pixels of at least 0.7 mm (lib/qr/qr-matrix.ts), fits it on both
 * screen profiles (3 px at 0.248 mm, 2 px at 0.369 mm).
 */
export const GUIDE_QR_BOX_MM = 93;

type Section = (typeof GUIDE_SECTIONS)[number][0];

/** What a resident acts on; where the whole guide is too long, the code keeps these only. */
const ESSENTIALS: ReadonlySet<Section> = new Set([
  'materials',
  'steps',
  'timeLimit',
  'fees',
  'where',
]);

const bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * The guide in `language`, each text falling back to Chinese on its own as the screen shows it,
 * under the screen's own section headings; null where the service has no guide or even its
 * essentials are longer than a code holds (the resident can print it instead).
 */
export function guideQrText(
  service: Pick<CatalogueService, 'name' | 'guide'>,
  language: Language,
  communityName: string,
): string | null {
  const { guide } = service;
  if (!guide) return null;
  const blocks = guideBlocks(guide, language);
  const text = (sections: ReadonlySet<Section> | null) => {
    const lines = [
      translate(language, 'guideText.title', {
        label: translate(language, 'guide.label'),
        service: localized(service.name, language).text,
      }),
    ];
    for (const [section, headingKey] of GUIDE_SECTIONS) {
      if (sections && !sections.has(section)) continue;
      const heading = translate(language, headingKey);
      const own = blocks.filter((block) => block.section === section);
      if (Array.isArray(guide[section])) {
        lines.push(translate(language, 'guideText.list', { heading }));
        for (const block of own) lines.push(`${block.item}. ${block.text}`);
      } else {
        for (const block of own) {
          lines.push(translate(language, 'guideText.field', { heading, text: block.text }));
        }
      }
    }
    lines.push(translate(language, 'guideText.footer', { community: communityName }));
    return lines.join('\n');
  };
  for (const candidate of [text(null), text(ESSENTIALS)]) {
    if (bytes(candidate) <= GUIDE_QR_MAX_BYTES) return candidate;
  }
  return null;
}
