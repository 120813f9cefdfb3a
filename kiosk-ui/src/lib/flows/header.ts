import { TEXT_SCALES } from '../screen-profile.js';

/**
 * The header is the same on every screen of every flow (WCAG 3.2.6): read-aloud, text size and
 * call staff. Its taps are events of the flow machine, so they count as activity for the idle
 * timer, and what they set lives in the machine's context, reset on every way home.
 */
export type HeaderEvent =
  | { type: 'TOGGLE_READ_ALOUD' }
  | { type: 'NEXT_TEXT_SIZE' }
  | { type: 'CALL_STAFF' }
  /** How the provided `callStaff` action's request went. */
  | { type: 'STAFF_CALL_ANSWERED'; sent: boolean };

export type StaffNotice = 'none' | 'sent' | 'failed';

export interface HeaderContext {
  readAloud: boolean;
  /** Index into TEXT_SCALES. */
  textScale: number;
  staffNotice: StaffNotice;
  /** A staff call is on its way or was sent within the window: another tap is the same call. */
  staffCallOpen: boolean;
}

/** What a new resident starts with: the defaults, restored after every session. */
export const HEADER_DEFAULTS = {
  readAloud: false,
  textScale: 0,
  staffNotice: 'none',
  staffCallOpen: false,
} as const satisfies HeaderContext;

/** Repeated staff calls within this window are one call. */
export const STAFF_CALL_WINDOW_MS = 30_000;

/** Said when read-aloud is switched on where the screen has no text of its own. */
export const READ_ALOUD_ON = '朗读已打开。';

export const nextTextScale = (textScale: number): number => (textScale + 1) % TEXT_SCALES.length;
