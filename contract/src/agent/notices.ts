import { Type, type Static } from 'typebox';
import { closed } from '../schema.js';
import { AnnouncementSchema, EmergencyWarningSchema } from '../centre/warnings.js';

/** More than a home screen could ever list; a set this long is a mistake, not news. */
const MAX_NOTICES = 20;

/**
 * The emergency warnings and announcements a terminal shows on its home screen
 * (docs/warnings.md). In the event stream: only those active now, warnings most severe first.
 * To the development route: every item to hold, the agent keeps each until it expires.
 */
export const NoticesSchema = closed({
  warnings: Type.Array(EmergencyWarningSchema, { maxItems: MAX_NOTICES }),
  announcements: Type.Array(AnnouncementSchema, { maxItems: MAX_NOTICES }),
});
export type Notices = Static<typeof NoticesSchema>;
