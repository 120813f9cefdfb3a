import type { ScreenMeta } from '../screen.js';
import { LEVELS, LEVEL_LABELS } from './reasons.js';

/**
 * The rate flow's screens (docs/architecture.md, "Ratings"): the level, the optional reasons
 * and the thank-you. It has no idle warning: a rating is never asked for twice, so when its
 * idle timer runs out the flow simply ends without one.
 */
export const SCREENS = {
  chooseLevel: {
    screen: 'rate-level',
    speech: `请对本次服务进行评价：${LEVELS.map((l) => LEVEL_LABELS[l]).join('、')}。不想评价，请按跳过。`,
  },
  chooseReasons: {
    screen: 'rate-reasons',
    speech: '可以选择原因，也可以不选，直接按提交评价。',
  },
  thanks: { screen: 'rate-thanks', speech: '感谢您的评价。' },
} as const satisfies Record<string, ScreenMeta<string>>;

export type RateScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type RateMeta = ScreenMeta<RateScreen>;
