/** GA/T 467 host commands as (CMD, PARA) pairs. */
export interface CommandCode {
  readonly cmd: number;
  readonly para: number;
}

export const COMMANDS = {
  reset: { cmd: 0x10, para: 0xff },
  status: { cmd: 0x11, para: 0xff },
  moduleId: { cmd: 0x12, para: 0xff },
  find: { cmd: 0x20, para: 0x01 },
  select: { cmd: 0x20, para: 0x02 },
  readTextPhoto: { cmd: 0x30, para: 0x01 },
  readNewestAddress: { cmd: 0x30, para: 0x03 },
  readTextPhotoFingerprint: { cmd: 0x30, para: 0x10 },
  setBaud115200: { cmd: 0x60, para: 0x00 },
  setBaud57600: { cmd: 0x60, para: 0x01 },
  setBaud38400: { cmd: 0x60, para: 0x02 },
  setBaud19200: { cmd: 0x60, para: 0x03 },
  setBaud9600: { cmd: 0x60, para: 0x04 },
  /** Takes one data byte: the frame size. */
  setMaxRfFrameSize: { cmd: 0x61, para: 0xff },
} as const satisfies Record<string, CommandCode>;

/** The set-baud command for each rate the module can switch to (docs/devices.md). */
export const SET_BAUD_COMMANDS: ReadonlyMap<number, CommandCode> = new Map<number, CommandCode>([
  [115200, COMMANDS.setBaud115200],
  [57600, COMMANDS.setBaud57600],
  [38400, COMMANDS.setBaud38400],
  [19200, COMMANDS.setBaud19200],
  [9600, COMMANDS.setBaud9600],
]);

/** The protocol's factory rate; a module set to another rate keeps it across power cycles. */
export const DEFAULT_BAUD_RATE = 115200;

/** SW3, the reader's status byte in every reply. */
export const SW3 = {
  ok: 0x90,
  itemNotOnCard: 0x91,
  cardFound: 0x9f,
  noCard: 0x80,
  selectFailed: 0x81,
  readFailed: 0x41,
  checksumError: 0x10,
  lengthError: 0x11,
  badCommand: 0x21,
  notPermitted: 0x23,
  unknownError: 0x24,
  authenticationFailed1: 0x31,
  authenticationFailed2: 0x32,
  authenticationFailed3: 0x33,
  unknownCardType: 0x40,
  randomNumberFailed: 0x47,
  selfTestFailed: 0x60,
  notAuthorised: 0x66,
} as const;

/** `cmd para` as hex, e.g. "20 01": names a command in logs and error details. */
export function commandLabel(code: CommandCode): string {
  return [code.cmd, code.para].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
