const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instantMs: number, timeZone: string): Record<string, number> {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts;
}

/** The zone's offset from UTC at an instant, in ms (e.g. +8 h for Asia/Shanghai). */
function offsetMs(instantMs: number, timeZone: string): number {
  const p = partsIn(instantMs, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant local midnight starts; two passes settle zones whose offset changes. */
function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetMs(guess, timeZone);
  return new Date(guess - offsetMs(first, timeZone));
}

/** [start, end) of the local calendar day containing `now` in `timeZone`. */
export function localDayRange(now: Date, timeZone: string): { start: Date; end: Date } {
  const p = partsIn(now.getTime(), timeZone);
  return {
    start: localMidnight(p.year!, p.month!, p.day!, timeZone),
    end: localMidnight(p.year!, p.month!, p.day! + 1, timeZone),
  };
}

/** 'YYYY-MM-DD HH:mm:ss' in the zone: how the dashboard shows times. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const p = partsIn(instant.getTime(), timeZone);
  const two = (n: number | undefined) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}
