import { ok, err, type Result } from '@bianmin/common';
import {
  AUTO_STATUS,
  AUTO_STATUS_BYTES,
  PAPER_SENSOR,
  REALTIME_STATUS,
  decodeFlags,
  encodeFlags,
  hasFixedBits,
  isRealtimeStatusRequest,
  type FlagsOf,
  type RealtimeStatusRequest,
} from './status-bits.js';

/** What one `DLE EOT n` reply says, tagged with the n it answers. */
export type StatusFactsFor<N extends RealtimeStatusRequest> = N extends RealtimeStatusRequest
  ? { n: N } & FlagsOf<(typeof REALTIME_STATUS)[N]>
  : never;
/** n=1, printer status. */
type PrinterFacts = StatusFactsFor<1>;
/** n=2, offline cause status. */
type OfflineCauseFacts = StatusFactsFor<2>;
/** n=3, error cause status. */
type ErrorCauseFacts = StatusFactsFor<3>;
/** n=4, roll paper sensor status. */
type PaperFacts = StatusFactsFor<4>;
export type StatusFacts = PrinterFacts | OfflineCauseFacts | ErrorCauseFacts | PaperFacts;

export type StatusError =
  { kind: 'bad-fixed-bits'; n: number; byte: number } | { kind: 'unknown-request'; n: number };

/** Roll paper sensors as `GS r 1` reports them. */
export type PaperSensorFacts = FlagsOf<typeof PAPER_SENSOR>;

/** The four automatic status bytes, by name. */
export type AutoStatus = {
  [Name in (typeof AUTO_STATUS_BYTES)[number]]: FlagsOf<(typeof AUTO_STATUS)[Name]>;
};
export type AutoStatusError =
  | { kind: 'wrong-length'; length: number }
  | { kind: 'bad-fixed-bits'; index: number; byte: number };

/** 'garbled-reply': the printer answers, but no reply arrives intact (cable, noise, baud rate). */
type PrinterErrorKind =
  'cutter' | 'unrecoverable' | 'auto-recoverable' | 'unknown' | 'garbled-reply';

export type PrinterStatus =
  | { state: 'ready'; paperNearEnd: boolean }
  | { state: 'no-paper' }
  | { state: 'cover-open' }
  | { state: 'offline' }
  | { state: 'error'; kind: PrinterErrorKind };

/** True for a byte that can only be a `DLE EOT` reply (the fixed bits are the same for every n). */
export function isRealtimeStatusByte(byte: number): boolean {
  return hasFixedBits(REALTIME_STATUS[1], byte);
}

/** True for a `GS r 1` reply, which a `DLE EOT` reply can never be mistaken for. */
export function isPaperSensorByte(byte: number): boolean {
  return hasFixedBits(PAPER_SENSOR, byte);
}

export function decodeRealtimeStatus<N extends RealtimeStatusRequest>(
  n: N,
  byte: number,
): Result<StatusFactsFor<N>, StatusError> {
  if (!isRealtimeStatusRequest(n)) return err({ kind: 'unknown-request', n });
  const flags = decodeFlags(REALTIME_STATUS[n], byte);
  if (flags === undefined) return err({ kind: 'bad-fixed-bits', n, byte });
  return ok({ n, ...flags } as StatusFactsFor<N>);
}

export function encodeRealtimeStatus(facts: StatusFacts): number {
  return encodeFlags(REALTIME_STATUS[facts.n], facts as FlagsOf<(typeof REALTIME_STATUS)[1]>);
}

export function decodePaperSensor(byte: number): PaperSensorFacts | undefined {
  return decodeFlags(PAPER_SENSOR, byte);
}

export function encodePaperSensor(facts: PaperSensorFacts): number {
  return encodeFlags(PAPER_SENSOR, facts);
}

export function decodeAutoStatus(bytes: Uint8Array): Result<AutoStatus, AutoStatusError> {
  if (bytes.length !== AUTO_STATUS_BYTES.length) {
    return err({ kind: 'wrong-length', length: bytes.length });
  }
  const status: Record<string, unknown> = {};
  for (const [index, name] of AUTO_STATUS_BYTES.entries()) {
    const byte = bytes[index] ?? 0;
    const flags = decodeFlags(AUTO_STATUS[name], byte);
    if (flags === undefined) return err({ kind: 'bad-fixed-bits', index, byte });
    status[name] = flags;
  }
  return ok(status as AutoStatus);
}

export function encodeAutoStatus(status: AutoStatus): Uint8Array {
  return Uint8Array.from(AUTO_STATUS_BYTES, (name) =>
    encodeFlags(AUTO_STATUS[name], status[name] as FlagsOf<(typeof AUTO_STATUS)[typeof name]>),
  );
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
