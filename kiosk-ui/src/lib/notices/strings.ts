import type { EmergencyWarning, WarningLevel } from '@bianmin/contract';

/**
 * Every resident-facing word of the home screen's notices, in one place so it can move to
 * the message catalogue as it is.
 */
export const NOTICE_STRINGS = {
  warningsLabel: '突发事件预警',
  announcementsLabel: '公告',
  readAll: '查看全文',
  previous: '上一条',
  next: '下一条',
  close: '关闭',
  /** "3 条中的第 1 条" in the full-text view. */
  position: (at: number, of: number) => `第 ${at} 条，共 ${of} 条`,
  /** The row for warnings not shown on the home screen, by their levels. */
  more: (levels: readonly string[]) => `另有 ${levels.length} 条预警：${levels.join('、')}`,
} as const;

/** The level in words, so it never rests on colour alone (docs/warnings.md). */
export const LEVEL_WORDS: Record<WarningLevel, string> = {
  blue: '蓝色预警',
  yellow: '黄色预警',
  orange: '橙色预警',
  red: '红色预警',
};

/** What is read aloud for these warnings, most severe first as given. */
export function warningSpeech(warnings: readonly EmergencyWarning[]): string {
  const each = warnings.map((w) => `${LEVEL_WORDS[w.level]}。${w.title}。${w.text}`);
  return `${NOTICE_STRINGS.warningsLabel}。${each.join('。')}`;
}
