import type { DevicesConfig } from '@bianmin/config';
import { createMemoryPair, createSerialTransport, type ByteTransport } from '../transport/index.js';
import { IdCardReader, IdCardReaderSimulator } from '../id-card/index.js';
import { ReceiptPrinter, ReceiptPrinterSimulator } from '../printer/index.js';

type DeviceTransportConfig = DevicesConfig['printer'];

export interface Simulators {
  reader: IdCardReaderSimulator | null;
  printer: ReceiptPrinterSimulator | null;
}

export interface TerminalDevices {
  reader: IdCardReader;
  printer: ReceiptPrinter;
  /** The simulators on the far end of in-memory links, for the development panel. */
  simulators: Simulators;
  close(): Promise<void>;
}

/**
 * Picks a real serial transport or a simulator per device from configuration. The config
 * schema already refuses simulators in production unless explicitly allowed.
 */
export async function createDevices(config: DevicesConfig): Promise<TerminalDevices> {
  const closers: (() => Promise<void> | void)[] = [];

  async function link<S extends { start(): Promise<void>; stop(): unknown }>(
    name: string,
    settings: DeviceTransportConfig,
    makeSimulator: (device: ByteTransport) => S,
  ): Promise<{ host: ByteTransport; simulator: S | null }> {
    if (settings.transport === 'serial') {
      return {
        host: createSerialTransport({ path: settings.path, baudRate: settings.baudRate }),
        simulator: null,
      };
    }
    const pair = createMemoryPair(name);
    const simulator = makeSimulator(pair.device);
    await simulator.start();
    closers.push(() => void simulator.stop());
    return { host: pair.host, simulator };
  }

  const readerLink = await link(
    'id-card-reader',
    config.idCardReader,
    (t) => new IdCardReaderSimulator(t),
  );
  const printerLink = await link('printer', config.printer, (t) => new ReceiptPrinterSimulator(t));
  const reader = new IdCardReader(readerLink.host);
  const printer = new ReceiptPrinter(printerLink.host);

  return {
    reader,
    printer,
    simulators: { reader: readerLink.simulator, printer: printerLink.simulator },
    async close() {
      await reader.close();
      await printer.close();
      for (const close of closers) await close();
    },
  };
}
