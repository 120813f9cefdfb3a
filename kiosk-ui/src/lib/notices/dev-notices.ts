import type { DevApi, Notices, WarningLevel } from '@bianmin/contract';
import { LEVEL_WORDS } from './strings.js';

const MINUTE = 60_000;

/** A sample warning of `level` for the development panel, expiring after `minutes`. */
export function sampleWarnings(level: WarningLevel, minutes: number, now = Date.now()): Notices {
  const title = `暴雨${LEVEL_WORDS[level]}`;
  return {
    warnings: [
      {
        id: `dev-${level}`,
        level,
        title,
        text: `气象台发布${title}信号。请减少外出，远离河道和低洼地带；需要帮助请联系社区。`,
        issuedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + minutes * MINUTE).toISOString(),
      },
    ],
    announcements: [],
  };
}

/** Replaces the terminal's notices, as the centre's configuration would. */
export async function publishNotices(notices: DevApi['/dev/notices']['body']): Promise<void> {
  await fetch('/api/v1/dev/notices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(notices),
  });
}
