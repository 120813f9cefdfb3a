import type { EmergencyWarning } from '@bianmin/contract';
import { warningSpeech } from './strings.js';

/**
 * The shortest time between two readings of warnings already heard, when the home screen
 * comes back after a resident (docs/warnings.md says why five minutes).
 */
export const REPEAT_GAP_MS = 5 * 60_000;

export interface WarningReader {
  /** The home screen came on the glass: at start, or after a resident's session. */
  homeShown(warnings: readonly EmergencyWarning[], nowMs: number): string | null;
  /** The warnings changed while the home screen is on the glass. */
  changed(warnings: readonly EmergencyWarning[], nowMs: number): string | null;
}

/** A warning counts as new again when its level or words change (a yellow raised to red). */
const key = (w: EmergencyWarning) => JSON.stringify([w.id, w.level, w.title, w.text]);

/**
 * When the home screen reads warnings aloud, as the text to speak or null: a warning not yet
 * heard is read as soon as the home screen shows it; all of them again when the home screen
 * comes back after a resident, at most once every `gapMs`. It is asked only on the home
 * screen, so a resident in a flow is never talked over.
 */
export function createWarningReader(gapMs = REPEAT_GAP_MS): WarningReader {
  let heard = new Set<string>();
  let lastReadAt: number | null = null;

  function read(all: readonly EmergencyWarning[], now: number, repeatDue: boolean) {
    // Keys of warnings gone are forgotten: one published again is news again.
    heard = new Set([...heard].filter((k) => all.some((w) => key(w) === k)));
    const due = repeatDue ? all : all.filter((w) => !heard.has(key(w)));
    if (due.length === 0) return null;
    for (const w of due) heard.add(key(w));
    lastReadAt = now;
    return warningSpeech(due);
  }

  return {
    homeShown: (warnings, now) =>
      read(warnings, now, lastReadAt === null || now - lastReadAt >= gapMs),
    changed: (warnings, now) => read(warnings, now, false),
  };
}
