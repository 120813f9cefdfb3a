import { REPORTED_STATE_LABELS, type Presence, type TerminalDay } from '@bianmin/contract';
import { PRESENCE_LABELS } from './labels';

type Reported = keyof TerminalDay['reported'];

/** Bottom to top in a bar: serving first, so days compare at a glance. */
export const OBSERVED_ORDER: Presence[] = ['online', 'degraded', 'offline', 'closed', 'unknown'];
export const REPORTED_ORDER: Reported[] = ['inService', 'deviceFault', 'off', 'closed', 'none'];

export const hours = (seconds: number) => (seconds / 3600).toFixed(1);

/** The day in words: every state with time in it, so nothing rests on colour. */
export function observedText(day: TerminalDay): string {
  const parts = OBSERVED_ORDER.filter((p) => day.observed[p] > 0).map(
    (p) => `${PRESENCE_LABELS[p]} ${hours(day.observed[p])} 小时`,
  );
  return `${day.day} 中心观测：${parts.join('，') || '尚未开始'}`;
}

export function reportedText(day: TerminalDay): string {
  const parts = REPORTED_ORDER.filter((r) => day.reported[r] > 0).map(
    (r) => `${REPORTED_STATE_LABELS[r]} ${hours(day.reported[r])} 小时`,
  );
  return `${day.day} 终端记录：${parts.join('，') || '尚未开始'}`;
}

/** A segment's share of a whole day, in percent of the bar's height. */
export const share = (seconds: number) => `${Math.min(100, (seconds / 86_400) * 100)}%`;
