import { z } from 'zod';
import {
  busError,
  CALLER_KEYPADS,
  COUNTER_DISPLAYS,
  SpeechConfigSchema,
  uniqueAddressesAndCounters,
} from './counter-devices.js';
import { evenWithOtherProblems, field } from './cross-field.js';

export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

const SimulatorSchema = z.strictObject(
  {
    transport: z.literal('simulator'),
    // Paces the simulator's link like a serial line, so timings match real wire speed.
    baudRate: z
      .literal(BAUD_RATES, { error: `a baud rate as a number, one of ${BAUD_RATES.join(', ')}` })
      .optional(),
  },
  {
    error: `a simulator as {"transport": "simulator"}, optionally with "baudRate" (one of ${BAUD_RATES.join(', ')}) to run at that line speed`,
  },
);

const BY_ID_PART = /^[^/_\s]+(?:_[^/_\s]+)*$/;
const byIdPart = (what: string) =>
  z.string({ error: what }).regex(BY_ID_PART, { error: what }).min(1);

/** A USB serial adapter picked by its udev by-id name, which survives replugging and renumbering. */
const SerialMatchSchema = z.strictObject(
  {
    vendor: byIdPart(
      'the vendor part of the adapter\'s /dev/serial/by-id name, e.g. "FTDI" in usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0 (the hex vendor id when the adapter has no vendor name)',
    ),
    product: byIdPart(
      'the product part of the adapter\'s /dev/serial/by-id name, e.g. "FT232R_USB_UART" in usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
    ),
    serialNumber: byIdPart(
      'the serial-number part of the adapter\'s /dev/serial/by-id name, e.g. "A50285BI" in usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0; needed only when two identical adapters are plugged in',
    ).optional(),
  },
  {
    error:
      'an adapter as {"vendor": "FTDI", "product": "FT232R_USB_UART"}, optionally with "serialNumber", read from its name in /dev/serial/by-id',
  },
);

const SERIAL_LOCATION = {
  path: z
    .string({
      error:
        'the absolute path of the serial port, used exactly as given, e.g. "/dev/ttyUSB0" or "/dev/serial/by-id/usb-…" (run `ls /dev/serial/by-id/` on the terminal)',
    })
    .startsWith('/')
    .optional(),
  match: SerialMatchSchema.optional(),
};

const SERIAL_SHAPE = {
  transport: z.literal('serial'),
  ...SERIAL_LOCATION,
  baudRate: z.literal(BAUD_RATES, {
    error: `the device's baud rate as a number, one of ${BAUD_RATES.join(', ')} (see the device manual; ID card readers usually use 115200)`,
  }),
};

/** Exactly one of "path" and "match" says where a serial device is. */
function checkOneLocation(ctx: { value: unknown; issues: unknown[] }): void {
  const hasPath = field(ctx.value, 'path') !== undefined;
  const hasMatch = field(ctx.value, 'match') !== undefined;
  if (hasPath !== hasMatch) return;
  ctx.issues.push({
    code: 'custom',
    path: hasPath ? ['match'] : ['path'],
    input: ctx.value,
    message: hasPath
      ? 'either "path" or "match", not both: remove one'
      : 'where the device is: "path": "/dev/ttyUSB0", or "match": {"vendor": …, "product": …} to find a USB adapter by its /dev/serial/by-id name',
  });
}

const SerialSchema = z
  .strictObject(SERIAL_SHAPE, {
    error: 'a serial device as {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 115200}',
  })
  .check(checkOneLocation);

/** The parameter sets of `device-agent/src/transport/hid-adapters.ts`, by name. */
export const HID_ADAPTERS = ['length-prefixed-64'] as const;

const usbId = (what: string) =>
  z
    .string({ error: `the ${what} as 4 hex digits in quotes, as lsusb prints it, e.g. "0483"` })
    .regex(/^[0-9a-fA-F]{4}$/, {
      error: `the ${what} as 4 hex digits in quotes, as lsusb prints it, e.g. "0483"`,
    })
    .transform((hex) => Number.parseInt(hex, 16));

const HidSchema = z.strictObject(
  {
    transport: z.literal('hid'),
    vendorId: usbId('USB vendor id'),
    productId: usbId('USB product id'),
    adapter: z.enum(HID_ADAPTERS, {
      error: `how the reader packs frames into HID reports, one of ${HID_ADAPTERS.map((a) => `"${a}"`).join(', ')} (see docs/devices.md, "USB HID readers")`,
    }),
  },
  {
    error:
      'a USB HID reader as {"transport": "hid", "vendorId": "0483", "productId": "5750", "adapter": "length-prefixed-64"}',
  },
);

/**
 * How a USB HID code scanner hands over its codes (docs/devices.md, "Supported scanners"):
 * "hid-pos" for the USB HID POS scanner reports, "length-prefixed-64" for scanners whose
 * reports carry their serial output (text and CR) as the reader adapter of that name packs it.
 */
const SCANNER_HID_ADAPTERS = ['hid-pos', 'length-prefixed-64'] as const;

const ScannerHidSchema = z.strictObject(
  {
    transport: z.literal('hid'),
    vendorId: usbId('USB vendor id'),
    productId: usbId('USB product id'),
    adapter: z.enum(SCANNER_HID_ADAPTERS, {
      error: `how the scanner hands over codes in HID reports, one of ${SCANNER_HID_ADAPTERS.map((a) => `"${a}"`).join(', ')} (see docs/devices.md, "Supported scanners")`,
    }),
  },
  {
    error:
      'a USB HID scanner as {"transport": "hid", "vendorId": "0c2e", "productId": "0b87", "adapter": "hid-pos"}',
  },
);

export const DeviceTransportSchema = z.discriminatedUnion(
  'transport',
  [SimulatorSchema, SerialSchema],
  {
    error:
      'a device connection: {"transport": "simulator"} for the built-in simulator, or {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 115200} for real hardware; "transport" must be "simulator" or "serial"',
  },
);

/** What the printer's layout and driver need to know of the model; defaults suit 80 mm printers. */
const PRINTER_SETTINGS = {
  paperWidthMm: z
    .literal([58, 80], {
      error: 'the paper roll width in millimetres, 58 or 80 (without quotes); default 80',
    })
    .default(80),
  fourByteGlyphs: z
    .boolean({
      error:
        'true or false (without quotes): true only if a test print shows the printer prints 4-byte GB18030 characters such as 𠮷; default false',
    })
    .default(false),
  bufferedStatus: z
    .boolean({
      error:
        "true or false (without quotes): false only for a model that does not answer GS r 1, as the technician's test print says; default true",
    })
    .default(true),
};

/** The printer's own settings, which the technician's connection screen keeps as they were. */
export const PRINTER_SETTING_KEYS = Object.keys(
  PRINTER_SETTINGS,
) as (keyof typeof PRINTER_SETTINGS)[];

/** A code scanner on serial, or on USB HID in one of its report layouts. */
const ScannerConfigSchema = z.discriminatedUnion(
  'transport',
  [SimulatorSchema, SerialSchema, ScannerHidSchema],
  {
    error:
      'a code scanner connection: {"transport": "simulator"}, {"transport": "serial", "path": "/dev/ttyACM0", "baudRate": 9600}, or {"transport": "hid", "vendorId": "0c2e", "productId": "0b87", "adapter": "hid-pos"}; "transport" must be "simulator", "serial" or "hid"',
  },
);

const PRINTER_SETTINGS_HINT =
  'optionally with "paperWidthMm": 58 or 80, "fourByteGlyphs": true or false and "bufferedStatus": true or false';

/** The ID-card reader may also be a USB HID device; the other devices are serial only. */
const IdCardReaderConfigSchema = z.discriminatedUnion(
  'transport',
  [SimulatorSchema, SerialSchema, HidSchema],
  {
    error:
      'an ID-card reader connection: {"transport": "simulator"}, {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 115200}, or {"transport": "hid", "vendorId": "0483", "productId": "5750", "adapter": "length-prefixed-64"}; "transport" must be "simulator", "serial" or "hid"',
  },
);

const PrinterConfigSchema = z.discriminatedUnion(
  'transport',
  [
    z.strictObject(
      { ...SimulatorSchema.shape, ...PRINTER_SETTINGS },
      { error: `a simulated printer as {"transport": "simulator"}, ${PRINTER_SETTINGS_HINT}` },
    ),
    z
      .strictObject(
        { ...SERIAL_SHAPE, ...PRINTER_SETTINGS },
        {
          error: `a serial printer as {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 9600}, ${PRINTER_SETTINGS_HINT}`,
        },
      )
      .check(checkOneLocation),
  ],
  {
    error: `a printer connection: {"transport": "simulator"} for the built-in simulator, or {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 9600} for real hardware, ${PRINTER_SETTINGS_HINT}; "transport" must be "simulator" or "serial"`,
  },
);

/** A serial (RS-485 adapter) or simulated bus with devices at addresses, each counter once. */
function counterBus<S extends z.core.$ZodLooseShape>(items: S, list: string) {
  return z
    .discriminatedUnion(
      'transport',
      [
        z.strictObject({ ...SimulatorSchema.shape, ...items }),
        z.strictObject({ ...SERIAL_SHAPE, ...items }).check(checkOneLocation),
      ],
      { error: busError(list) },
    )
    .superRefine(uniqueAddressesAndCounters(list), evenWithOtherProblems);
}

/** The devices a terminal connects, each with its connection settings: the one list here. */
const DEVICE_SETTINGS = {
  idCardReader: IdCardReaderConfigSchema,
  printer: PrinterConfigSchema,
  // Optional: a terminal without a code scanner leaves the key out and reports no scanner.
  scanner: ScannerConfigSchema.optional(),
  // Optional too: a terminal whose hall has no caller keypads or counter displays.
  counterCallers: counterBus(CALLER_KEYPADS, 'keypads').optional(),
  counterDisplays: counterBus(COUNTER_DISPLAYS, 'displays').optional(),
};
const DEVICES = Object.keys(DEVICE_SETTINGS) as (keyof typeof DEVICE_SETTINGS)[];

/** Where a serial device is, as given: its path, or its adapter's by-id name parts. */
type SerialPlace = { path: string } | { vendor: string; product: string; serialNumber?: string };

function serialPlace(device: unknown): SerialPlace | undefined {
  if (field(device, 'transport') !== 'serial') return undefined;
  const path = field(device, 'path');
  if (typeof path === 'string') return { path };
  const match = field(device, 'match');
  const [vendor, product, serialNumber] = ['vendor', 'product', 'serialNumber'].map((key) =>
    field(match, key),
  );
  if (typeof vendor !== 'string' || typeof product !== 'string') return undefined;
  return typeof serialNumber === 'string' ? { vendor, product, serialNumber } : { vendor, product };
}

/** A match without a serial number fits any adapter of that vendor and product. */
function samePlace(a: SerialPlace, b: SerialPlace): boolean {
  if ('path' in a || 'path' in b) return 'path' in a && 'path' in b && a.path === b.path;
  return (
    a.vendor === b.vendor &&
    a.product === b.product &&
    (a.serialNumber === undefined ||
      b.serialNumber === undefined ||
      a.serialNumber === b.serialNumber)
  );
}

/**
 * Each serial device on its own port: the agent opens and locks each device's port by
 * itself, so the second device on a port never opens (and its devices never work).
 */
function sharedPorts(config: unknown, ctx: z.RefinementCtx): void {
  const placed: { device: string; place: SerialPlace }[] = [];
  for (const device of DEVICES) {
    const place = serialPlace(field(config, device));
    if (place === undefined) continue;
    const first = placed.find((other) => samePlace(other.place, place));
    placed.push({ device, place });
    if (first === undefined) continue;
    const buses = new Set([first.device, device]);
    const why =
      buses.has('counterCallers') && buses.has('counterDisplays')
        ? 'one bus shared by the caller keypads and the LED displays is not supported: connect the displays to their own RS-485 adapter'
        : 'each device needs its own serial port';
    const key = 'path' in place ? 'path' : 'match';
    ctx.addIssue({
      code: 'custom',
      path: [device, key],
      input: field(field(config, device), key),
      message:
        'path' in place
          ? `a port no other device uses: "${first.device}" is already on ${place.path}, and the port opens for one device only; ${why}`
          : `an adapter no other device matches: "${first.device}" already matches this vendor and product, and the port opens for one device only; ${why}, and "serialNumber" tells identical adapters apart`,
    });
  }
}

export const DevicesConfigSchema = z
  .strictObject(
    {
      profile: z.enum(['development', 'demo', 'production'], {
        error:
          'one of "development" (a developer machine), "demo" (a showroom or training terminal) or "production" (a terminal serving residents)',
      }),
      allowSimulatorsInProduction: z
        .boolean({
          error:
            'true or false (without quotes); leave it out or set false unless a production terminal deliberately runs without some hardware',
        })
        .default(false),
      ...DEVICE_SETTINGS,
      speech: SpeechConfigSchema,
    },
    { error: 'a devices configuration object (see docs/configuration.md)' },
  )
  .superRefine(sharedPorts, evenWithOtherProblems)
  .superRefine((config, ctx) => {
    if (field(config, 'profile') !== 'production') return;
    if (field(config, 'allowSimulatorsInProduction') === true) return;
    for (const device of DEVICES) {
      if (field(field(config, device), 'transport') !== 'simulator') continue;
      // A production terminal on a simulator would "print" tickets nobody receives.
      ctx.addIssue({
        code: 'custom',
        path: [device, 'transport'],
        input: 'simulator',
        message: `a real device in profile "production": set "transport": "serial" with its "path" and "baudRate", or, only if this terminal deliberately runs without this device, add "allowSimulatorsInProduction": true`,
      });
    }
    if (field(field(config, 'speech'), 'engine') === 'simulator') {
      ctx.addIssue({
        code: 'custom',
        path: ['speech', 'engine'],
        input: 'simulator',
        message: `a real speech engine in profile "production": "espeak-ng", or, only if this hall deliberately has no spoken calls, add "allowSimulatorsInProduction": true`,
      });
    }
  }, evenWithOtherProblems);

export type DeviceTransport = z.infer<typeof DeviceTransportSchema>;
export type IdCardReaderTransport = z.infer<typeof IdCardReaderConfigSchema>;
export type HidAdapterName = (typeof HID_ADAPTERS)[number];
export type ScannerTransport = z.infer<typeof ScannerConfigSchema>;
export type ScannerHidAdapterName = (typeof SCANNER_HID_ADAPTERS)[number];
export type DevicesConfig = z.infer<typeof DevicesConfigSchema>;
export type DevicesProfile = DevicesConfig['profile'];
export type CounterCallersConfig = NonNullable<DevicesConfig['counterCallers']>;
export type CounterDisplaysConfig = NonNullable<DevicesConfig['counterDisplays']>;
