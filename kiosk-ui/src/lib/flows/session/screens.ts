import { IDLE_WARNING_SCREEN } from '../idle.js';
import type { ScreenMeta } from '../screen.js';

/**
 * The screens of the session flow, one per resting state (docs/architecture.md, "Flows and
 * screens"): home, the choice of mode, the catalogue, search and the service guide. Taking a
 * ticket is the take-ticket flow's, shown while the session hands over to it.
 */
export const SCREENS = {
  home: {
    screen: 'home',
    speech: '便民自助服务。查看办事指南请按办理业务，只取号请按排队取号。',
  },
  chooseMode: {
    screen: 'choose-mode',
    speech: '请选择使用方式。长辈模式字更大，每一步的时间更长。需要语音播报，请按语音播报。',
  },
  categories: {
    screen: 'catalogue',
    speech: '请选择业务类别。也可以按拼音首字母查找业务。',
  },
  categoryServices: { screen: 'category-services', speech: '请选择要办理的业务。' },
  search: {
    screen: 'search',
    speech: '请按业务名称每个字拼音的第一个字母。例如社保卡，请按 S、B、K。',
  },
  searchResults: { screen: 'search-results', speech: '找到以下业务，请选择。' },
  // Announced with the guide's own text (announceGuidePage).
  guide: { screen: 'service-guide' },
  idleWarning: IDLE_WARNING_SCREEN,
  // The take-ticket flow's screens show while it runs; the page draws them from its snapshot.
  takeTicket: { screen: 'take-ticket' },
  // Likewise the apply flow's (申请), started from an application's guide.
  applying: { screen: 'apply' },
  // Likewise the rate flow's, after a service (好差评).
  rating: { screen: 'rate' },
} as const satisfies Record<string, ScreenMeta<string>>;

export type SessionScreen = (typeof SCREENS)[keyof typeof SCREENS]['screen'];
export type SessionMeta = ScreenMeta<SessionScreen>;
