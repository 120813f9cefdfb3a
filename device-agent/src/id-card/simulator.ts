import { ok, systemClock, type Clock, type Result } from '@bianmin/common';
import { LINE_NOISE, type ByteTransport, type ReplyCorruption } from '../transport/index.js';
import {
  FIND_DATA_LENGTH,
  NEWEST_ADDRESS_LENGTH,
  PHOTO_LENGTH,
  SELECT_DATA_LENGTH,
} from './command-specs.js';
import {
  COMMANDS,
  DEFAULT_BAUD_RATE,
  SET_BAUD_COMMANDS,
  SW3,
  type CommandCode,
} from './commands.js';
import { commandOf, encodeReply, type FrameError, type HostCommand } from './frame.js';
import { FrameAssembler, type AssembledFrame } from './frame-assembler.js';
import type { IdCardHolder } from './holder.js';
import { encodeModuleId } from './module-id.js';
import { encodeTextBlock, TEXT_BLOCK_LENGTH, type TextBlockError } from './text-block.js';

export type SimulatedCardState = 'none' | 'present' | 'read' | 'bad';

export interface IdCardReaderSimulatorState {
  card: SimulatedCardState;
  fault: number | null;
  /** The line speed the module is set to (set-baud commands change it). */
  baudRate: number;
}

/** What a simulated card carries besides its text block. */
export interface SimulatedCardExtras {
  /** Fingerprints stored on the card, 512 bytes each (30 10 replies carry them). */
  fingerprints?: 0 | 1 | 2;
  /** An address appended by a police station after issue (30 03). */
  newestAddress?: string;
}

export interface IdCardReaderSimulatorOptions {
  /** Times late answers; tests pass a manual clock. */
  clock?: Clock;
  /** The printable SAM id the module reports. */
  moduleId?: string;
}

const FINGERPRINT_LENGTH = 512;
const OK: readonly [number, number, number] = [0x00, 0x00, SW3.ok];
const DEFAULT_MODULE_ID = '05.01-20101111-0012345678-1234567890';
/**
 * Stand-in for the WLT photo and the fingerprints: opaque bytes (the photo with the "WLf"
 * lead real photos carry). Never decoded by anyone; the reader drops them.
 */
const opaque = (length: number, lead: readonly number[] = []) =>
  Uint8Array.from({ length }, (_, i) => lead[i] ?? (i * 37 + 11) & 0xff);
const PHOTO = opaque(PHOTO_LENGTH, [0x57, 0x4c, 0x66]);

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

/** A wrong XOR byte, the frame cut after half its bytes, or noise before it. */
function corrupt(frame: Uint8Array, corruption: ReplyCorruption): Uint8Array {
  switch (corruption) {
    case 'off':
      return frame;
    case 'bad-checksum': {
      const bad = Uint8Array.from(frame);
      bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
      return bad;
    }
    case 'truncated':
      return frame.subarray(0, Math.ceil(frame.length / 2));
    case 'noise':
      return Uint8Array.from([...LINE_NOISE, ...frame]);
  }
}

/**
 * A reader module speaking the real GA/T 467 bytes on the device end of a transport: used by
 * tests, by `npm start` and by the development panel. It reassembles frames from arbitrary
 * chunks, answers strictly in order like a real module (a late answer holds back those after
 * it), and models read-once: after a successful read, "find" reports no card until the card
 * is taken away and placed again.
 */
export class IdCardReaderSimulator {
  readonly #transport: ByteTransport;
  readonly #clock: Clock;
  readonly #moduleId: Uint8Array;
  readonly #frames = new FrameAssembler('command');
  #unsubscribe: (() => void) | undefined;
  #card: SimulatedCardState = 'none';
  #text: Uint8Array | undefined;
  #extras: SimulatedCardExtras = {};
  #fault: number | null = null;
  #baudRate = DEFAULT_BAUD_RATE;
  #late: { delayMs: number; skip: number; replies: number } | undefined;
  #outbox: Promise<unknown> = Promise.resolve();
  #corruption: ReplyCorruption = 'off';

  constructor(transport: ByteTransport, options: IdCardReaderSimulatorOptions = {}) {
    this.#transport = transport;
    this.#clock = options.clock ?? systemClock;
    const id = encodeModuleId(options.moduleId ?? DEFAULT_MODULE_ID);
    if (!id) throw new RangeError(`not a printable module id: ${options.moduleId}`);
    this.#moduleId = id;
  }

  /** While not 'off', every reply leaves the module mangled this way. */
  setReplyCorruption(corruption: ReplyCorruption): void {
    this.#corruption = corruption;
  }

  get replyCorruption(): ReplyCorruption {
    return this.#corruption;
  }

  get state(): IdCardReaderSimulatorState {
    return { card: this.#card, fault: this.#fault, baudRate: this.#baudRate };
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
    if (this.#unsubscribe) return;
    const stopData = this.#transport.onData((chunk) => this.#receive(chunk));
    // A pulled cable cuts a command short and powers the module down: when it is back it has
    // forgotten having read the card still lying on it.
    const stopWatching = this.#transport.onDisconnect?.(() => {
      this.#frames.reset();
      if (this.#card === 'read') this.#card = 'present';
    });
    this.#unsubscribe = () => {
      stopData();
      stopWatching?.();
    };
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#frames.reset();
    await this.#transport.close();
  }

  /** Fails (as a value) only if a field does not fit the card's text block. */
  placeCard(holder: IdCardHolder, extras: SimulatedCardExtras = {}): Result<void, TextBlockError> {
    const text = encodeTextBlock(holder);
    if (!text.ok) return text;
    this.#text = text.value;
    this.#extras = extras;
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
    this.#extras = {};
    this.#card = 'none';
  }

  /** While set, the module answers this SW3 to every command. */
  setFault(sw3: number | null): void {
    this.#fault = sw3;
  }

  /**
   * After `skip` prompt answers, the next `replies` answers each come `delayMs` late, as from
   * a module busy with a slow card; answers after them queue behind, as on a real line.
   */
  answerLate(
    delayMs: number,
    { skip = 0, replies = 1 }: { skip?: number; replies?: number } = {},
  ): void {
    this.#late = { delayMs, skip, replies };
  }

  #receive(chunk: Buffer): void {
    for (const frame of this.#frames.push(chunk)) {
      const command = frame.ok ? commandOf(frame.value.body) : undefined;
      this.#send(this.#answer(frame), command);
    }
  }

  #send(reply: Uint8Array, command: HostCommand | undefined): void {
    const late = this.#late;
    let delayMs = 0;
    if (late && late.skip > 0) this.#late = { ...late, skip: late.skip - 1 };
    else if (late) {
      delayMs = late.delayMs;
      this.#late = late.replies > 1 ? { ...late, replies: late.replies - 1 } : undefined;
    }
    this.#outbox = this.#outbox.then(async () => {
      if (delayMs > 0)
        await new Promise((r) => this.#clock.setTimeout(() => r(undefined), delayMs));
      await this.#transport.write(corrupt(reply, this.#corruption));
      // The module answers set-baud at the old rate, then switches.
      const rate = command && command.cmd === 0x60 ? this.#rateOf(command) : undefined;
      if (rate !== undefined) {
        this.#baudRate = rate;
        await this.#transport.setBaudRate?.(rate);
      }
    });
  }

  #rateOf(command: HostCommand): number | undefined {
    for (const [rate, code] of SET_BAUD_COMMANDS) if (is(command, code)) return rate;
    return undefined;
  }

  #answer(frame: Result<AssembledFrame, FrameError>): Uint8Array {
    if (this.#fault !== null) return error(this.#fault);
    if (!frame.ok) {
      return error(frame.error.kind === 'bad-checksum' ? SW3.checksumError : SW3.lengthError);
    }
    const c = commandOf(frame.value.body);
    const onField = this.#card === 'present' || this.#card === 'read';
    if (is(c, COMMANDS.reset) || is(c, COMMANDS.status)) return encodeReply(OK);
    if (is(c, COMMANDS.moduleId)) return encodeReply(OK, this.#moduleId);
    if (is(c, COMMANDS.find)) {
      const fresh = this.#card === 'present' || this.#card === 'bad';
      return fresh
        ? encodeReply([0x00, 0x00, SW3.cardFound], new Uint8Array(FIND_DATA_LENGTH))
        : error(SW3.noCard);
    }
    if (is(c, COMMANDS.select)) {
      if (this.#card === 'bad') return error(SW3.selectFailed);
      return onField ? encodeReply(OK, new Uint8Array(SELECT_DATA_LENGTH)) : error(SW3.noCard);
    }
    if (is(c, COMMANDS.readTextPhoto) || is(c, COMMANDS.readTextPhotoFingerprint)) {
      if (this.#card === 'bad') return error(SW3.readFailed);
      const text = this.#text;
      if (!onField || !text) return error(SW3.noCard);
      this.#card = 'read';
      if (is(c, COMMANDS.readTextPhoto)) {
        const head = lengths(TEXT_BLOCK_LENGTH, PHOTO_LENGTH);
        return encodeReply(OK, Buffer.concat([head, text, PHOTO]));
      }
      const fingerprint = opaque(FINGERPRINT_LENGTH * (this.#extras.fingerprints ?? 0));
      const head = lengths(TEXT_BLOCK_LENGTH, PHOTO_LENGTH, fingerprint.length);
      return encodeReply(OK, Buffer.concat([head, text, PHOTO, fingerprint]));
    }
    if (is(c, COMMANDS.readNewestAddress)) {
      const address = this.#extras.newestAddress;
      if (!onField) return error(SW3.noCard);
      if (address === undefined) return error(SW3.itemNotOnCard);
      const field = Buffer.alloc(NEWEST_ADDRESS_LENGTH, ' ', 'utf16le');
      field.write(address, 'utf16le');
      return encodeReply(OK, field);
    }
    if (this.#rateOf(c) !== undefined) return encodeReply(OK);
    if (is(c, COMMANDS.setMaxRfFrameSize) && c.data.length === 1) return encodeReply(OK);
    return error(SW3.badCommand);
  }
}
