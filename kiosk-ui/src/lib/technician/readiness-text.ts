import type { ReadinessReport } from '@bianmin/contract';

const MIB = 1024 * 1024;

/** The terminal's clock against the centre's, in words (as the printed report says it). */
export function clockText(offsetMs: number | null): string {
  if (offsetMs === null) return '未知（还没有收到中心的应答）';
  const seconds = Math.round(offsetMs / 1000);
  if (Math.abs(seconds) <= 2) return '与中心一致';
  return seconds > 0 ? `比中心慢 ${seconds} 秒` : `比中心快 ${-seconds} 秒`;
}

export function diskText(disk: ReadinessReport['disk']): string {
  if (!disk) return '读不出';
  return `剩余 ${Math.floor(disk.freeBytes / MIB)} MB / 共 ${Math.floor(disk.totalBytes / MIB)} MB`;
}
