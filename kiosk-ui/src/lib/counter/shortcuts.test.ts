import { describe, expect, it } from 'vitest';
import { refusalText } from './refusals.js';
import {
  actionForKey,
  ANSWER_STAFF_CALL_KEY,
  COUNTER_ACTIONS,
  SHORTCUTS,
  shortcutKey,
} from './shortcuts.js';

const key = (k: string, extra: Partial<Parameters<typeof actionForKey>[0]> = {}) =>
  actionForKey({ key: k, ctrlKey: false, altKey: false, metaKey: false, target: null, ...extra });

describe('counter console keys', () => {
  it('gives every action its own key, either case', () => {
    expect(new Set(Object.values(SHORTCUTS)).size).toBe(COUNTER_ACTIONS.length);
    for (const action of COUNTER_ACTIONS) {
      expect(key(SHORTCUTS[action])).toBe(action);
      expect(key(SHORTCUTS[action].toLowerCase())).toBe(action);
    }
    expect(key('q')).toBeNull();
    // 我去处理 has a key of its own, which no action takes.
    expect(key(ANSWER_STAFF_CALL_KEY)).toBeNull();
    const plain = { ctrlKey: false, altKey: false, metaKey: false, target: null };
    expect(shortcutKey({ ...plain, key: 'a' })).toBe(ANSWER_STAFF_CALL_KEY);
    expect(shortcutKey({ ...plain, key: 'a', target: { tagName: 'INPUT' } })).toBeNull();
  });

  it('leaves typing in a field and the browser shortcuts alone', () => {
    expect(key('n', { target: { tagName: 'INPUT' } })).toBeNull();
    expect(key('r', { ctrlKey: true })).toBeNull();
    expect(key('n', { target: { tagName: 'BUTTON' } })).toBe('call-next');
  });

  it('says every refusal in plain words, with the wait when there is one', () => {
    expect(refusalText('counter-paused')).toContain('恢复叫号');
    expect(refusalText('locked-out', 60)).toContain('请 60 秒后再试');
    expect(refusalText('teapot')).toContain('teapot');
    expect(refusalText('staff-call-gone')).toContain('其他窗口');
  });
});
