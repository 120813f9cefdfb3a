import type { EventLogger } from '@bianmin/common';
import type { AgentEvent } from '@bianmin/contract';
import type { BarcodeScanner, ScanResult } from './scanner.js';

export type ScanEvent = Extract<AgentEvent, { type: `code-${string}` }>;

export interface ScanWatcher {
  /** The kiosk's wish: true while its session is on a step that takes a code. */
  want(on: boolean): void;
  /** Whether any kiosk listens to the event stream; when the last one leaves, the wish ends. */
  setListening(listening: boolean): void;
  stop(): void;
}

/**
 * Passes scans to the kiosk only while a session wants a code and listens; a code scanned at
 * any other time (a resident trying the scanner on the home screen) is dropped, so it cannot
 * reach a later step. The text goes only into the event: the log has the symbology and the
 * length, never the code.
 */
export function createScanWatcher(options: {
  scanner: Pick<BarcodeScanner, 'onScan'>;
  onEvent: (event: ScanEvent) => void;
  logger: EventLogger;
}): ScanWatcher {
  const { logger, onEvent } = options;
  let wanted = false;
  let listening = false;
  const active = () => wanted && listening;

  function receive(scan: ScanResult): void {
    const delivered = active();
    if (scan.kind === 'scanned') {
      const { symbology, text } = scan.code;
      logger.event('device.scanner.code-scanned', { symbology, length: text.length, delivered });
      if (delivered) onEvent({ type: 'code-scanned', symbology, text });
      return;
    }
    const { reason, symbology } = scan.rejection;
    logger.event('device.scanner.code-rejected', {
      reason,
      ...(symbology && { symbology }),
      delivered,
    });
    if (delivered) onEvent({ type: 'code-rejected', reason });
  }

  function change(update: () => void): void {
    const was = active();
    update();
    if (active() !== was) logger.event('device.scanner.watch-changed', { watching: active() });
  }

  const unsubscribe = options.scanner.onScan(receive);
  return {
    want: (on) =>
      change(() => {
        wanted = on;
      }),
    setListening: (on) =>
      change(() => {
        listening = on;
        if (!on) wanted = false;
      }),
    stop: () => {
      change(() => {
        wanted = false;
      });
      unsubscribe();
    },
  };
}
