import type { AgentEvent, Notices } from '@bianmin/contract';
import { createWarningReader } from './read-aloud.js';

class HomeNotices {
  /** Replaced whole by each resync and notices event, never mutated. */
  current = $state.raw<Notices>({ warnings: [], announcements: [] });
}

/** The warnings and announcements the agent last pushed; the home screen shows them. */
export const homeNotices = new HomeNotices();

/**
 * One reader for the page's life, so what was heard and when outlives each visit to the
 * home screen.
 */
export const warningReader = createWarningReader();

/** Takes the notices from the agent's events; every other event is left alone. */
export function takeNotices(event: AgentEvent): void {
  if (event.type === 'resync' || event.type === 'notices') homeNotices.current = event.notices;
}
