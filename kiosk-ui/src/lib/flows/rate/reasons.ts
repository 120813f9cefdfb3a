import type { RatingLevel, RatingReason } from '../../agent/types.js';
import type { MessageKey } from '../../i18n/catalogue.js';

/** The five levels as residents read them, best first (好差评): their messages. */
export const LEVEL_LABELS = {
  'very-satisfied': 'rate.level.verySatisfied',
  satisfied: 'rate.level.satisfied',
  fair: 'rate.level.fair',
  dissatisfied: 'rate.level.dissatisfied',
  'very-dissatisfied': 'rate.level.veryDissatisfied',
} as const satisfies Record<RatingLevel, MessageKey>;

export const LEVELS = Object.keys(LEVEL_LABELS) as RatingLevel[];

export const REASON_LABELS = {
  quick: 'rate.reason.quick',
  'clear-guide': 'rate.reason.clearGuide',
  'easy-to-use': 'rate.reason.easyToUse',
  'helpful-staff': 'rate.reason.helpfulStaff',
  'long-wait': 'rate.reason.longWait',
  'hard-to-use': 'rate.reason.hardToUse',
  'text-too-small': 'rate.reason.textTooSmall',
  'unclear-guide': 'rate.reason.unclearGuide',
  'device-fault': 'rate.reason.deviceFault',
  'staff-attitude': 'rate.reason.staffAttitude',
} as const satisfies Record<RatingReason, MessageKey>;

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
