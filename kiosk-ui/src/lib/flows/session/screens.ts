import { IDLE_WARNING_SCREEN } from '../idle.js';
import type { ScreenMeta } from '../screen.js';

/**
 * The screens of the session flow, one per resting state (docs/architecture.md, "Flows and
 * screens"): home, the choice of mode, the catalogue, search and the service guide. Taking a
 * ticket is the take-ticket flow's, shown while the session hands over to it.
 */
export const SCREENS = {
  home: {
    screen: 'home',
    speech: 'speech.sessionHome',
  },
  chooseMode: {
    screen: 'choose-mode',
    speech: 'speech.chooseMode',
  },
  categories: {
    screen: 'catalogue',
    speech: 'speech.categories',
  },
  categoryServices: { screen: 'category-services', speech: 'speech.chooseService' },
  search: {
    screen: 'search',
    speech: 'speech.search',
  },
  searchResults: { screen: 'search-results', speech: 'speech.searchResults' },
  // Announced with the guide's own text (announceGuidePage).
  guide: { screen: 'service-guide' },
  // 申请 while the terminal cannot record (storage faulted): said before the resident starts.
  applyOutOfService: { screen: 'apply-out-of-service', speech: 'speech.applyOutOfService' },
  // 带走指南: the guide's QR code and its print. Announced by announceTakeAway: what it says
  // follows the printer.
  guideTakeAway: { screen: 'guide-take-away' },
  guidePrinting: { screen: 'guide-printing', speech: 'speech.guidePrinting' },
  idleWarning: IDLE_WARNING_SCREEN,
  // The take-ticket flow's screens show while it runs; the page draws them from its snapshot.
  takeTicket: { screen: 'take-ticket' },
  // Likewise the apply flow's (申请), started from an application's guide.
  applying: { screen: 'apply' },
  // Likewise the rate flow's, after a service (好差评).
  rating: { screen: 'rate' },
} as const satisfies Record<string, ScreenMeta<string>>;

export type SessionScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type SessionMeta = ScreenMeta<SessionScreen>;
