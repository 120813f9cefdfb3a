import type { RatingLevel, RatingReason } from '../../agent/types.js';

/** The five levels as residents read them, best first (好差评). */
export const LEVEL_LABELS = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  fair: '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
} as const satisfies Record<RatingLevel, string>;

export const LEVELS = Object.keys(LEVEL_LABELS) as RatingLevel[];

export const REASON_LABELS = {
  quick: '方便快捷',
  'clear-guide': '指引清楚',
  'easy-to-use': '操作简单',
  'helpful-staff': '工作人员热情',
  'long-wait': '等待太久',
  'hard-to-use': '操作太难',
  'text-too-small': '字太小',
  'unclear-guide': '指引不清楚',
  'device-fault': '设备故障',
  'staff-attitude': '工作人员态度',
} as const satisfies Record<RatingReason, string>;

const PRAISE: RatingReason[] = ['quick', 'clear-guide', 'easy-to-use', 'helpful-staff'];
const COMPLAINTS: RatingReason[] = [
  'long-wait',
  'hard-to-use',
  'text-too-small',
  'unclear-guide',
  'device-fault',
  'staff-attitude',
];

/** The chips offered after a level: what went well for the top two, what did not otherwise. */
export function reasonsFor(level: RatingLevel): RatingReason[] {
  return level === 'very-satisfied' || level === 'satisfied' ? PRAISE : COMPLAINTS;
}
