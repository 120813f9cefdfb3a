import { systemClock, type Clock, type EventLogger } from '@bianmin/common';
import {
  WARNING_LEVELS,
  type Announcement,
  type EmergencyWarning,
  type Notices,
} from '@bianmin/contract';

/**
 * Where the applied configuration hands its warnings and announcements: the whole set each
 * time, which replaces the one before.
 */
export interface NoticePort {
  replace(warnings: readonly EmergencyWarning[], announcements: readonly Announcement[]): void;
}

export interface NoticeBoard extends NoticePort {
  /** The items shown now: warnings most severe first, announcements newest first. */
  active(): Notices;
  /** Stops the expiry timer (the agent is shutting down). */
  close(): void;
}

export interface NoticeBoardOptions {
  /** Gets the new active set whenever it changes: a replace, a start or an expiry. */
  onChange: (notices: Notices) => void;
  logger: EventLogger;
  clock?: Clock;
}

/** setTimeout's longest delay (about 24.8 days); a later boundary is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const severity = (w: EmergencyWarning) => WARNING_LEVELS.indexOf(w.level);
const at = (iso: string) => Date.parse(iso);

function byUrgency(a: EmergencyWarning, b: EmergencyWarning): number {
  return severity(b) - severity(a) || at(b.issuedAt) - at(a.issuedAt) || a.id.localeCompare(b.id);
}

function byNewest(a: Announcement, b: Announcement): number {
  return at(b.startsAt) - at(a.startsAt) || a.id.localeCompare(b.id);
}

/** A later item with an id already seen replaces the earlier one. */
function lastById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

/**
 * The terminal's notice board: holds the warnings and announcements the centre published and
 * drops each at its `expiresAt` by itself, with one timer set to the next start or expiry, so
 * a warning leaves every screen on time even if the centre is never heard from again. A
 * warning shows from the moment it arrives (its `issuedAt` is when the centre issued it, not
 * a start); an announcement only between `startsAt` and `expiresAt`. Times that do not parse
 * count as expired: an item nobody can take down must not stay for ever.
 */
export function createNoticeBoard(options: NoticeBoardOptions): NoticeBoard {
  const clock = options.clock ?? systemClock;
  let warnings: EmergencyWarning[] = [];
  let announcements: Announcement[] = [];
  let shown: Notices = { warnings: [], announcements: [] };
  let timer: unknown = null;

  function active(now: number): Notices {
    return {
      warnings: warnings.filter((w) => now < at(w.expiresAt)).sort(byUrgency),
      announcements: announcements
        .filter((a) => at(a.startsAt) <= now && now < at(a.expiresAt))
        .sort(byNewest),
    };
  }

  /** Drops what has expired, publishes a changed set and waits for the next boundary. */
  function settle(): void {
    const now = clock.now();
    const live = (expiresAt: string) => now < at(expiresAt);
    warnings = warnings.filter((w) => live(w.expiresAt));
    announcements = announcements.filter((a) => live(a.expiresAt));
    const next = active(now);
    if (JSON.stringify(next) !== JSON.stringify(shown)) {
      shown = next;
      options.logger.event('agent.notices-changed', {
        warnings: next.warnings.length,
        announcements: next.announcements.length,
        ...(next.warnings[0] && { highestLevel: next.warnings[0].level }),
      });
      options.onChange(next);
    }
    schedule(now);
  }

  function schedule(now: number): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const boundaries = [
      ...warnings.map((w) => at(w.expiresAt)),
      ...announcements.flatMap((a) => [at(a.startsAt), at(a.expiresAt)]),
    ].filter((t) => t > now);
    if (boundaries.length === 0) return;
    const delay = Math.min(Math.min(...boundaries) - now, MAX_TIMER_MS);
    timer = clock.setTimeout(() => {
      timer = null;
      settle();
    }, delay);
  }

  return {
    replace(nextWarnings, nextAnnouncements) {
      warnings = lastById(nextWarnings);
      announcements = lastById(nextAnnouncements);
      settle();
    },
    active: () => shown,
    close() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
