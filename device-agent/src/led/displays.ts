import { err, ok, systemClock, type Clock, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from '../transport/index.js';
import { encodeLedFrame, type LedEncoding, type LedTextError } from './frame.js';

export type LedWriteError = LedTextError | TransportError;

export type LedProbe = 'ready' | 'offline' | 'error';

export interface LedDisplayOptions {
  encoding: LedEncoding;
  /** Quiet time the displays need between two commands on the bus; ~300 ms in this family. */
  gapMs?: number;
  clock?: Clock;
}

const ABSENT = /no such file|ENOENT|unplugged|not found/i;

/**
 * The host end of the counter LED displays' bus (docs/devices.md, "Counter LED displays").
 * The displays never answer, so writes go out one at a time with the family's pause between
 * them, in the order they were asked for; a failed write closes the port and the next one
 * opens it again.
 */
export class LedDisplays {
  readonly #transport: ByteTransport;
  readonly #encoding: LedEncoding;
  readonly #gapMs: number;
  readonly #clock: Clock;
  #tail: Promise<unknown> = Promise.resolve();
  #lastWriteAt = -Infinity;
  #closing = false;
  #opening: ReturnType<ByteTransport['open']> | null = null;

  constructor(transport: ByteTransport, options: LedDisplayOptions) {
    this.#transport = transport;
    this.#encoding = options.encoding;
    this.#gapMs = options.gapMs ?? 300;
    this.#clock = options.clock ?? systemClock;
  }

  get description(): string {
    return this.#transport.description;
  }

  get encoding(): LedEncoding {
    return this.#encoding;
  }

  /** Shows `text` on the display at `address`, after whatever is queued before it. */
  show(address: number, text: string): Promise<Result<void, LedWriteError>> {
    const frame = encodeLedFrame({ address, text }, this.#encoding);
    if (!frame.ok) return Promise.resolve(frame);
    const next = this.#tail.then(() => this.#send(frame.value));
    this.#tail = next;
    return next;
  }

  async probe(): Promise<LedProbe> {
    if (this.#transport.isOpen) return 'ready';
    const opened = await this.#open();
    if (opened.ok) return 'ready';
    return opened.error.kind === 'open-failed' && !ABSENT.test(opened.error.message)
      ? 'error'
      : 'offline';
  }

  /**
   * Writes still queued are dropped, not sent: at 300 ms each, a busy hall's backlog would
   * hold up the agent's stop for longer than a supervisor waits.
   */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#tail;
    await this.#transport.close();
  }

  /**
   * One open at a time: the health probe runs outside the write queue, and a probe and a write
   * opening the port together would have the second fail the port's lock and report `error`.
   */
  #open(): ReturnType<ByteTransport['open']> {
    this.#opening ??= this.#transport.open().finally(() => (this.#opening = null));
    return this.#opening;
  }

  async #send(bytes: Buffer): Promise<Result<void, LedWriteError>> {
    if (this.#closing) return err({ kind: 'not-open' });
    // At most the gap: a wall clock stepped back (NTP, a board clock kept in local time) would
    // otherwise hold this write, and every one queued behind it, for the hours it stepped.
    const wait = Math.min(this.#gapMs, this.#lastWriteAt + this.#gapMs - this.#clock.now());
    if (wait > 0) await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, wait));
    if (!this.#transport.isOpen) {
      const opened = await this.#open();
      if (!opened.ok) return opened;
    }
    const written = await this.#transport.write(bytes);
    this.#lastWriteAt = this.#clock.now();
    if (written.ok) return ok(undefined);
    await this.#transport.close();
    return err(written.error);
  }
}

/** What a counter's display shows for a call: the number, framed in Chinese where it can. */
export function ledCallText(ticketNumber: string, encoding: LedEncoding): string {
  return encoding === 'ascii' ? ticketNumber : `请${ticketNumber}号`;
}
