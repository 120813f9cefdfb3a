/**
 * The bit layouts of every status byte the printer sends, declared once: the driver decodes
 * with them and the simulator encodes with them. Layouts are those of Epson's ESC/POS
 * reference as Epson-compatible 80 mm printers sold in China implement them.
 */

/**
 * One status byte: the bits fixed in every byte of this kind (they tell the kinds apart on a
 * shared line) and the flags, each carried by one or more bits. A flag with several bits
 * reads as set when any of them is (models differ in which they raise) and is written with
 * all of them, as printers with both sensors do.
 */
export interface StatusByteLayout<Flag extends string = string> {
  readonly fixedMask: number;
  readonly fixedValue: number;
  readonly flags: Readonly<Record<Flag, number>>;
}

type FlagName<L extends StatusByteLayout> = keyof L['flags'] & string;
export type FlagsOf<L extends StatusByteLayout> = { [F in FlagName<L>]: boolean };

/** `DLE EOT n` replies: bits 1 and 4 set, bits 0 and 7 clear, whatever n asked. */
const REALTIME_FIXED = { fixedMask: 0x93, fixedValue: 0x12 } as const;
/** `GS r` replies and automatic status bytes 2-4: bits 4 and 7 clear. */
const BITS_4_7_CLEAR = { fixedMask: 0x90, fixedValue: 0x00 } as const;

/** Real-time status `DLE EOT n`, by n. */
export const REALTIME_STATUS = {
  /** Printer status. Real printers also raise `offline` while the cover is open or paper is out. */
  1: { ...REALTIME_FIXED, flags: { offline: 0x08 } },
  /** Offline cause. */
  2: {
    ...REALTIME_FIXED,
    flags: { coverOpen: 0x04, feedButton: 0x08, paperEndStop: 0x20, error: 0x40 },
  },
  /** Error cause. */
  3: {
    ...REALTIME_FIXED,
    flags: { cutterError: 0x08, unrecoverable: 0x20, autoRecoverable: 0x40 },
  },
  /** Roll paper sensor: near end on bits 2-3, paper end on bits 5-6. */
  4: { ...REALTIME_FIXED, flags: { paperNearEnd: 0x0c, paperEnd: 0x60 } },
} as const satisfies Record<number, StatusByteLayout>;

export type RealtimeStatusRequest = keyof typeof REALTIME_STATUS;

export const isRealtimeStatusRequest = (n: number): n is RealtimeStatusRequest =>
  Object.hasOwn(REALTIME_STATUS, n);

/** Roll paper sensors, as `GS r 1` answers them and as automatic status byte 3 carries them. */
export const PAPER_SENSOR = {
  ...BITS_4_7_CLEAR,
  flags: { paperNearEnd: 0x03, paperEnd: 0x0c },
} as const satisfies StatusByteLayout;

/**
 * Automatic status back (`GS a n`, n not 0): four bytes pushed at once when enabled and on
 * every change. Byte 1 has bit 1 clear and bytes 2-4 have bit 4 clear, so none of them can be
 * mistaken for a `DLE EOT` reply.
 */
export const AUTO_STATUS = {
  printer: {
    fixedMask: 0x93,
    fixedValue: 0x10,
    flags: { drawerPin3High: 0x04, offline: 0x08, coverOpen: 0x20, feedButton: 0x40 },
  },
  error: {
    ...BITS_4_7_CLEAR,
    flags: {
      waitingForRecovery: 0x01,
      feedButtonPressed: 0x02,
      mechanicalError: 0x04,
      cutterError: 0x08,
      unrecoverable: 0x20,
      autoRecoverable: 0x40,
    },
  },
  paper: PAPER_SENSOR,
  /** Reserved on the printers the kiosk targets; only its fixed bits are checked. */
  reserved: { ...BITS_4_7_CLEAR, flags: {} },
} as const satisfies Record<string, StatusByteLayout>;

/** The order the four automatic status bytes arrive in. */
export const AUTO_STATUS_BYTES = ['printer', 'error', 'paper', 'reserved'] as const;

export function hasFixedBits(layout: StatusByteLayout, byte: number): boolean {
  return (
    Number.isInteger(byte) &&
    byte >= 0 &&
    byte <= 0xff &&
    (byte & layout.fixedMask) === layout.fixedValue
  );
}

/** The flags of a byte, or undefined when its fixed bits say it is not of this kind. */
export function decodeFlags<L extends StatusByteLayout>(
  layout: L,
  byte: number,
): FlagsOf<L> | undefined {
  if (!hasFixedBits(layout, byte)) return undefined;
  const flags: Record<string, boolean> = {};
  for (const [name, bits] of Object.entries<number>(layout.flags))
    flags[name] = (byte & bits) !== 0;
  return flags as FlagsOf<L>;
}

export function encodeFlags<L extends StatusByteLayout>(layout: L, flags: FlagsOf<L>): number {
  let byte = layout.fixedValue;
  for (const [name, bits] of Object.entries<number>(layout.flags)) {
    if ((flags as Record<string, boolean>)[name]) byte |= bits;
  }
  return byte;
}
