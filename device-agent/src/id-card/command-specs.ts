import { COMMANDS, SW3, type CommandCode } from './commands.js';
import type { ReaderReply } from './frame.js';

/** Bytes of a reply around its data: preamble 5, LEN 2, SW 3, XOR 1. */
export const REPLY_OVERHEAD = 11;
/** Bytes of a command frame without data: preamble 5, LEN 2, CMD PARA 2, XOR 1. */
const COMMAND_BYTES = 10;
/** 8N1: a start bit, eight data bits and a stop bit per byte. */
const BITS_PER_BYTE = 10;

const TEXT_LENGTH = 256;
export const PHOTO_LENGTH = 1024;
/** A card holds no, one or two fingerprints of 512 bytes each. */
const FINGERPRINT_LENGTHS = [0, 512, 1024] as const;
/** Text and photo lengths (2 bytes each) lead the read reply; 30 10 adds the fingerprint's. */
const READ_DATA = 4 + TEXT_LENGTH + PHOTO_LENGTH;
const READ_FINGERPRINT_DATA = 6 + TEXT_LENGTH + PHOTO_LENGTH;
/** The appended address, UCS-2 like the text block's 70-byte address field. */
export const NEWEST_ADDRESS_LENGTH = 70;
/** The SAM id: two 16-bit and three 32-bit little-endian numbers. */
export const MODULE_ID_LENGTH = 16;
/** What a module answers to "find" after SW: four bytes, and to "select": eight. */
export const FIND_DATA_LENGTH = 4;
export const SELECT_DATA_LENGTH = 8;

/*
 * Module working times: how long a module may think before the first reply byte, on top of
 * the reply's time on the wire. Chosen from what the modules do, with room to spare, since a
 * too-short wait loses a reply and a too-long one only delays reporting a dead reader.
 */
/** Status, module id and set-baud are answered from the module's own memory. */
const MODULE_QUERY_MS = 200;
/** A reset restarts the security module, which then runs its self-test. */
const RESET_MS = 1000;
/** Find and select are one short radio exchange each with the card. */
const CARD_EXCHANGE_MS = 300;
/**
 * A read authenticates card and security module to each other and moves ~1.3 kB encrypted
 * over the 106 kbit/s radio link; common modules take most of a second, and public host code
 * waits 2-3 s in all for the reply.
 */
const READ_MS = 2000;
/** ... plus up to 1 kB of fingerprint from the card. */
const READ_FINGERPRINT_MS = 2500;
/** Authentication and one small file. */
const READ_ADDRESS_MS = 1000;
/**
 * USB-serial adapters hold received bytes up to their latency timer (16 ms on common chips)
 * and the host schedules this process when it can: slack for both ends.
 */
const LINK_SLACK_MS = 50;

/** What one command expects back: the success SW3 and the data lengths a success carries. */
export interface CommandSpec {
  readonly code: CommandCode;
  readonly success: number;
  readonly dataLengths: readonly number[];
  readonly workingMs: number;
}

const spec = (
  code: CommandCode,
  success: number,
  dataLengths: readonly number[],
  workingMs: number,
): CommandSpec => ({ code, success, dataLengths, workingMs });

export const COMMAND_SPECS = {
  reset: spec(COMMANDS.reset, SW3.ok, [0], RESET_MS),
  status: spec(COMMANDS.status, SW3.ok, [0], MODULE_QUERY_MS),
  moduleId: spec(COMMANDS.moduleId, SW3.ok, [MODULE_ID_LENGTH], MODULE_QUERY_MS),
  find: spec(COMMANDS.find, SW3.cardFound, [FIND_DATA_LENGTH], CARD_EXCHANGE_MS),
  select: spec(COMMANDS.select, SW3.ok, [SELECT_DATA_LENGTH], CARD_EXCHANGE_MS),
  readTextPhoto: spec(COMMANDS.readTextPhoto, SW3.ok, [READ_DATA], READ_MS),
  readTextPhotoFingerprint: spec(
    COMMANDS.readTextPhotoFingerprint,
    SW3.ok,
    FINGERPRINT_LENGTHS.map((n) => READ_FINGERPRINT_DATA + n),
    READ_FINGERPRINT_MS,
  ),
  readNewestAddress: spec(
    COMMANDS.readNewestAddress,
    SW3.ok,
    [NEWEST_ADDRESS_LENGTH],
    READ_ADDRESS_MS,
  ),
} as const satisfies Record<string, CommandSpec>;

/** Set-baud is answered like status (at the old rate, before the module switches). */
export function setBaudSpec(code: CommandCode): CommandSpec {
  return spec(code, SW3.ok, [0], MODULE_QUERY_MS);
}

/**
 * Whether a reply can be this command's answer: its success with one of the expected data
 * lengths, or an error status with no data (error replies are 11 bytes, LEN 00 04). Replies
 * carry no command echo, so this shape is all there is to tell a late reply from the awaited one.
 */
export function replyFits(command: CommandSpec, reply: ReaderReply): boolean {
  if (reply.sw3 === command.success) return command.dataLengths.includes(reply.data.length);
  return reply.data.length === 0 && reply.sw3 !== SW3.ok && reply.sw3 !== SW3.cardFound;
}

/** Time on the wire for `bytes` at `baudRate`, in ms. */
export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * BITS_PER_BYTE * 1000) / baudRate;
}

/**
 * How long to wait for a command's reply: the command and its longest reply on the wire, the
 * module's working time, and slack. At 9600 baud the read reply alone is 1.35 s on the wire.
 */
export function replyTimeoutMs(command: CommandSpec, baudRate: number): number {
  const replyBytes = REPLY_OVERHEAD + Math.max(...command.dataLengths);
  const wire = wireTimeMs(COMMAND_BYTES + replyBytes, baudRate);
  return Math.ceil(wire) + command.workingMs + LINK_SLACK_MS;
}
