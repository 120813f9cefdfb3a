import { isIsoDate } from '@bianmin/common';

// Age and calendar-date rules live in the one local-time module; re-exported for this package.
export { ageOn, isIsoDate } from '@bianmin/common';

/** 'YYYYMMDD' as stored on cards -> 'YYYY-MM-DD', or undefined unless a real calendar date. */
export function cardDateToIso(s: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return isIsoDate(iso) ? iso : undefined;
}
