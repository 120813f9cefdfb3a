import { ok, type Result } from '@bianmin/common';
import type { ByteTransport } from '../transport/index.js';
import { COMMANDS, SW3, type CommandCode } from './commands.js';
import { commandOf, encodeReply, type FrameError, type HostCommand } from './frame.js';
import { FrameAssembler, type AssembledFrame } from './frame-assembler.js';
import type { IdCardHolder } from './holder.js';
import { encodeTextBlock, TEXT_BLOCK_LENGTH, type TextBlockError } from './text-block.js';

export type SimulatedCardState = 'none' | 'present' | 'read' | 'bad';

export interface IdCardReaderSimulatorState {
  card: SimulatedCardState;
  fault: number | null;
}

const PHOTO_LENGTH = 1024;
const OK: readonly [number, number, number] = [0x00, 0x00, SW3.ok];
/** What a module answers to "find" with a card: SW then four zero bytes. */
const FIND_DATA = new Uint8Array(4);
/** ... and to "select": eight zero bytes. */
const SELECT_DATA = new Uint8Array(8);
/** A fixed fake SAM id (16 bytes), so diagnostics have something to show. */
const MODULE_ID = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
/**
 * Stand-in for the WLT photo: opaque bytes with the "WLf" lead real photos carry. Never
 * decoded by anyone; the reader discards it.
 */
const PHOTO = Uint8Array.from({ length: PHOTO_LENGTH }, (_, i) =>
  i < 3 ? [0x57, 0x4c, 0x66][i]! : (i * 37 + 11) & 0xff,
);

const is = (command: HostCommand, code: CommandCode) =>
  command.cmd === code.cmd && command.para === code.para;

function error(sw3: number): Uint8Array {
  return encodeReply([0x00, 0x00, sw3]);
}

function lengths(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => out.writeUInt16BE(v, i * 2));
  return out;
}

/**
 * A reader module speaking the real GA/T 467 bytes on the device end of a transport: used by
 * tests, by `npm start` and by the development panel. It reassembles frames from arbitrary chunks,
 * and models read-once: after a successful read, "find" reports no card until the card is
 * taken away and placed again.
 */
export class IdCardReaderSimulator {
  readonly #transport: ByteTransport;
  readonly #frames = new FrameAssembler('command');
  #unsubscribe: (() => void) | undefined;
  #card: SimulatedCardState = 'none';
  #text: Uint8Array | undefined;
  #fault: number | null = null;

  constructor(transport: ByteTransport) {
    this.#transport = transport;
  }

  get state(): IdCardReaderSimulatorState {
    return { card: this.#card, fault: this.#fault };
  }

  /**
   * Opens the device end and starts answering. A simulator that cannot open its port is a
   * broken development setup, not a condition the kiosk handles, so this rejects.
   */
  async start(): Promise<void> {
    if (!this.#transport.isOpen) {
      const opened = await this.#transport.open();
      if (!opened.ok) {
        const why = 'message' in opened.error ? opened.error.message : opened.error.kind;
        throw new Error(`ID-card simulator cannot open ${this.#transport.description}: ${why}`);
      }
    }
    this.#unsubscribe ??= this.#transport.onData((chunk) => this.#receive(chunk));
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#frames.reset();
    await this.#transport.close();
  }

  /** Fails (as a value) only if a field does not fit the card's text block. */
  placeCard(holder: IdCardHolder): Result<void, TextBlockError> {
    const text = encodeTextBlock(holder);
    if (!text.ok) return text;
    this.#text = text.value;
    this.#card = 'present';
    return ok(undefined);
  }

  /** A card lying askew: found, but select fails. */
  placeCardBadly(): void {
    this.#text = undefined;
    this.#card = 'bad';
  }

  removeCard(): void {
    this.#text = undefined;
    this.#card = 'none';
  }

  /** While set, the module answers this SW3 to every command. */
  setFault(sw3: number | null): void {
    this.#fault = sw3;
  }

  #receive(chunk: Buffer): void {
    for (const frame of this.#frames.push(chunk)) void this.#transport.write(this.#answer(frame));
  }

  #answer(frame: Result<AssembledFrame, FrameError>): Uint8Array {
    if (this.#fault !== null) return error(this.#fault);
    if (!frame.ok) {
      return error(frame.error.kind === 'bad-checksum' ? SW3.checksumError : SW3.lengthError);
    }
    const c = commandOf(frame.value.body);
    const onField = this.#card === 'present' || this.#card === 'read';
    if (is(c, COMMANDS.reset) || is(c, COMMANDS.status)) return encodeReply(OK);
    if (is(c, COMMANDS.moduleId)) return encodeReply(OK, MODULE_ID);
    if (is(c, COMMANDS.find)) {
      const fresh = this.#card === 'present' || this.#card === 'bad';
      return fresh ? encodeReply([0x00, 0x00, SW3.cardFound], FIND_DATA) : error(SW3.noCard);
    }
    if (is(c, COMMANDS.select)) {
      if (this.#card === 'bad') return error(SW3.selectFailed);
      return onField ? encodeReply(OK, SELECT_DATA) : error(SW3.noCard);
    }
    if (is(c, COMMANDS.readTextPhoto) || is(c, COMMANDS.readTextPhotoFingerprint)) {
      if (this.#card === 'bad') return error(SW3.readFailed);
      const text = this.#text;
      if (!onField || !text) return error(SW3.noCard);
      this.#card = 'read';
      // Without a fingerprint on the card, 30 10 carries a zero fingerprint length.
      const head = is(c, COMMANDS.readTextPhoto)
        ? lengths(TEXT_BLOCK_LENGTH, PHOTO_LENGTH)
        : lengths(TEXT_BLOCK_LENGTH, PHOTO_LENGTH, 0);
      return encodeReply(OK, Buffer.concat([head, text, PHOTO]));
    }
    if (is(c, COMMANDS.readNewestAddress)) return error(SW3.itemNotOnCard);
    if (c.cmd === 0x60 && c.para <= 0x04) return encodeReply(OK);
    if (is(c, COMMANDS.setMaxRfFrameSize) && c.data.length === 1) return encodeReply(OK);
    return error(SW3.badCommand);
  }
}
