import type { ByteTransport } from '../transport/index.js';
import { ReceiptAssembler } from './assembler.js';
import type { DecodedReceipt } from './receipt.js';
import { EscPosTokenizer, type EscPosToken } from './tokenizer.js';

export type SimulatedPrinterError = 'none' | 'cutter' | 'unrecoverable' | 'auto-recoverable';

export interface SimulatedPrinterCondition {
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  /** Switched off or cable out: the simulator neither prints nor answers. */
  offline: boolean;
  /** A printer fault, reported through n=2 bit 6 and the n=3 cause bits. */
  error: SimulatedPrinterError;
}

export type SimulatedReceipt = DecodedReceipt & { printedAt: string };

export interface ReceiptPrinterSimulatorOptions {
  /** How many receipts to remember, newest last; default 20. */
  keepReceipts?: number;
  /** Clock for `printedAt`; tests pass a fixed one. */
  now?: () => Date;
}

const FIXED_BITS = 0x12;
/** Rough paper use of one QR code, in text lines, for `setPaperRemaining`. */
const QR_LINES = 8;
/** Lines left at which the simulated near-end sensor trips. */
const NEAR_END_LINES = 10;
const MAX_PROBLEMS = 50;

/**
 * A receipt printer at the far end of a byte transport, speaking ESC/POS as the driver's
 * printer would: it decodes what it is sent into receipts and answers status requests from
 * its condition, for development, the dev panel and integration tests.
 *
 * Like a real printer, it answers `DLE EOT` as soon as the request is read, wherever it
 * falls between commands, and it raises the n=1 offline bit while the cover is open or the
 * paper is out. While it cannot print (paper out, cover open, error, offline) it throws print
 * data away and the receipt it was printing is lost, so a job sent then never shows up as
 * printed. 'offline' models a printer that is switched off: it does not answer at all, so
 * the driver sees the timeout it would see in the field rather than a polite status byte.
 */
export class ReceiptPrinterSimulator {
  readonly #transport: ByteTransport;
  readonly #keep: number;
  readonly #now: () => Date;
  #tokenizer = new EscPosTokenizer();
  #assembler = new ReceiptAssembler();
  #condition: SimulatedPrinterCondition = {
    paper: 'ok',
    coverOpen: false,
    offline: false,
    error: 'none',
  };
  #receipts: SimulatedReceipt[] = [];
  #listeners = new Set<(receipt: SimulatedReceipt) => void>();
  #problems: string[] = [];
  #paperRemaining: number | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(transport: ByteTransport, options: ReceiptPrinterSimulatorOptions = {}) {
    this.#transport = transport;
    this.#keep = Math.max(1, Math.floor(options.keepReceipts ?? 20));
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Opens the device end and starts listening. If the port cannot be opened the simulator
   * stays stopped (see `running`); the driver then sees an unreachable printer.
   */
  async start(): Promise<void> {
    if (this.#unsubscribe) return;
    if (!this.#transport.isOpen) {
      const opened = await this.#transport.open();
      if (!opened.ok) return;
    }
    this.#unsubscribe = this.#transport.onData((chunk) => this.#receive(chunk));
  }

  get running(): boolean {
    return this.#unsubscribe !== undefined;
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await this.#transport.close();
  }

  setCondition(change: Partial<SimulatedPrinterCondition>): void {
    this.#condition = { ...this.#condition, ...change };
    if (change.paper !== undefined) this.#paperRemaining = undefined;
    if (!this.#canPrint()) this.#assembler.abandonReceipt();
  }

  get condition(): Readonly<SimulatedPrinterCondition> {
    return { ...this.#condition };
  }

  /**
   * Makes the roll run out after about this many more printed lines (a QR code counts as
   * several), to test a job that fails half way; `undefined` means an endless roll.
   */
  setPaperRemaining(lines: number | undefined): void {
    this.#paperRemaining = lines;
    if (lines !== undefined) this.#usePaper(0);
  }

  get receipts(): readonly SimulatedReceipt[] {
    return this.#receipts;
  }

  clearReceipts(): void {
    this.#receipts = [];
  }

  /** Decoding problems seen in what was sent, newest last (at most 50). */
  get problems(): readonly string[] {
    return this.#problems;
  }

  /** Returns a function that removes the listener. */
  onReceipt(listener: (receipt: SimulatedReceipt) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #canPrint(): boolean {
    const c = this.#condition;
    return !c.offline && !c.coverOpen && c.paper !== 'out' && c.error === 'none';
  }

  #receive(chunk: Buffer): void {
    for (const token of this.#tokenizer.push(chunk)) this.#handle(token);
  }

  #handle(token: EscPosToken): void {
    if (this.#condition.offline) return;
    if (token.type === 'realtime-status') {
      this.#reply(this.#realtimeStatus(token.n));
      return;
    }
    // Everything else waits its turn in the print buffer, which a stopped printer never
    // reaches: a sent job is simply gone.
    if (!this.#canPrint()) return;
    if (token.type === 'transmit-status') {
      if (token.n === 1 || token.n === 0x31) this.#reply(this.#paperSensorStatus());
      return;
    }
    const receipt = this.#assembler.apply(token);
    this.#problems.push(...this.#assembler.takeProblems());
    if (this.#problems.length > MAX_PROBLEMS)
      this.#problems.splice(0, this.#problems.length - MAX_PROBLEMS);
    if (receipt) this.#record(receipt);
    if (token.type === 'newline') this.#usePaper(1);
    else if (token.type === 'feed') this.#usePaper(token.lines);
    else if (token.type === 'qr-print') this.#usePaper(QR_LINES);
  }

  #usePaper(lines: number): void {
    if (this.#paperRemaining === undefined) return;
    this.#paperRemaining = Math.max(0, this.#paperRemaining - lines);
    if (this.#paperRemaining === 0) {
      this.#condition.paper = 'out';
      this.#assembler.abandonReceipt();
    } else if (this.#paperRemaining <= NEAR_END_LINES && this.#condition.paper === 'ok') {
      this.#condition.paper = 'near-end';
    }
  }

  #record(receipt: DecodedReceipt): void {
    const printed: SimulatedReceipt = { ...receipt, printedAt: this.#now().toISOString() };
    this.#receipts.push(printed);
    if (this.#receipts.length > this.#keep)
      this.#receipts.splice(0, this.#receipts.length - this.#keep);
    for (const listener of this.#listeners) listener(printed);
  }

  #reply(byte: number): void {
    // A failed write is an unplugged cable: the driver's timeout reports it.
    void this.#transport.write(Uint8Array.of(byte));
  }

  #realtimeStatus(n: number): number {
    const c = this.#condition;
    const paperOut = c.paper === 'out';
    switch (n) {
      case 1:
        return FIXED_BITS | (c.coverOpen || paperOut || c.error !== 'none' ? 0x08 : 0);
      case 2:
        return (
          FIXED_BITS |
          (c.coverOpen ? 0x04 : 0) |
          (paperOut ? 0x20 : 0) |
          (c.error !== 'none' ? 0x40 : 0)
        );
      case 3:
        return (
          FIXED_BITS |
          (c.error === 'cutter' ? 0x08 : 0) |
          (c.error === 'unrecoverable' ? 0x20 : 0) |
          (c.error === 'auto-recoverable' ? 0x40 : 0)
        );
      default:
        // The near-end sensor sits before the end sensor, so an empty roll trips both.
        return FIXED_BITS | (c.paper !== 'ok' ? 0x0c : 0) | (paperOut ? 0x60 : 0);
    }
  }

  /** `GS r 1` reply: bits 0-1 near end, bits 2-3 paper end, bit 4 clear. */
  #paperSensorStatus(): number {
    const c = this.#condition;
    return (c.paper !== 'ok' ? 0x03 : 0) | (c.paper === 'out' ? 0x0c : 0);
  }
}
