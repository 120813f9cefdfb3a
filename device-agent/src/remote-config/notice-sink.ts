import type { EventLogger } from '@bianmin/common';
import type { Announcement, EmergencyWarning } from '@bianmin/contract';

/**
 * Where the warnings and announcements of the document in effect go: the kiosk's notice
 * board. Called at start and whenever an accepted document changes them; each call
 * replaces everything shown before.
 */
export interface NoticeSink {
  replace(warnings: EmergencyWarning[], announcements: Announcement[]): void;
}

/** Until a notice board is connected: one log line saying how many notices are in effect. */
export function loggingNoticeSink(logger: EventLogger): NoticeSink {
  return {
    replace: (warnings, announcements) =>
      logger.event('agent.notices-replaced', {
        warnings: warnings.length,
        announcements: announcements.length,
      }),
  };
}
