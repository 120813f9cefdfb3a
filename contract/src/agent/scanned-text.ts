import type { CodeRejectedReason } from './events.js';

/**
 * The one rule for a scanned code's text, checked before any code reaches a flow: by the agent
 * for serial and HID scanners, and by the kiosk for keyboard-wedge scanners, which type into
 * the page. Plain code with no schema library, so the kiosk's bundle may import it
 * (`@bianmin/contract/scanned-text`).
 */

/** A scanned code's limit, in UTF-16 units as the browser counts (never fewer than code points). */
export const SCANNED_CODE_MAX_CHARS = 2048;

/**
 * Control, format (e.g. bidirectional overrides, zero-width characters), private-use,
 * unassigned and line/paragraph separator characters. Letters of every script, CJK included,
 * are allowed: appointment codes and 电子社保卡 payloads may carry Chinese text, and the
 * kiosk shows the text as text, so a Han character is as harmless as a digit.
 */
const NOT_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** Why a decoded code's text may not be delivered, or null when it may. */
export function scannedTextRejection(
  text: string,
): Extract<CodeRejectedReason, 'empty' | 'too-long' | 'control-character'> | null {
  if (text.length === 0) return 'empty';
  if (text.length > SCANNED_CODE_MAX_CHARS) return 'too-long';
  if (NOT_PRINTABLE.test(text)) return 'control-character';
  return null;
}
