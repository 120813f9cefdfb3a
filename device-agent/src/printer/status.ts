import { ok, err, type Result } from '@bianmin/common';
import type { RealtimeStatusRequest } from './escpos.js';

/** n=1, printer status. */
export interface PrinterFacts {
  n: 1;
  /** Also set by real printers while the cover is open or the paper is out. */
  offline: boolean;
}
/** n=2, offline cause status. */
export interface OfflineCauseFacts {
  n: 2;
  coverOpen: boolean;
  feedButton: boolean;
  paperEndStop: boolean;
  error: boolean;
}
/** n=3, error cause status. */
export interface ErrorCauseFacts {
  n: 3;
  cutterError: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
}
/** n=4, roll paper sensor status. */
export interface PaperFacts {
  n: 4;
  paperNearEnd: boolean;
  paperEnd: boolean;
}

export type StatusFacts = PrinterFacts | OfflineCauseFacts | ErrorCauseFacts | PaperFacts;
export type StatusFactsFor<N extends RealtimeStatusRequest> = Extract<StatusFacts, { n: N }>;

export type StatusError =
  { kind: 'bad-fixed-bits'; n: number; byte: number } | { kind: 'unknown-request'; n: number };

export type PrinterErrorKind = 'cutter' | 'unrecoverable' | 'auto-recoverable' | 'unknown';

export type PrinterStatus =
  | { state: 'ready'; paperNearEnd: boolean }
  | { state: 'no-paper' }
  | { state: 'cover-open' }
  | { state: 'offline' }
  | { state: 'error'; kind: PrinterErrorKind };

/**
 * A `DLE EOT` reply has bits 1 and 4 set and bits 0 and 7 clear. Automatic status back
 * bytes never match: the first has bit 1 clear, the other three have bit 4 clear.
 */
export function isRealtimeStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

const bit = (byte: number, n: number): boolean => (byte & (1 << n)) !== 0;

export function decodeRealtimeStatus<N extends RealtimeStatusRequest>(
  n: N,
  byte: number,
): Result<StatusFactsFor<N>, StatusError> {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff || !isRealtimeStatusByte(byte)) {
    return err({ kind: 'bad-fixed-bits', n, byte });
  }
  let facts: StatusFacts;
  switch (n as RealtimeStatusRequest) {
    case 1:
      facts = { n: 1, offline: bit(byte, 3) };
      break;
    case 2:
      facts = {
        n: 2,
        coverOpen: bit(byte, 2),
        feedButton: bit(byte, 3),
        paperEndStop: bit(byte, 5),
        error: bit(byte, 6),
      };
      break;
    case 3:
      facts = {
        n: 3,
        cutterError: bit(byte, 3),
        unrecoverable: bit(byte, 5),
        autoRecoverable: bit(byte, 6),
      };
      break;
    case 4:
      facts = {
        n: 4,
        paperNearEnd: (byte & 0x0c) !== 0,
        paperEnd: (byte & 0x60) !== 0,
      };
      break;
    default:
      return err({ kind: 'unknown-request', n });
  }
  return ok(facts as StatusFactsFor<N>);
}

export interface StatusReadings {
  printer: PrinterFacts;
  offlineCause: OfflineCauseFacts;
  paper: PaperFacts;
  /** Only worth asking for when `offlineCause.error` is set. */
  errorCause?: ErrorCauseFacts;
}

/**
 * Folds the replies into one state. An unreachable printer is 'offline' before any of this
 * (the driver decides that). Among the replies, the named causes go first because real
 * printers also raise the n=1 offline bit when the cover is open or the paper is out;
 * testing that bit first would hide the cause a resident or clerk can fix. Order: cover
 * open (paper cannot be judged with it open), no paper, error, then a bare offline bit.
 */
export function combineStatus(readings: StatusReadings): PrinterStatus {
  const { printer, offlineCause, paper, errorCause } = readings;
  if (offlineCause.coverOpen) return { state: 'cover-open' };
  if (paper.paperEnd || offlineCause.paperEndStop) return { state: 'no-paper' };
  if (offlineCause.error) return { state: 'error', kind: errorKind(errorCause) };
  if (printer.offline) return { state: 'offline' };
  return { state: 'ready', paperNearEnd: paper.paperNearEnd };
}

function errorKind(cause: ErrorCauseFacts | undefined): PrinterErrorKind {
  if (cause === undefined) return 'unknown';
  if (cause.cutterError) return 'cutter';
  if (cause.unrecoverable) return 'unrecoverable';
  if (cause.autoRecoverable) return 'auto-recoverable';
  return 'unknown';
}
