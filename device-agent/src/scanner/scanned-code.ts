import { ok, err, type Result } from '@bianmin/common';
import {
  SCANNED_CODE_MAX_CHARS,
  type CodeRejectedReason,
  type ScannerSymbology,
} from '@bianmin/contract';
import { decodeAim, type ScannedText } from './aim.js';

/**
 * Control, format (e.g. bidirectional overrides, zero-width characters), private-use,
 * unassigned and line/paragraph separator characters. Letters of every script, CJK included,
 * are allowed: appointment codes and 电子社保卡 payloads may carry Chinese text, and the
 * kiosk shows the text as text, so a Han character is as harmless as a digit.
 */
const NOT_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

export type CodeRejection = { reason: CodeRejectedReason; symbology?: ScannerSymbology };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * One scanner line as a code the kiosk may receive, or why not. The agent's boundary: no
 * text leaves the agent that failed these checks.
 */
export function scannedCode(line: Uint8Array): Result<ScannedText, CodeRejection> {
  let decoded: string;
  try {
    decoded = utf8.decode(line);
  } catch {
    return err({ reason: 'not-utf8' });
  }
  const { symbology, text } = decodeAim(decoded);
  const rejected = checkText(text);
  return rejected ? err({ reason: rejected, symbology }) : ok({ symbology, text });
}

function checkText(text: string): CodeRejectedReason | null {
  if (text.length === 0) return 'empty';
  // UTF-16 units, as the browser counts: never fewer than code points, so the contract holds.
  if (text.length > SCANNED_CODE_MAX_CHARS) return 'too-long';
  if (NOT_PRINTABLE.test(text)) return 'control-character';
  return null;
}
