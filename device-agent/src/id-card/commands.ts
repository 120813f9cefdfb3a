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

const SW3_MEANINGS: ReadonlyMap<number, string> = new Map([
  [SW3.ok, 'ok'],
  [SW3.itemNotOnCard, 'item not on card'],
  [SW3.cardFound, 'card found'],
  [SW3.noCard, 'no card'],
  [SW3.selectFailed, 'select card failed'],
  [SW3.readFailed, 'read card failed'],
  [SW3.checksumError, 'checksum error'],
  [SW3.lengthError, 'length error'],
  [SW3.badCommand, 'bad command'],
  [SW3.notPermitted, 'operation not permitted'],
  [SW3.unknownError, 'unknown error'],
  [SW3.authenticationFailed1, 'authentication / verification failed'],
  [SW3.authenticationFailed2, 'authentication / verification failed'],
  [SW3.authenticationFailed3, 'authentication / verification failed'],
  [SW3.unknownCardType, 'unknown card type'],
  [SW3.randomNumberFailed, 'random number failed'],
  [SW3.selfTestFailed, 'module self-test failed'],
  [SW3.notAuthorised, 'module not authorised'],
]);

/** Human-readable meaning of an SW3 code, for diagnostics and logs. */
export function sw3Meaning(sw3: number): string {
  return (
    SW3_MEANINGS.get(sw3) ??
    `undocumented status 0x${sw3.toString(16).toUpperCase().padStart(2, '0')}`
  );
}
