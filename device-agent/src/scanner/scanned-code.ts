import { ok, err, type Result } from '@bianmin/common';
import {
  scannedTextRejection,
  type CodeRejectedReason,
  type ScannerSymbology,
} from '@bianmin/contract';
import { decodeAim, type ScannedText } from './aim.js';

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
  const rejected = scannedTextRejection(text);
  return rejected ? err({ reason: rejected, symbology }) : ok({ symbology, text });
}
