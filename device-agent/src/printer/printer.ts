import { ok, err, type Result } from '@bianmin/common';
import {
  describeTransportError,
  exchange,
  PortLock,
  type ByteTransport,
  type TransportError,
} from '../transport/index.js';
import { bufferedPaperStatusRequest, statusRequest } from './escpos.js';
import type { RealtimeStatusRequest } from './status-bits.js';
import {
  combineStatus,
  decodePaperSensor,
  decodeRealtimeStatus,
  isPaperSensorByte,
  isRealtimeStatusByte,
  type PrinterStatus,
  type StatusFactsFor,
} from './status.js';

export type PrintError =
  | { kind: 'not-ready'; status: PrinterStatus }
  /** The job was sent but the printer was not ready afterwards: assume it did not print. */
  | { kind: 'failed-during-print'; status: PrinterStatus }
  /**
   * The job was sent and the printer is ready, but it never answered the `GS r 1` queued
   * behind the job: it may have stopped in the job (paper out, cover opened) and been put
   * right meanwhile, dropping or keeping the rest. Assume it did not print; a reprint is up to
   * the resident.
   */
  | { kind: 'unconfirmed' }
  /** Nothing was printed: the printer could not be reached before the job. */
  | { kind: 'offline'; detail: string };

/**
 * The word a failed print is reported by (kiosk, centre, log): the printer state that stopped
 * it, else the kind, `offline` or `unconfirmed`.
 */
export const printFailureReason = (error: PrintError): string =>
  'status' in error ? error.status.state : error.kind;

export interface ReceiptPrinterOptions {
  /** Wait for each status byte; default 500 ms. */
  statusTimeoutMs?: number;
  /**
   * Wait for the printer to work through a job (the `GS r 1` reply queued behind it) before
   * the after-check; default 10 s. A job unanswered by then is not reported as printed.
   */
  printTimeoutMs?: number;
  /**
   * Queue `GS r 1` behind each job; default true. Real-time status overtakes buffered print
   * data, so without this barrier the after-check can run before the printer has even
   * reached the job. Turn off only for a model that does not implement `GS r`.
   */
  confirmWithBufferedStatus?: boolean;
}

const OFFLINE: PrinterStatus = { state: 'offline' };
const GARBLED = { state: 'error', kind: 'garbled-reply' } as const satisfies PrinterStatus;

/** For `exchange`: the first byte of the kind asked for; other bytes on the line are dropped. */
const firstByte =
  (isWanted: (byte: number) => boolean) =>
  (chunk: Buffer): number | undefined =>
    chunk.find(isWanted);

/**
 * Driver for an ESC/POS receipt printer with Chinese (GB18030) mode, written against
 * Epson-compatible 58 and 80 mm thermal printers sold in China (the status bits of
 * `status-bits.ts` and the commands of `escpos-commands.ts`). Any transport error closes the
 * port, so the next call opens it afresh: reconnecting after a pulled cable needs no special
 * path.
 */
export class ReceiptPrinter {
  readonly #transport: ByteTransport;
  readonly #statusTimeoutMs: number;
  readonly #printTimeoutMs: number;
  readonly #confirm: boolean;
  readonly #lock = new PortLock();

  constructor(transport: ByteTransport, options: ReceiptPrinterOptions = {}) {
    this.#transport = transport;
    this.#statusTimeoutMs = options.statusTimeoutMs ?? 500;
    this.#printTimeoutMs = options.printTimeoutMs ?? 10_000;
    this.#confirm = options.confirmWithBufferedStatus ?? true;
  }

  /** Never fails: an unreachable printer is `{ state: 'offline' }`. */
  status(): Promise<PrinterStatus> {
    return this.#lock.run(async () => {
      const reading = await this.#read();
      return reading.ok ? reading.value : OFFLINE;
    });
  }

  /**
   * Prints only on a ready printer and reports success only if the printer is still ready
   * after the job and, with the barrier on, confirmed working through it: a failure that goes
   * unnoticed would tell a resident to wait for a ticket that never came out.
   */
  print(job: Uint8Array): Promise<Result<{ status: PrinterStatus }, PrintError>> {
    return this.#lock.run(async () => {
      const before = await this.#read();
      if (!before.ok) return err({ kind: 'offline', detail: before.error });
      if (before.value.state !== 'ready') return err({ kind: 'not-ready', status: before.value });

      const sent = await this.#send(job);
      if (!sent.ok) return err({ kind: 'failed-during-print', status: OFFLINE });

      const after = await this.#read();
      if (!after.ok) return err({ kind: 'failed-during-print', status: OFFLINE });
      if (after.value.state !== 'ready') {
        return err({ kind: 'failed-during-print', status: after.value });
      }
      if (sent.value === 'paper-end') {
        return err({ kind: 'failed-during-print', status: { state: 'no-paper' } });
      }
      if (sent.value === 'unconfirmed') return err({ kind: 'unconfirmed' });
      return ok({ status: after.value });
    });
  }

  close(): Promise<void> {
    return this.#lock.run(() => this.#transport.close());
  }

  /**
   * Writes the job, then (if enabled) waits for the queued `GS r 1` reply. A timeout is not a
   * transport error here: a printer that stopped for paper never answers it, and the
   * after-check says why if it is still stopped. `written`: no barrier, so only the
   * after-check can tell.
   */
  async #send(
    job: Uint8Array,
  ): Promise<Result<'done' | 'paper-end' | 'unconfirmed' | 'written', string>> {
    if (!this.#confirm) {
      const written = await this.#transport.write(job);
      if (!written.ok) return this.#fail(written.error);
      return ok('written');
    }
    const barrier = bufferedPaperStatusRequest();
    const request = new Uint8Array(job.length + barrier.length);
    request.set(job, 0);
    request.set(barrier, job.length);
    const reply = await exchange(
      this.#transport,
      request,
      firstByte(isPaperSensorByte),
      this.#printTimeoutMs,
    );
    if (!reply.ok) {
      if (reply.error.kind === 'timeout') return ok('unconfirmed');
      return this.#fail(reply.error);
    }
    return ok(decodePaperSensor(reply.value)?.paperEnd ? 'paper-end' : 'done');
  }

  /**
   * One status reading; an error means the printer could not be reached. A printer whose
   * replies arrive garbled is reached but unreadable: an error state, so staff are told the
   * printer is faulty rather than switched off.
   */
  async #read(): Promise<Result<PrinterStatus, string>> {
    if (!this.#transport.isOpen) {
      const opened = await this.#transport.open();
      if (!opened.ok) return this.#fail(opened.error);
    }
    const replies = await this.#queryAll();
    if (replies.ok) return replies;
    if (typeof replies.error === 'string') return err(replies.error);
    // Reopening drops whatever of the garbled replies is still on its way.
    await this.#transport.close();
    return ok(GARBLED);
  }

  async #queryAll(): Promise<Result<PrinterStatus, string | typeof GARBLED>> {
    const printer = await this.#query(1);
    if (!printer.ok) return printer;
    const offlineCause = await this.#query(2);
    if (!offlineCause.ok) return offlineCause;
    const paper = await this.#query(4);
    if (!paper.ok) return paper;
    // The error cause is only worth a round trip when there is an error to explain.
    let errorCause: StatusFactsFor<3> | undefined;
    if (offlineCause.value.error) {
      const cause = await this.#query(3);
      if (!cause.ok) return cause;
      errorCause = cause.value;
    }
    return ok(
      combineStatus({
        printer: printer.value,
        offlineCause: offlineCause.value,
        paper: paper.value,
        errorCause,
      }),
    );
  }

  async #query<N extends RealtimeStatusRequest>(
    n: N,
  ): Promise<Result<StatusFactsFor<N>, string | typeof GARBLED>> {
    let otherBytes = 0;
    const statusByte = firstByte(isRealtimeStatusByte);
    const reply = await exchange(
      this.#transport,
      statusRequest(n),
      (chunk) => {
        const byte = statusByte(chunk);
        if (byte === undefined) otherBytes += chunk.length;
        return byte;
      },
      this.#statusTimeoutMs,
    );
    if (!reply.ok) {
      // Bytes came but none a status byte can be: the printer answers, the line garbles it.
      if (reply.error.kind === 'timeout' && otherBytes > 0) return err(GARBLED);
      return this.#fail(reply.error);
    }
    const facts = decodeRealtimeStatus(n, reply.value);
    return facts.ok ? facts : err(GARBLED);
  }

  async #fail(error: TransportError): Promise<Result<never, string>> {
    await this.#transport.close();
    return err(describeTransportError(error, 'status reply'));
  }
}
