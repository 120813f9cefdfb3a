/** What counter staff can do, each with one key (docs/counter.md). */
export const COUNTER_ACTIONS = [
  'call-next',
  'recall',
  'start',
  'done',
  'no-show',
  'hold',
  'transfer',
  'ask-rating',
  'pause',
] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number];

/** One letter per action, shown on its button; plain keys, as staff type with one hand. */
export const SHORTCUTS: Record<CounterAction, string> = {
  'call-next': 'N',
  recall: 'R',
  start: 'S',
  done: 'D',
  'no-show': 'X',
  hold: 'H',
  transfer: 'T',
  'ask-rating': 'E',
  pause: 'P',
};

/** 我去处理: answers the oldest call for staff from the kiosk, while one is shown. */
export const ANSWER_STAFF_CALL_KEY = 'A';

const BY_KEY = new Map(COUNTER_ACTIONS.map((action) => [SHORTCUTS[action], action]));
const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: { tagName?: string } | null;
}

/**
 * The key as a shortcut (upper case), or null: never while typing in a field, and never with a
 * modifier (so the browser's own shortcuts keep working).
 */
export function shortcutKey(event: KeyPress): string | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (FIELDS.has(event.target?.tagName ?? '')) return null;
  return event.key.toUpperCase();
}

/** The action a key press asks for, or null. */
export function actionForKey(event: KeyPress): CounterAction | null {
  const key = shortcutKey(event);
  return key === null ? null : (BY_KEY.get(key) ?? null);
}
