import type { EventLogger } from '@bianmin/common';
import type {
  CounterCallersConfig,
  CounterDisplaysConfig,
  DeviceTransport,
  DevicesConfig,
  IdCardReaderTransport,
  ScannerHidAdapterName,
  ScannerTransport,
} from '@bianmin/config';
import type { StateOf } from '@bianmin/contract';
import {
  createHidTransport,
  createMemoryPair,
  createPacedTransport,
  createSerialTransport,
  HID_FRAMINGS,
  type ByteTransport,
  type MemoryPair,
  type SerialLocation,
  type SerialMatch,
} from '../transport/index.js';
import { IdCardReader, IdCardReaderSimulator, type IdCardReadError } from '../id-card/index.js';
import {
  ReceiptPrinter,
  ReceiptPrinterSimulator,
  type PrinterStatus,
  type SlipFormat,
} from '../printer/index.js';
import {
  BarcodeScanner,
  BarcodeScannerSimulator,
  type ScannerCodeFraming,
  type ScannerProbe,
} from '../scanner/index.js';
import { CallerBus, CallerKeypadSimulator, type CallerBusProbe } from '../caller/index.js';
import { LedDisplays, LedDisplaySimulator, type LedProbe } from '../led/index.js';
import {
  createCallAnnouncer,
  EspeakSpeechEngine,
  RecordingSpeechEngine,
  type CallAnnouncer,
} from '../speech/index.js';
import type { DeviceProbes } from './device-health.js';
import {
  switchableTransport,
  type SwitchableTransport,
} from '../technician/switchable-transport.js';

/** The devices a simulator can stand in for. */
type SimulatedDevice =
  'idCardReader' | 'printer' | 'scanner' | 'counterCallers' | 'counterDisplays';

/** The in-memory link to a simulated device, whose cable the development panel can pull. */
type SimulatedCable = Pick<MemoryPair, 'connected' | 'setConnected'>;

export interface Simulators {
  reader: IdCardReaderSimulator | null;
  printer: ReceiptPrinterSimulator | null;
  /** Null for a real scanner and for a terminal without one. */
  scanner: BarcodeScannerSimulator | null;
  /** One per simulated device; a real or absent device has none. */
  cables: Partial<Record<SimulatedDevice, SimulatedCable>>;
  callers: CallerKeypadSimulator | null;
  leds: LedDisplaySimulator | null;
  /** The speech engine when it only records (the "simulator" engine). */
  speech: RecordingSpeechEngine | null;
}

/** The counters' hardware (docs/devices.md, "Queue hardware"); each part is optional. */
export interface CounterHardware {
  callers: { bus: CallerBus; counterOf: ReadonlyMap<number, number> } | null;
  displays: { leds: LedDisplays; addressesOf: ReadonlyMap<number, number[]> } | null;
  announcer: CallAnnouncer | null;
}

export interface TerminalDevices {
  reader: IdCardReader;
  printer: ReceiptPrinter;
  /** Null on a terminal without a code scanner (it is optional in devices.json). */
  scanner: BarcodeScanner | null;
  /** What the ticket layout needs to know of the configured printer. */
  slipFormat: SlipFormat;
  counterHardware: CounterHardware;
  /** One health probe per attached registry device (storage is probed by the agent itself). */
  probes: Omit<DeviceProbes, 'storage'>;
  /** The simulators on the far end of in-memory links, for the development panel. */
  simulators: Simulators;
  /** Each device's link, which technician mode can move to another port (docs/technician.md). */
  lines: Partial<Record<SimulatedDevice, SwitchableTransport>>;
  close(): Promise<void>;
}

/**
 * Picks a real serial transport or a simulator per device from configuration. The config
 * schema already refuses simulators in production unless explicitly allowed.
 */
export async function createDevices(
  config: DevicesConfig,
  logger: EventLogger,
): Promise<TerminalDevices> {
  const closers: (() => Promise<void> | void)[] = [];
  const lines: TerminalDevices['lines'] = {};
  const switchable = (device: SimulatedDevice, host: ByteTransport) =>
    (lines[device] = switchableTransport(host));
  const cables: Simulators['cables'] = {};

  async function link<S extends { start(): Promise<void>; stop(): unknown }>(
    device: SimulatedDevice,
    settings:
      | DeviceTransport
      | IdCardReaderTransport
      | ScannerTransport
      | CounterCallersConfig
      | CounterDisplaysConfig,
    makeSimulator: (device: ByteTransport) => S,
  ): Promise<{ host: ByteTransport; simulator: S | null }> {
    if (settings.transport === 'serial') {
      return {
        host: createSerialTransport({ ...serialLocation(settings), baudRate: settings.baudRate }),
        simulator: null,
      };
    }
    if (settings.transport === 'hid') {
      const { vendorId, productId, adapter } = settings;
      return {
        host: createHidTransport({ vendorId, productId, framing: HID_FRAMINGS[adapter] }),
        simulator: null,
      };
    }
    const pair = createMemoryPair(device);
    cables[device] = pair;
    // A simulator with a baud rate is paced both ways, like the serial line it stands for.
    const { baudRate } = settings;
    const line = (end: ByteTransport) => (baudRate ? createPacedTransport(end, { baudRate }) : end);
    const simulator = makeSimulator(line(pair.device));
    await simulator.start();
    closers.push(() => void simulator.stop());
    return { host: line(pair.host), simulator };
  }

  const readerLink = await link(
    'idCardReader',
    config.idCardReader,
    (t) => new IdCardReaderSimulator(t),
  );
  // A simulated printer set not to be asked for `GS r` plays a model without it.
  const printerLink = await link(
    'printer',
    config.printer,
    (t) => new ReceiptPrinterSimulator(t, { answersBufferedStatus: config.printer.bufferedStatus }),
  );
  // Reply timeouts follow from the line speed; unpaced simulator links and USB HID (no line
  // speed of its own) run at the protocol's default.
  const readerSettings = config.idCardReader;
  const reader = new IdCardReader(switchable('idCardReader', readerLink.host), {
    baudRate: ('baudRate' in readerSettings ? readerSettings.baudRate : undefined) ?? 115200,
    logger,
  });
  const printer = new ReceiptPrinter(switchable('printer', printerLink.host), {
    confirmWithBufferedStatus: config.printer.bufferedStatus,
  });
  const scannerLink = config.scanner
    ? await link('scanner', config.scanner, (t) => new BarcodeScannerSimulator(t))
    : null;
  const scannerSettings = config.scanner;
  const scanner =
    scannerLink &&
    new BarcodeScanner(switchable('scanner', scannerLink.host), {
      framing:
        scannerSettings?.transport === 'hid' ? SCANNER_FRAMINGS[scannerSettings.adapter] : 'lines',
    });

  const callersConfig = config.counterCallers;
  const callerAddresses = callersConfig?.keypads.map((k) => k.address) ?? [];
  const callersLink = callersConfig
    ? await link(
        'counterCallers',
        callersConfig,
        (t) => new CallerKeypadSimulator(t, callerAddresses),
      )
    : null;
  const callerBus =
    callersLink &&
    new CallerBus(callersLink.host, {
      addresses: callerAddresses,
      ...(callersConfig?.baudRate !== undefined && { baudRate: callersConfig.baudRate }),
      onRoundFailed: (error) =>
        logger.event('device.caller.round-failed', {
          error: error instanceof Error ? error.name : 'unknown',
        }),
    });
  const displaysConfig = config.counterDisplays;
  const encoding = displaysConfig?.encoding ?? 'gb2312';
  const displaysLink = displaysConfig
    ? await link('counterDisplays', displaysConfig, (t) => new LedDisplaySimulator(t, encoding))
    : null;
  const leds = displaysLink && new LedDisplays(displaysLink.host, { encoding });
  const speech = config.speech;
  const recording = speech?.engine === 'simulator' ? new RecordingSpeechEngine() : null;
  const engine =
    recording ??
    (speech ? new EspeakSpeechEngine({ voice: speech.voice, output: speech.output }) : null);
  const addressesOf = new Map<number, number[]>();
  for (const { address, counter } of displaysConfig?.displays ?? []) {
    addressesOf.set(counter, [...(addressesOf.get(counter) ?? []), address]);
  }

  return {
    reader,
    printer,
    scanner,
    counterHardware: {
      callers: callerBus && {
        bus: callerBus,
        counterOf: new Map(callersConfig?.keypads.map((k) => [k.address, k.counter])),
      },
      displays: leds && { leds, addressesOf },
      announcer:
        engine && createCallAnnouncer({ engine, logger, ...(speech && { repeat: speech.repeat }) }),
    },
    slipFormat: {
      paperWidthMm: config.printer.paperWidthMm,
      fourByteGlyphs: config.printer.fourByteGlyphs,
    },
    probes: {
      printer: async () => printerState(await printer.status()),
      idCardReader: async () => {
        const probe = await reader.probe();
        return probe.ok ? 'ready' : READER_STATES[probe.error.kind];
      },
      ...(scanner && { scanner: async () => SCANNER_STATES[await scanner.probe()] }),
      ...(callerBus && { counterCallers: async () => CALLER_STATES[await callerBus.probe()] }),
      ...(leds && { counterDisplays: async () => LED_STATES[await leds.probe()] }),
    },
    simulators: {
      reader: readerLink.simulator,
      printer: printerLink.simulator,
      scanner: scannerLink?.simulator ?? null,
      cables,
      callers: callersLink?.simulator ?? null,
      leds: displaysLink?.simulator ?? null,
      speech: recording,
    },
    lines,
    async close() {
      await reader.close();
      await printer.close();
      await scanner?.close();
      await callerBus?.stop();
      await leds?.close();
      for (const close of closers) await close();
    },
  };
}

/** The config schema lets exactly one of the two through; "match" wins if both somehow came. */
function serialLocation(settings: {
  path?: string | undefined;
  match?: SerialMatch | undefined;
}): SerialLocation {
  if (settings.match) return { match: settings.match };
  return { path: settings.path ?? '' };
}

// Each driver result maps to a registry state; a result the driver gains without a mapping
// here is a type error, so it can never reach the centre unlabelled.

const PRINTER_STATES = {
  'no-paper': 'no-paper',
  'cover-open': 'cover-open',
  offline: 'offline',
  error: 'error',
} as const satisfies Record<Exclude<PrinterStatus['state'], 'ready'>, StateOf<'printer'>>;

export function printerState(status: PrinterStatus): StateOf<'printer'> {
  if (status.state === 'ready') return status.paperNearEnd ? 'paper-near-end' : 'ready';
  return PRINTER_STATES[status.state];
}

/**
 * A module-status probe touches no card, so a card-level answer to it means the module
 * misbehaves: a reader fault (degraded at the centre, as these answers always counted).
 */
const READER_STATES = {
  'no-card': 'reader-fault',
  'card-unreadable': 'reader-fault',
  'card-data-invalid': 'reader-fault',
  'reader-offline': 'reader-offline',
  'reader-fault': 'reader-fault',
  'frame-invalid': 'frame-invalid',
  // The module received our status command damaged: the line, like a reply we cannot decode.
  'link-error': 'frame-invalid',
} as const satisfies Record<IdCardReadError['kind'], StateOf<'idCardReader'>>;

/** How each HID scanner adapter's reports carry codes. */
const SCANNER_FRAMINGS = {
  'hid-pos': 'hid-pos',
  'length-prefixed-64': 'lines',
} as const satisfies Record<ScannerHidAdapterName, ScannerCodeFraming>;

/** A scanner has no status command: its port being open is all a probe can know. */
const SCANNER_STATES = {
  ready: 'ready',
  offline: 'offline',
  error: 'error',
} as const satisfies Record<ScannerProbe, StateOf<'scanner'>>;

const CALLER_STATES = {
  ready: 'ready',
  'caller-silent': 'caller-silent',
  offline: 'offline',
  error: 'error',
} as const satisfies Record<CallerBusProbe, StateOf<'counterCallers'>>;

/** The displays never answer: their port being open is all a probe can know. */
const LED_STATES = {
  ready: 'ready',
  offline: 'offline',
  error: 'error',
} as const satisfies Record<LedProbe, StateOf<'counterDisplays'>>;
