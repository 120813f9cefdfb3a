import { err, ok, type Result } from '@bianmin/common';

/**
 * The caller's keys (docs/devices.md, "Counter caller keypads"): the key code is the last
 * data byte of a key frame; the confirm key (0F) acts on the digit typed before it, and
 * transfer (13) takes the digits before it as the counter to send the ticket to.
 */
const KEY_CODES = {
  'call-next': 0x0c,
  recall: 0x0d,
  'ask-rating': 0x0b,
  pause: 0x12,
  transfer: 0x13,
  confirm: 0x0f,
} as const;

/** What each digit means before the confirm key. */
const CONFIRM_DIGITS = { 0: 'hold', 3: 'call-back', 6: 'no-show' } as const;

type CallerKey = keyof typeof KEY_CODES;

/** One key press as a caller sends it: the digits typed before the key, 0-3 of them. */
export interface KeyPress {
  key: CallerKey;
  digits: number[];
}

/** What a press asks of the queue. */
export type CallerAction =
  | { action: 'call-next' }
  | { action: 'recall' }
  | { action: 'no-show' }
  | { action: 'hold' }
  | { action: 'call-back' }
  | { action: 'transfer'; toCounter: number }
  | { action: 'pause' }
  | { action: 'ask-rating' };

export type KeyRefusal =
  | { kind: 'unknown-key'; code: number }
  | { kind: 'bad-digit'; value: number }
  | { kind: 'unknown-confirm'; digits: number[] }
  | { kind: 'missing-counter' };

const KEY_BY_CODE = new Map<number, CallerKey>(
  Object.entries(KEY_CODES).map(([key, code]) => [code, key as CallerKey]),
);
const MAX_DIGIT = 9;

export function encodeKeyPress(press: KeyPress): Buffer {
  return Buffer.from([...press.digits, KEY_CODES[press.key]]);
}

export function decodeKeyPress(data: Uint8Array): Result<KeyPress, KeyRefusal> {
  const code = data[data.length - 1]!;
  const key = KEY_BY_CODE.get(code);
  if (key === undefined) return err({ kind: 'unknown-key', code });
  const digits = [...data.subarray(0, data.length - 1)];
  const bad = digits.find((d) => d > MAX_DIGIT);
  if (bad !== undefined) return err({ kind: 'bad-digit', value: bad });
  return ok({ key, digits });
}

/** The queue action a press stands for. */
export function actionOf(press: KeyPress): Result<CallerAction, KeyRefusal> {
  switch (press.key) {
    case 'call-next':
    case 'recall':
    case 'pause':
    case 'ask-rating':
      return ok({ action: press.key });
    case 'transfer': {
      if (press.digits.length === 0) return err({ kind: 'missing-counter' });
      return ok({ action: 'transfer', toCounter: Number(press.digits.join('')) });
    }
    case 'confirm': {
      const digit = press.digits.length === 1 ? press.digits[0]! : -1;
      const action = (CONFIRM_DIGITS as Record<number, 'hold' | 'call-back' | 'no-show'>)[digit];
      return action ? ok({ action }) : err({ kind: 'unknown-confirm', digits: press.digits });
    }
  }
}

/** The caller display's six digit places, 0A blank. */
const DISPLAY_PLACES = 6;
const BLANK = 0x0a;

/**
 * What a caller shows: the called ticket's digits in the left three places (its letter
 * cannot be shown on a digits-only display) and the waiting count in the right three,
 * right-aligned, 999 at most; blank where there is nothing.
 */
export interface CallerDisplay {
  ticketDigits: string | null;
  waiting: number;
}

export function encodeDisplay(display: CallerDisplay): Buffer {
  const places = Buffer.alloc(DISPLAY_PLACES, BLANK);
  const ticket = display.ticketDigits?.slice(-3) ?? '';
  ticket
    .padStart(3, ' ')
    .split('')
    .forEach((c, i) => (places[i] = c === ' ' ? BLANK : Number(c)));
  String(Math.min(display.waiting, 999))
    .padStart(3, ' ')
    .split('')
    .forEach((c, i) => (places[3 + i] = c === ' ' ? BLANK : Number(c)));
  return places;
}

/** The display as text, a space for each blank place: what the simulator shows. */
export function displayText(data: Uint8Array): string {
  return [...data].map((b) => (b <= MAX_DIGIT ? String(b) : ' ')).join('');
}
