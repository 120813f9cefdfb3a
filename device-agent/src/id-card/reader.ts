import { ok, err, systemClock, type Clock, type EventLogger, type Result } from '@bianmin/common';
import { describeTransportError, PortLock, type ByteTransport } from '../transport/index.js';
import { COMMAND_SPECS, replyTimeoutMs, setBaudSpec, type CommandSpec } from './command-specs.js';
import { commandLabel, DEFAULT_BAUD_RATE, SET_BAUD_COMMANDS, SW3 } from './commands.js';
import { encodeCommand, type FrameError } from './frame.js';
import type { IdCardHolder } from './holder.js';
import { decodeModuleId } from './module-id.js';
import { ReplyChannel, type DiscardedFrame } from './reply-channel.js';
import { statusCause, type ResidentHint } from './status-table.js';
import { decodeTextBlock, trimPadding } from './text-block.js';

/**
 * What a read returns. The photo and fingerprint are read (the protocol has no text-only
 * command) but dropped inside the driver: no field here can hold them.
 */
export interface IdCardRead {
  holder: IdCardHolder;
  /** The newest address appended by a police station, when asked for and present on the card. */
  newestAddress?: string;
}

/**
 * Error details carry status codes, lengths and fixed texts only, never card field values.
 * `meaning` is for the technician; `hint` says what the resident can do (see status-table.ts).
 */
export type IdCardReadError =
  | { kind: 'no-card' }
  | { kind: 'card-unreadable'; hint: ResidentHint; sw3?: number; meaning?: string }
  | { kind: 'reader-offline'; detail: string }
  // `hint` (and the card-unreadable `sw3` / `meaning`) are optional for code that builds these
  // errors itself; the driver always sets them.
  | { kind: 'reader-fault'; sw3: number; meaning: string; hint?: ResidentHint }
  /** The module received our command damaged (SW3 10 / 11): cable, noise or baud rate. */
  | { kind: 'link-error'; sw3: number; meaning: string; hint: ResidentHint }
  | { kind: 'frame-invalid'; frameError: FrameError }
  | { kind: 'card-data-invalid'; detail: string };

export type SetBaudRateError =
  | IdCardReadError
  /** Not one of 115200..9600, or a transport whose speed cannot change. */
  | { kind: 'unsupported-baud-rate'; baudRate: number }
  /** The module switched but the port could not follow; the next use reopens at the new rate. */
  | { kind: 'port-switch-failed'; detail: string };

export interface IdCardReaderOptions {
  /** The port's line speed; reply timeouts follow from it. Default: the protocol's 115200. */
  baudRate?: number;
  /** Read with 30 10 (text, photo and fingerprint) instead of 30 01; the fingerprint is dropped. */
  withFingerprint?: boolean;
  /** Also ask for the newest appended address (30 03) after each read. */
  readNewestAddress?: boolean;
  /** Times reply timeouts; tests pass a manual clock. */
  clock?: Clock;
  /** Receives `device.id-card.reply-discarded` events. */
  logger?: EventLogger;
}

const LENGTH_FIELD = 2;

/**
 * Driver for a GA/T 467 reader on a byte transport (serial, or a vendor USB adapter that
 * carries the same frames). Each call is one attempt; polling (no faster than ~300 ms) and
 * waiting for the card to leave after a read belong to the caller.
 */
export class IdCardReader {
  readonly #transport: ByteTransport;
  readonly #lock = new PortLock();
  readonly #channel: ReplyChannel;
  readonly #options: IdCardReaderOptions;
  #baudRate: number;

  constructor(transport: ByteTransport, options: IdCardReaderOptions = {}) {
    this.#transport = transport;
    this.#options = options;
    this.#baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
    this.#channel = new ReplyChannel(transport, options.clock ?? systemClock, (frame) =>
      this.#logDiscard(frame),
    );
  }

  get baudRate(): number {
    return this.#baudRate;
  }

  /** status -> find -> select -> read, once. */
  readCard(): Promise<Result<IdCardRead, IdCardReadError>> {
    return this.#session(() => this.#readOnce());
  }

  /** Asks only for module status: for health checks, touches no card. */
  probe(): Promise<Result<void, IdCardReadError>> {
    return this.#session(async () => {
      const status = await this.#step(COMMAND_SPECS.status);
      return status.ok ? ok(undefined) : status;
    });
  }

  /** The security module's id in its printable form, for diagnostics (not personal data). */
  moduleId(): Promise<Result<string, IdCardReadError>> {
    return this.#session(async () => {
      const reply = await this.#step(COMMAND_SPECS.moduleId);
      if (!reply.ok) return reply;
      const id = decodeModuleId(reply.value);
      return id.ok ? id : err({ kind: 'card-data-invalid', detail: id.error.detail });
    });
  }

  /** Restarts the security module (it runs its self-test again). */
  reset(): Promise<Result<void, IdCardReadError>> {
    return this.#session(async () => {
      const reply = await this.#step(COMMAND_SPECS.reset);
      return reply.ok ? ok(undefined) : reply;
    });
  }

  /**
   * Switches the module to `baudRate`, then the port. The module answers at the old rate and
   * keeps the new one across power cycles, so the configuration must be changed to match.
   */
  setBaudRate(baudRate: number): Promise<Result<{ baudRate: number }, SetBaudRateError>> {
    return this.#lock.run(async () => {
      const code = SET_BAUD_COMMANDS.get(baudRate);
      // A rate the protocol lacks, or a transport with no line speed to change (a USB adapter).
      if (!code || !this.#transport.setBaudRate) {
        return err({ kind: 'unsupported-baud-rate' as const, baudRate });
      }
      const connected = await this.#connect();
      if (!connected.ok) return connected;
      const reply = await this.#step(setBaudSpec(code));
      if (!reply.ok) return reply;
      this.#baudRate = baudRate;
      const switched = await this.#transport.setBaudRate(baudRate);
      if (switched.ok) return ok({ baudRate });
      await this.#disconnect();
      return err({
        kind: 'port-switch-failed' as const,
        detail: describeTransportError(switched.error),
      });
    });
  }

  close(): Promise<void> {
    return this.#lock.run(() => this.#disconnect());
  }

  #session<T>(
    task: () => Promise<Result<T, IdCardReadError>>,
  ): Promise<Result<T, IdCardReadError>> {
    return this.#lock.run(async () => {
      const connected = await this.#connect();
      return connected.ok ? task() : connected;
    });
  }

  async #readOnce(): Promise<Result<IdCardRead, IdCardReadError>> {
    for (const spec of [COMMAND_SPECS.status, COMMAND_SPECS.find, COMMAND_SPECS.select]) {
      const reply = await this.#step(spec);
      if (!reply.ok) return reply;
    }
    const withFingerprint = this.#options.withFingerprint === true;
    const read = await this.#step(
      withFingerprint ? COMMAND_SPECS.readTextPhotoFingerprint : COMMAND_SPECS.readTextPhoto,
    );
    if (!read.ok) return read;
    const data = read.value;
    const holder = parseRead(data, withFingerprint ? 3 : 2);
    // Best effort to keep the text, photo and fingerprint from lingering in memory until GC.
    data.fill(0);
    if (!holder.ok) return holder;
    if (!this.#options.readNewestAddress) return ok({ holder: holder.value });
    const address = await this.#newestAddress();
    if (!address.ok) return address;
    return ok(
      address.value === undefined
        ? { holder: holder.value }
        : { holder: holder.value, newestAddress: address.value },
    );
  }

  /** Undefined when the card has no appended address (SW3 91). */
  async #newestAddress(): Promise<Result<string | undefined, IdCardReadError>> {
    const reply = await this.#step(COMMAND_SPECS.readNewestAddress);
    if (reply.ok) {
      const address = trimPadding(reply.value.toString('utf16le'));
      reply.value.fill(0);
      return ok(address);
    }
    const { error } = reply;
    return 'sw3' in error && error.sw3 === SW3.itemNotOnCard ? ok(undefined) : reply;
  }

  async #connect(): Promise<Result<void, IdCardReadError>> {
    if (this.#transport.isOpen) {
      // Opened by someone else (a setup step): start listening all the same.
      if (!this.#channel.listening) await this.#channel.listen();
      return ok(undefined);
    }
    const opened = await this.#transport.open();
    if (!opened.ok) {
      await this.#disconnect();
      return err({ kind: 'reader-offline', detail: describeTransportError(opened.error) });
    }
    await this.#channel.listen();
    return ok(undefined);
  }

  async #disconnect(): Promise<void> {
    this.#channel.mute();
    await this.#transport.close();
  }

  /** One exchange; any SW3 other than the command's success becomes the matching error. */
  async #step(spec: CommandSpec): Promise<Result<Buffer, IdCardReadError>> {
    const timeoutMs = replyTimeoutMs(spec, this.#baudRate);
    const frame = encodeCommand(spec.code.cmd, spec.code.para);
    const reply = await this.#channel.request(spec, frame, timeoutMs);
    if (!reply.ok) {
      // Dropping the connection makes the next call reopen (and flush) the port, so an
      // unplugged reader and a hung module recover the same way.
      await this.#disconnect();
      return err({ kind: 'reader-offline', detail: describeTransportError(reply.error) });
    }
    const outcome = reply.value;
    if (!outcome.ok) {
      // Reopening resynchronises: the rest of a mangled reply must not be taken for the next.
      await this.#disconnect();
      return err({ kind: 'frame-invalid', frameError: outcome.error });
    }
    const { sw3, data } = outcome.value;
    if (sw3 === spec.success) return ok(data);
    return err(statusError(sw3));
  }

  #logDiscard(frame: DiscardedFrame): void {
    this.#options.logger?.event('device.id-card.reply-discarded', {
      reason: frame.reason,
      awaiting: frame.awaiting ? commandLabel(frame.awaiting.code) : null,
      sw3: frame.sw3 ?? null,
      bytes: frame.bytes,
    });
  }
}

function statusError(sw3: number): IdCardReadError {
  const cause = statusCause(sw3);
  if (cause.kind === 'no-card') return { kind: 'no-card' };
  return { kind: cause.kind, sw3, meaning: cause.meaning, hint: cause.hint };
}

/**
 * Read reply data: `lengths` 16-bit big-endian lengths (text, photo[, fingerprint]), then the
 * blocks in that order. Only the text is decoded; the rest is never looked at.
 */
function parseRead(data: Buffer, lengths: number): Result<IdCardHolder, IdCardReadError> {
  const head = lengths * LENGTH_FIELD;
  if (data.length < head) {
    return err({ kind: 'card-data-invalid', detail: `read reply has ${data.length} data bytes` });
  }
  let needed = head;
  for (let i = 0; i < lengths; i++) needed += data.readUInt16BE(i * LENGTH_FIELD);
  if (data.length !== needed) {
    return err({
      kind: 'card-data-invalid',
      detail: `read reply declares ${needed} data bytes but carries ${data.length}`,
    });
  }
  const text = data.subarray(head, head + data.readUInt16BE(0));
  const holder = decodeTextBlock(text);
  if (!holder.ok) {
    return err({
      kind: 'card-data-invalid',
      detail: `${holder.error.kind}: ${holder.error.detail}`,
    });
  }
  return holder;
}
