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

const BY_KEY = new Map(COUNTER_ACTIONS.map((action) => [SHORTCUTS[action], action]));
const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/**
 * The action a key press asks for, or null: never while typing in a field, and never with a
 * modifier (so the browser's own shortcuts keep working).
 */
export function actionForKey(event: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: { tagName?: string } | null;
}): CounterAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (FIELDS.has(event.target?.tagName ?? '')) return null;
  return BY_KEY.get(event.key.toUpperCase()) ?? null;
}
