import { createPeriodic, type Periodic } from '@bianmin/common';
import { exchange, type ByteTransport } from '../transport/index.js';
import { CallerFrameAssembler } from './frame-assembler.js';
import { encodeCallerFrame, type CallerFrame } from './frame.js';
import {
  decodeKeyPress,
  encodeDisplay,
  type CallerDisplay,
  type KeyPress,
  type KeyRefusal,
} from './keys.js';

/** What the bus does with a key: the queue's side (queue-keys.ts). */
export interface CallerHandlers {
  /** Acts on a press; true when the caller should beep (the press changed nothing). */
  onKey(address: number, press: KeyPress): boolean;
  /** A press that is no key this family has: the caller beeps, the bus logs it. */
  onBadKey?(address: number, refusal: KeyRefusal): void;
  /** What the caller at this address should show now. */
  displayFor(address: number): CallerDisplay;
  /** A caller went silent (missed `missesBeforeSilent` polls in a row) or answers again. */
  onAnswering?(address: number, answering: boolean): void;
}

export type CallerBusProbe = 'ready' | 'caller-silent' | 'offline' | 'error';

export interface CallerBusOptions {
  addresses: readonly number[];
  /** Sets the reply timeout from wire time; 9600 on these buses. */
  baudRate?: number;
  /** Pause between polling rounds. */
  roundIntervalMs?: number;
  missesBeforeSilent?: number;
  /** A round that threw (the queue's database failing under a key): the next round runs. */
  onRoundFailed?: (error: unknown) => void;
}

/** 8N1: ten bits a byte on the wire. */
const BITS_PER_BYTE = 10;
/** A caller's microcontroller answers within a few ms; the rest is USB-serial latency. */
const ANSWER_SLACK_MS = 60;
const LONGEST_EXCHANGE_BYTES = 2 * 15;

const ABSENT = /no such file|ENOENT|unplugged|not found/i;

/** How opening the port went: there is no port (offline), or one that will not open (error). */
type PortOpen = 'open' | 'absent' | 'refused';

interface CallerState {
  misses: number;
  answering: boolean;
  /** The display bytes the caller last acknowledged. */
  shown: string | null;
}

/**
 * The host end of the caller keypads' RS-485 bus (docs/devices.md, "Counter caller
 * keypads"). Only the host talks unasked: it polls each configured address in turn, echoes
 * a key frame back as its acknowledgement, acts on it, and writes the caller's display
 * whenever what it should show has changed (a call from anywhere, a new ticket waiting).
 * A caller that stops answering is reported, never fatal: the others are polled as before.
 */
export class CallerBus {
  readonly #transport: ByteTransport;
  readonly #addresses: readonly number[];
  readonly #timeoutMs: number;
  readonly #missesBeforeSilent: number;
  readonly #callers = new Map<number, CallerState>();
  readonly #polling: Periodic;
  #handlers: CallerHandlers | undefined;
  /**
   * The open in flight, shared by whoever asks meanwhile: serialport locks the port, so a
   * second open of our own (a health probe during a round) would fail and read as refused.
   */
  #opening: Promise<PortOpen> | undefined;

  constructor(transport: ByteTransport, options: CallerBusOptions) {
    this.#transport = transport;
    this.#addresses = options.addresses;
    const msPerByte = (BITS_PER_BYTE * 1000) / (options.baudRate ?? 9600);
    this.#timeoutMs = Math.ceil(LONGEST_EXCHANGE_BYTES * msPerByte + ANSWER_SLACK_MS);
    this.#missesBeforeSilent = options.missesBeforeSilent ?? 3;
    for (const address of options.addresses) {
      this.#callers.set(address, { misses: 0, answering: true, shown: null });
    }
    this.#polling = createPeriodic({
      task: () => this.pollRound(),
      intervalMs: options.roundIntervalMs ?? 100,
      onError: (error) => options.onRoundFailed?.(error),
    });
  }

  get description(): string {
    return this.#transport.description;
  }

  /** Starts polling with the queue's handlers. */
  start(handlers: CallerHandlers): void {
    this.#handlers = handlers;
    this.#polling.start();
  }

  /** Brings the next round forward: a call elsewhere changed what callers should show. */
  refresh(): void {
    this.#polling.nudge(0);
  }

  async stop(): Promise<void> {
    await this.#polling.stop();
    await this.#transport.close();
  }

  /** The addresses that missed their last polls. */
  silent(): number[] {
    return this.#addresses.filter((a) => !this.#callers.get(a)!.answering);
  }

  /** The bus's health: the port, then each caller's answers. */
  async probe(): Promise<CallerBusProbe> {
    const port = await this.#open();
    if (port === 'absent') return 'offline';
    if (port === 'refused') return 'error';
    return this.silent().length > 0 ? 'caller-silent' : 'ready';
  }

  /** One round: every address polled once, in order. */
  async pollRound(): Promise<void> {
    if ((await this.#open()) !== 'open') return;
    for (const address of this.#addresses) {
      if (!this.#transport.isOpen) return;
      await this.#serve(address);
    }
  }

  #open(): Promise<PortOpen> {
    // In flight first: the port reads open before its stale input is discarded.
    if (this.#opening) return this.#opening;
    if (this.#transport.isOpen) return Promise.resolve('open');
    this.#opening = this.#openPort().finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  async #openPort(): Promise<PortOpen> {
    const opened = await this.#transport.open();
    if (!opened.ok) {
      return opened.error.kind === 'open-failed' && !ABSENT.test(opened.error.message)
        ? 'refused'
        : 'absent';
    }
    await this.#transport.discardInput?.();
    // A caller that was powered down meanwhile shows nothing: write every display anew.
    for (const state of this.#callers.values()) state.shown = null;
    return 'open';
  }

  async #serve(address: number): Promise<void> {
    const handlers = this.#handlers;
    const poll = await this.#ask({ address, function: 'poll', data: Buffer.alloc(0) }, [
      'poll',
      'key',
    ]);
    if (!this.#answered(address, poll !== undefined) || !poll || !handlers) return;
    let beep = false;
    if (poll.frame.function === 'key') {
      // The echo is the acknowledgement: without it the caller sends the key again.
      await this.#transport.write(poll.bytes);
      const press = decodeKeyPress(poll.frame.data);
      if (press.ok) beep = handlers.onKey(address, press.value);
      else {
        handlers.onBadKey?.(address, press.error);
        beep = true;
      }
    }
    const state = this.#callers.get(address)!;
    const display = encodeDisplay(handlers.displayFor(address));
    if (state.shown !== display.toString('hex')) {
      const echoed = await this.#ask({ address, function: 'display', data: display }, ['display']);
      if (echoed) state.shown = display.toString('hex');
    }
    if (beep) await this.#ask({ address, function: 'beep', data: Buffer.alloc(0) }, ['beep']);
  }

  /** Updates a caller's answer count; false when it did not answer. */
  #answered(address: number, answered: boolean): boolean {
    const state = this.#callers.get(address)!;
    if (answered) {
      state.misses = 0;
      if (!state.answering) {
        state.answering = true;
        state.shown = null;
        this.#handlers?.onAnswering?.(address, true);
      }
      return true;
    }
    state.misses += 1;
    if (state.answering && state.misses >= this.#missesBeforeSilent) {
      state.answering = false;
      this.#handlers?.onAnswering?.(address, false);
    }
    return false;
  }

  /**
   * Sends a frame and waits for this address's answer of one of the expected functions;
   * frames from elsewhere, damaged frames and noise are passed over while waiting.
   */
  async #ask(
    frame: CallerFrame,
    expected: readonly CallerFrame['function'][],
  ): Promise<{ frame: CallerFrame; bytes: Buffer } | undefined> {
    const assembler = new CallerFrameAssembler();
    const answer = await exchange(
      this.#transport,
      encodeCallerFrame(frame),
      (chunk) =>
        assembler
          .push(chunk)
          .flatMap((r) => (r.ok ? [r.value] : []))
          .find((a) => a.frame.address === frame.address && expected.includes(a.frame.function)),
      this.#timeoutMs,
    );
    if (answer.ok) return answer.value;
    // A port that failed is closed so the next round opens it afresh.
    if (answer.error.kind !== 'timeout') await this.#transport.close();
    return undefined;
  }
}
