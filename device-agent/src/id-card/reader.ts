import { ok, err, type Result } from '@bianmin/common';
import {
  describeTransportError,
  exchange,
  PortLock,
  type ByteTransport,
} from '../transport/index.js';
import { COMMANDS, SW3, sw3Meaning, type CommandCode } from './commands.js';
import { encodeCommand, replyOf, type FrameError } from './frame.js';
import { FrameAssembler } from './frame-assembler.js';
import type { IdCardHolder } from './holder.js';
import { decodeTextBlock } from './text-block.js';

/** The photo is read (the protocol has no text-only command) but deliberately not returned. */
export interface IdCardRead {
  holder: IdCardHolder;
}

/** Error details carry status codes and lengths only, never card field values. */
export type IdCardReadError =
  | { kind: 'no-card' }
  | { kind: 'card-unreadable'; hint: 'place-flat' }
  | { kind: 'reader-offline'; detail: string }
  | { kind: 'reader-fault'; sw3: number; meaning: string }
  | { kind: 'frame-invalid'; frameError: FrameError }
  | { kind: 'card-data-invalid'; detail: string };

export interface IdCardReaderOptions {
  /** Per request/reply exchange. The read reply alone is ~112 ms on the wire at 115200. */
  replyTimeoutMs?: number;
}

const DEFAULT_REPLY_TIMEOUT_MS = 1500;
const TEXT_AND_PHOTO_LENGTHS = 4;

/**
 * Driver for a GA/T 467 reader on a byte transport (serial, or a vendor USB adapter that
 * carries the same frames). Each call is one attempt; polling (no faster than ~300 ms) and
 * waiting for the card to leave after a read belong to the caller.
 */
export class IdCardReader {
  readonly #transport: ByteTransport;
  readonly #lock = new PortLock();
  readonly #timeoutMs: number;

  constructor(transport: ByteTransport, options: IdCardReaderOptions = {}) {
    this.#transport = transport;
    this.#timeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  }

  /** status -> find -> select -> read text+photo, once. */
  readCard(): Promise<Result<IdCardRead, IdCardReadError>> {
    return this.#lock.run(() => this.#readOnce());
  }

  /** Asks only for module status: for health checks, touches no card. */
  probe(): Promise<Result<void, IdCardReadError>> {
    return this.#lock.run(async () => {
      const connected = await this.#connect();
      if (!connected.ok) return connected;
      const status = await this.#step(COMMANDS.status, SW3.ok);
      return status.ok ? ok(undefined) : status;
    });
  }

  close(): Promise<void> {
    return this.#lock.run(() => this.#transport.close());
  }

  async #readOnce(): Promise<Result<IdCardRead, IdCardReadError>> {
    const connected = await this.#connect();
    if (!connected.ok) return connected;
    for (const [command, success] of [
      [COMMANDS.status, SW3.ok],
      [COMMANDS.find, SW3.cardFound],
      [COMMANDS.select, SW3.ok],
    ] as const) {
      const reply = await this.#step(command, success);
      if (!reply.ok) return reply;
    }
    const read = await this.#step(COMMANDS.readTextPhoto, SW3.ok);
    if (!read.ok) return read;
    const data = read.value;
    const holder = parseTextAndPhoto(data);
    // Best effort to keep the text and the photo from lingering in memory until GC.
    data.fill(0);
    return holder.ok ? ok({ holder: holder.value }) : holder;
  }

  async #connect(): Promise<Result<void, IdCardReadError>> {
    if (this.#transport.isOpen) return ok(undefined);
    const opened = await this.#transport.open();
    if (opened.ok) return opened;
    await this.#transport.close();
    return err({ kind: 'reader-offline', detail: describeTransportError(opened.error) });
  }

  /** One exchange; any SW3 other than `success` becomes the matching error. */
  async #step(command: CommandCode, success: number): Promise<Result<Buffer, IdCardReadError>> {
    const frames = new FrameAssembler('reply');
    const reply = await exchange(
      this.#transport,
      encodeCommand(command.cmd, command.para),
      (chunk) => frames.push(chunk)[0],
      this.#timeoutMs,
    );
    if (!reply.ok) {
      // Dropping the connection discards any late reply and makes the next call reopen the
      // port, so recovering from an unplugged reader needs no separate path.
      await this.#transport.close();
      return err({ kind: 'reader-offline', detail: describeTransportError(reply.error) });
    }
    const frame = reply.value;
    if (!frame.ok) {
      // Reopening resynchronises: the rest of a mangled reply must not be taken for the next.
      await this.#transport.close();
      return err({ kind: 'frame-invalid', frameError: frame.error });
    }
    const { sw3, data } = replyOf(frame.value.body);
    if (sw3 === success) return ok(data);
    return err(statusError(sw3));
  }
}

function statusError(sw3: number): IdCardReadError {
  switch (sw3) {
    case SW3.noCard:
      return { kind: 'no-card' };
    // A card lying askew or half off the antenna is found but then fails select or read; a
    // non-ID card (bus card, bank card) shows as unknown type. Each is fixed by the resident.
    case SW3.selectFailed:
    case SW3.readFailed:
    case SW3.unknownCardType:
      return { kind: 'card-unreadable', hint: 'place-flat' };
    default:
      return { kind: 'reader-fault', sw3, meaning: sw3Meaning(sw3) };
  }
}

/** Read reply data: text length (2, BE), photo length (2, BE), text, photo. */
function parseTextAndPhoto(data: Buffer): Result<IdCardHolder, IdCardReadError> {
  if (data.length < TEXT_AND_PHOTO_LENGTHS) {
    return err({ kind: 'card-data-invalid', detail: `read reply has ${data.length} data bytes` });
  }
  const textLength = data.readUInt16BE(0);
  const photoLength = data.readUInt16BE(2);
  const needed = TEXT_AND_PHOTO_LENGTHS + textLength + photoLength;
  if (data.length < needed) {
    return err({
      kind: 'card-data-invalid',
      detail: `read reply declares ${needed} data bytes but carries ${data.length}`,
    });
  }
  const text = data.subarray(TEXT_AND_PHOTO_LENGTHS, TEXT_AND_PHOTO_LENGTHS + textLength);
  const holder = decodeTextBlock(text);
  if (!holder.ok) {
    return err({
      kind: 'card-data-invalid',
      detail: `${holder.error.kind}: ${holder.error.detail}`,
    });
  }
  return holder;
}
