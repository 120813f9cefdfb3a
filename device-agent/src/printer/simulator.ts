import { LINE_NOISE, type ByteTransport, type ReplyCorruption } from '../transport/index.js';
import type { DecodedReceipt } from './decoded-receipt.js';
import type { EscPosToken } from './escpos-commands.js';
import { ReceiptAssembler } from './receipt-assembler.js';
import {
  autoStatusOf,
  paperSensorOf,
  statusFactsOf,
  type SimulatedPrinterCondition,
} from './simulated-condition.js';
import { encodeAutoStatus, encodePaperSensor, encodeRealtimeStatus } from './status.js';
import { EscPosTokenizer } from './tokenizer.js';

export type SimulatedReceipt = DecodedReceipt & { printedAt: string };

export interface ReceiptPrinterSimulatorOptions {
  /** How many receipts to remember, newest last; default 20. */
  keepReceipts?: number;
  /** Clock for `printedAt`; tests pass a fixed one. */
  now?: () => Date;
  /** False: a model without `GS r`, which never answers it; default true. */
  answersBufferedStatus?: boolean;
}

/** Rough paper use of one QR code, in text lines, for `setPaperRemaining`. */
const QR_LINES = 8;
/** Dots of paper one text line takes (24-dot characters and 6 dots of spacing). */
const DOTS_PER_LINE = 30;
/** Lines left at which the simulated near-end sensor trips. */
const NEAR_END_LINES = 10;
const MAX_PROBLEMS = 50;

/**
 * A one-byte status reply mangled: its fixed bits broken (the byte's only check), cut short
 * (nothing comes), or after noise that no status byte can be mistaken for.
 */
function corruptStatus(byte: number, corruption: ReplyCorruption): Uint8Array {
  switch (corruption) {
    case 'off':
      return Uint8Array.of(byte);
    case 'bad-checksum':
      return Uint8Array.of(byte ^ 0x81);
    case 'truncated':
      return new Uint8Array();
    case 'noise':
      return Uint8Array.from([...LINE_NOISE, byte]);
  }
}

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
  readonly #answersBufferedStatus: boolean;
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
  /** Automatic status back: on, and the bytes last pushed (to push only changes). */
  #autoStatus: { last: string } | undefined;
  #unsubscribe: (() => void) | undefined;
  #corruption: ReplyCorruption = 'off';

  constructor(transport: ByteTransport, options: ReceiptPrinterSimulatorOptions = {}) {
    this.#transport = transport;
    this.#keep = Math.max(1, Math.floor(options.keepReceipts ?? 20));
    this.#now = options.now ?? (() => new Date());
    this.#answersBufferedStatus = options.answersBufferedStatus ?? true;
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
    const stopData = this.#transport.onData((chunk) => this.#receive(chunk));
    // A pulled cable cuts the job short: what was half received never prints.
    const stopWatching = this.#transport.onDisconnect?.(() => this.#lineLost());
    this.#unsubscribe = () => {
      stopData();
      stopWatching?.();
    };
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
    this.#pushAutoStatus();
  }

  /** While not 'off', every real-time status reply is mangled this way. */
  setReplyCorruption(corruption: ReplyCorruption): void {
    this.#corruption = corruption;
  }

  get replyCorruption(): ReplyCorruption {
    return this.#corruption;
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

  #lineLost(): void {
    this.#tokenizer = new EscPosTokenizer();
    this.#assembler.abandonReceipt();
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
      const byte = encodeRealtimeStatus(statusFactsOf(this.#condition, token.n));
      const reply = corruptStatus(byte, this.#corruption);
      if (reply.length > 0) this.#reply(reply);
      return;
    }
    // Everything else waits its turn in the print buffer, which a stopped printer never
    // reaches: a sent job is simply gone.
    if (!this.#canPrint()) return;
    if (token.type === 'transmit-status') {
      if (this.#answersBufferedStatus && (token.n === 1 || token.n === 0x31)) {
        this.#reply(Uint8Array.of(encodePaperSensor(paperSensorOf(this.#condition))));
      }
      return;
    }
    if (token.type === 'auto-status-back') {
      this.#autoStatus = token.n === 0 ? undefined : { last: '' };
      this.#pushAutoStatus();
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
    else if (token.type === 'raster') this.#usePaper(Math.ceil(token.heightDots / DOTS_PER_LINE));
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
    this.#pushAutoStatus();
  }

  #record(receipt: DecodedReceipt): void {
    const printed: SimulatedReceipt = { ...receipt, printedAt: this.#now().toISOString() };
    this.#receipts.push(printed);
    if (this.#receipts.length > this.#keep)
      this.#receipts.splice(0, this.#receipts.length - this.#keep);
    for (const listener of this.#listeners) listener(printed);
  }

  #reply(bytes: Uint8Array): void {
    // A failed write is an unplugged cable: the driver's timeout reports it.
    void this.#transport.write(bytes);
  }

  /** While automatic status back is on, pushes the four bytes whenever they change. */
  #pushAutoStatus(): void {
    if (!this.#autoStatus || this.#condition.offline) return;
    const bytes = encodeAutoStatus(autoStatusOf(this.#condition));
    const key = bytes.join();
    if (key === this.#autoStatus.last) return;
    this.#autoStatus.last = key;
    this.#reply(bytes);
  }
}
