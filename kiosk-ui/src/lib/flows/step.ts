import type { ScreenMeta } from './screen.js';

/**
 * The step that waits for the resident, for the flow whose header and idle timer these are
 * (./header.ts, ./idle.ts): its screen announced and its heading focused on arrival, its idle
 * timer restarted there and stopped on leaving.
 */
export const stepFor =
  <TAction>(
    header: { announceScreen: (meta: ScreenMeta<string>) => TAction },
    idle: { restartIdleTimer: TAction[]; stopIdleTimer: TAction },
  ) =>
  <TMeta extends ScreenMeta<string>>(meta: TMeta) => ({
    meta,
    entry: [header.announceScreen(meta), 'focusHeading' as const, ...idle.restartIdleTimer],
    exit: idle.stopIdleTimer,
  });
