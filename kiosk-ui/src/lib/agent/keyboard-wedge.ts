import { scannedTextRejection, SCANNED_CODE_MAX_CHARS } from '@bianmin/contract/scanned-text';
import type { AgentEvent } from './types.js';

/**
 * Keyboard-wedge scanners (docs/architecture.md, "Flows and screens") type a code into whatever has focus, as fast
 * keystrokes ending in Enter. This module reads them at the document, tells a scanner's burst
 * from a person typing by the time between keys, keeps the burst out of any focused field, and
 * hands the code on as the agent's own `code-scanned` / `code-rejected` events, checked by the
 * same rule (`@bianmin/contract/scanned-text`). The text is never logged or kept: it lives in
 * the buffer until the burst ends.
 */
export type WedgeEvent = Extract<AgentEvent, { type: 'code-scanned' | 'code-rejected' }>;

export interface WedgeTiming {
  /** Keys closer together than this belong to one burst; people type slower. */
  maxGapMs: number;
  /** A burst shorter than this before Enter is a person's typing, not a scan. */
  minLength: number;
  /**
   * How long held keys wait for the next one before they are given back (or a burst without
   * Enter dropped). Longer than `maxGapMs`, so a timer that a busy page runs late never splits
   * a burst: the keys' own times decide what is a burst, this only ends the wait.
   */
  releaseAfterMs: number;
}

/**
 * USB wedge scanners type a key every 1-10 ms, Bluetooth ones up to about 30 ms, and a busy
 * kiosk board stamps keys a little late; nobody types 4 keys and Enter 50 ms apart.
 */
export const WEDGE_DEFAULTS: WedgeTiming = { maxGapMs: 50, minLength: 4, releaseAfterMs: 150 };

/** What to do with a key, and with the keys held before it. */
export type BurstVerdict =
  /** The key may belong to a burst: keep it back; `started` when it begins a new one. */
  | { kind: 'hold'; started: boolean; release?: string }
  /** Enter ended a burst: the code, already checked. */
  | { kind: 'scan'; event: WedgeEvent }
  /** Not a burst: give `release` (the keys held back) to the page, then this key. */
  | { kind: 'pass'; release?: string };

/** When the held keys go stale: a person's few keys are given back, a burst without Enter is dropped. */
export type StaleVerdict = { kind: 'release'; text: string } | { kind: 'drop' } | { kind: 'none' };

/**
 * The burst detector, pure: keys in (a character, or a named key such as 'Enter', with its time
 * in ms), verdicts out. Every key of a burst is within `maxGapMs` of the one before.
 */
export function createBurstDetector(timing: Pick<WedgeTiming, 'maxGapMs' | 'minLength'>) {
  let held = '';
  let last = -Infinity;

  const take = (): string | undefined => {
    const text = held;
    held = '';
    return text === '' ? undefined : text;
  };

  return {
    key(key: string, at: number): BurstVerdict {
      const inBurst = held !== '' && at - last <= timing.maxGapMs;
      last = at;
      if (key === 'Enter') {
        if (inBurst && held.length >= timing.minLength) {
          const text = take()!;
          const reason = scannedTextRejection(text);
          return {
            kind: 'scan',
            event: reason
              ? { type: 'code-rejected', reason }
              : { type: 'code-scanned', symbology: 'unknown', text },
          };
        }
        return { kind: 'pass', release: take() };
      }
      if ([...key].length !== 1) return { kind: 'pass', release: take() };
      const release = inBurst ? undefined : take();
      // One past the limit is enough to know it is too long; the rest need not be kept.
      if (held.length <= SCANNED_CODE_MAX_CHARS) held += key;
      return { kind: 'hold', started: !inBurst, release };
    },

    /** The wait for the next key is over. */
    stale(): StaleVerdict {
      if (held === '') return { kind: 'none' };
      const text = take()!;
      return text.length >= timing.minLength ? { kind: 'drop' } : { kind: 'release', text };
    },
  };
}

/** The part of a KeyboardEvent the listener reads. */
export interface WedgeKeyEvent {
  key: string;
  timeStamp: number;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
  preventDefault(): void;
  stopImmediatePropagation(): void;
}

export interface WedgeListenerOptions {
  onEvent: (event: WedgeEvent) => void;
  timing?: Partial<WedgeTiming>;
  /** Whether a text field has focus, so held keys are kept out of it and given back later. */
  editing?: () => boolean;
  /** Types keys that were held back and turned out to be a person's into the focused field. */
  typeIntoFocus?: (text: string) => void;
}

interface KeyTarget {
  addEventListener(type: 'keydown', listener: (event: WedgeKeyEvent) => void, capture: true): void;
  removeEventListener(
    type: 'keydown',
    listener: (event: WedgeKeyEvent) => void,
    capture: true,
  ): void;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock']);

const focusedField = (): boolean => {
  const active = document.activeElement;
  return (
    active instanceof HTMLTextAreaElement ||
    (active instanceof HTMLInputElement && active.type !== 'button') ||
    (active instanceof HTMLElement && active.isContentEditable)
  );
};

// The one browser command that types into inputs and editable elements alike, with their
// usual `input` events, so bound values update as for a real key.
const insertText = (text: string) => void document.execCommand('insertText', false, text);

/**
 * Listens at `target` (the document) before anything else sees the keys: a scanner's burst
 * never reaches a focused field or a focused button (its Enter would press it). Where no field
 * has focus, a key is let through as it comes (it does nothing there) and only the Enter that
 * ends a burst is kept back. Returns a function that stops listening.
 */
export function listenForWedgeScans(target: KeyTarget, options: WedgeListenerOptions): () => void {
  const timing = { ...WEDGE_DEFAULTS, ...options.timing };
  const detector = createBurstDetector(timing);
  const editing = options.editing ?? focusedField;
  const typeIntoFocus = options.typeIntoFocus ?? insertText;
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  let holdingBack = false;

  const giveBack = (text: string | undefined) => {
    if (text !== undefined && holdingBack) typeIntoFocus(text);
  };

  const onStale = () => {
    const verdict = detector.stale();
    if (verdict.kind === 'release') giveBack(verdict.text);
    holdingBack = false;
  };

  const onKey = (event: WedgeKeyEvent) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    if (MODIFIERS.has(event.key)) return;
    clearTimeout(staleTimer);
    const verdict = detector.key(event.key, event.timeStamp);
    if (verdict.kind === 'scan') {
      holdingBack = false;
      event.preventDefault();
      event.stopImmediatePropagation();
      options.onEvent(verdict.event);
      return;
    }
    giveBack(verdict.release);
    if (verdict.kind === 'pass') {
      holdingBack = false;
      return;
    }
    if (verdict.started) holdingBack = editing();
    if (holdingBack) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    staleTimer = setTimeout(onStale, timing.releaseAfterMs);
  };

  target.addEventListener('keydown', onKey, true);
  return () => {
    clearTimeout(staleTimer);
    target.removeEventListener('keydown', onKey, true);
  };
}
