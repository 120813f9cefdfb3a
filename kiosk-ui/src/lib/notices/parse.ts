import type { Notices, WarningLevel } from '@bianmin/contract';

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => typeof value === 'string' && value.length > 0;

// Every level the contract names, so a level it gains fails to compile here.
const LEVELS: Record<WarningLevel, true> = { blue: true, yellow: true, orange: true, red: true };

const isWarning = (w: unknown) =>
  isFields(w) &&
  isText(w.id) &&
  typeof w.level === 'string' &&
  Object.hasOwn(LEVELS, w.level) &&
  isText(w.title) &&
  isText(w.text) &&
  isText(w.issuedAt) &&
  isText(w.expiresAt);

const isAnnouncement = (a: unknown) =>
  isFields(a) && isText(a.id) && isText(a.text) && isText(a.startsAt) && isText(a.expiresAt);

/**
 * Whether a pushed value is a set of notices the home screen can show; checked by hand like
 * the rest of the stream (no validator ships to the browser).
 */
export function isNotices(value: unknown): value is Notices {
  return (
    isFields(value) &&
    Array.isArray(value.warnings) &&
    value.warnings.every(isWarning) &&
    Array.isArray(value.announcements) &&
    value.announcements.every(isAnnouncement)
  );
}
