import {
  RATING_LEVELS,
  SEVERITY_LABELS,
  RATING_LEVEL_LABELS,
  REPORTED_STATE_LABELS,
  SERVICE_USAGE_KINDS,
  USAGE_KINDS,
  USAGE_KIND_LABELS,
  type Presence,
  type RatingSummary,
  type RegionSummary,
  type TerminalDay,
  type TerminalDays,
  type TerminalStatus,
  type UsageSummary,
} from '@bianmin/contract';
import type { PageRequest, TerminalFilter } from './monitoring-store.js';

const PRESENCE_LABELS: Record<Presence, string> = {
  online: '在线',
  degraded: '设备故障',
  offline: '离线',
  unknown: '未知',
  closed: '非服务时间',
};

/**
 * RFC 4180 quoting; a cell that a spreadsheet would read as a formula (=, +, -, @ first)
 * gets a leading apostrophe, so an exported name can never run as one.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** A byte-order mark first: spreadsheet programs in China open UTF-8 CSV correctly with it. */
const BOM = '\ufeff';
const CSV_PAGE = 1000;

/** The terminal list as CSV, read page by page so no answer holds the whole list. */
export async function* terminalsCsv(
  filter: TerminalFilter,
  page: (
    filter: TerminalFilter,
    request: PageRequest,
  ) => Promise<{
    items: TerminalStatus[];
    nextCursor: string | null;
  }>,
): AsyncGenerator<string> {
  yield (
    BOM +
    line([
      '终端编号',
      '名称',
      '社区',
      '社区代码',
      '街道',
      '区县',
      '市',
      '状态',
      '状态起始',
      '最后心跳',
      '故障设备',
    ])
  );
  let cursor: string | undefined;
  do {
    const result = await page(filter, { limit: CSV_PAGE, cursor, withoutTotal: true });
    let chunk = '';
    for (const t of result.items) {
      chunk += line([
        t.terminalId,
        t.name,
        t.community?.name ?? null,
        t.community?.code ?? null,
        t.street?.name ?? null,
        t.county?.name ?? null,
        t.city?.name ?? null,
        PRESENCE_LABELS[t.presence],
        t.presenceSince,
        t.lastSeenAt,
        t.faults.map((f) => f.label).join('；'),
      ]);
    }
    if (chunk !== '') yield chunk;
    cursor = result.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

export function regionsCsv(summary: RegionSummary): string {
  const presences = Object.keys(PRESENCE_LABELS) as Presence[];
  const header = line(['地区代码', '地区', '终端数', ...presences.map((p) => PRESENCE_LABELS[p])]);
  const rows = [...summary.children, summary.total].map((row) =>
    line([row.code, row.name, row.total, ...presences.map((p) => row.presence[p])]),
  );
  return BOM + header + rows.join('');
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

/** Each unit's totals, then a row per service under it (its service columns filled). */
export function usageCsv(summary: UsageSummary): string {
  const header = line([
    '地区代码',
    '地区',
    '服务编号',
    '服务名称',
    ...USAGE_KINDS.map((k) => USAGE_KIND_LABELS[k]),
  ]);
  const rows = [...summary.children, summary.total].flatMap((row) => [
    line([row.code, row.name, '', '全部服务', ...USAGE_KINDS.map((k) => row.counts[k])]),
    ...row.services.map((s) =>
      line([
        row.code,
        row.name,
        s.serviceId,
        s.serviceName,
        ...USAGE_KINDS.map((k) =>
          (SERVICE_USAGE_KINDS as readonly string[]).includes(k)
            ? s[k as (typeof SERVICE_USAGE_KINDS)[number]]
            : null,
        ),
      ]),
    ),
  ]);
  return BOM + header + rows.join('');
}

export function ratingsCsv(summary: RatingSummary): string {
  const header = line([
    '地区代码',
    '地区',
    ...RATING_LEVELS.map((l) => RATING_LEVEL_LABELS[l]),
    '合计',
  ]);
  const rows = [...summary.children, summary.total].map((row) =>
    line([row.code, row.name, ...RATING_LEVELS.map((l) => row.levels[l]), row.total]),
  );
  return BOM + header + rows.join('');
}

/** One row per day, hours in each presence and in each state the terminal recorded. */
export function terminalDaysCsv(days: TerminalDays): string {
  const reported = Object.keys(REPORTED_STATE_LABELS) as (keyof TerminalDay['reported'])[];
  const presences = Object.keys(PRESENCE_LABELS) as Presence[];
  const header = line([
    '日期',
    ...presences.map((p) => `中心观测：${PRESENCE_LABELS[p]}（小时）`),
    ...reported.map((r) => `终端记录：${REPORTED_STATE_LABELS[r]}（小时）`),
  ]);
  const rows = days.days.map((d) =>
    line([
      d.day,
      ...presences.map((p) => hours(d.observed[p])),
      ...reported.map((r) => hours(d.reported[r])),
    ]),
  );
  return BOM + header + rows.join('');
}

export function deviceChangesCsv(days: TerminalDays): string {
  const header = line(['时间', '设备', '状态', '级别']);
  const rows = days.deviceChanges.map((c) =>
    line([c.at, c.device, c.label, SEVERITY_LABELS[c.severity]]),
  );
  return BOM + header + rows.join('');
}
