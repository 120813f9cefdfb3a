import { z } from 'zod';
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

const SerialSchema = z.strictObject(
  {
    transport: z.literal('serial'),
    path: z
      .string({
        error:
          'the absolute path of the serial port, used exactly as given, e.g. "/dev/ttyUSB0" or "/dev/serial/by-id/usb-…" (run `ls /dev/serial/by-id/` on the terminal)',
      })
      .startsWith('/'),
    baudRate: z.literal(BAUD_RATES, {
      error: `the device's baud rate as a number, one of ${BAUD_RATES.join(', ')} (see the device manual; ID card readers usually use 115200)`,
    }),
  },
  {
    error: 'a serial device as {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 115200}',
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
};

const PRINTER_SETTINGS_HINT =
  'optionally with "paperWidthMm": 58 or 80 and "fourByteGlyphs": true or false';

const PrinterConfigSchema = z.discriminatedUnion(
  'transport',
  [
    z.strictObject(
      { ...SimulatorSchema.shape, ...PRINTER_SETTINGS },
      { error: `a simulated printer as {"transport": "simulator"}, ${PRINTER_SETTINGS_HINT}` },
    ),
    z.strictObject(
      { ...SerialSchema.shape, ...PRINTER_SETTINGS },
      {
        error: `a serial printer as {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 9600}, ${PRINTER_SETTINGS_HINT}`,
      },
    ),
  ],
  {
    error: `a printer connection: {"transport": "simulator"} for the built-in simulator, or {"transport": "serial", "path": "/dev/ttyUSB0", "baudRate": 9600} for real hardware, ${PRINTER_SETTINGS_HINT}; "transport" must be "simulator" or "serial"`,
  },
);

const DEVICES = ['idCardReader', 'printer'] as const;

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
      idCardReader: DeviceTransportSchema,
      printer: PrinterConfigSchema,
    },
    { error: 'a devices configuration object (see docs/configuration.md)' },
  )
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
  }, evenWithOtherProblems);

export type DeviceTransport = z.infer<typeof DeviceTransportSchema>;
export type DevicesConfig = z.infer<typeof DevicesConfigSchema>;
export type DevicesProfile = DevicesConfig['profile'];
