import { ok, err, type Result } from '@bianmin/common';
import type { ByteTransport, TransportError } from './byte-transport.js';
import { decodeReport, encodeReports, type HidReportFraming } from './hid-reports.js';

/** What the transport uses of node-hid's `HIDAsync`; tests pass a fake with the same shape. */
export interface HidDevice {
  write(report: Buffer): Promise<number>;
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<void>;
}

export type OpenHidDevice = (vendorId: number, productId: number) => Promise<HidDevice>;

export interface HidTransportOptions {
  vendorId: number;
  productId: number;
  framing: HidReportFraming;
  /** Default: node-hid's `HIDAsync.open`, loaded only when a HID device is configured. */
  openDevice?: OpenHidDevice;
}

const openWithNodeHid: OpenHidDevice = async (vendorId, productId) => {
  const { HIDAsync } = await import('node-hid');
  return HIDAsync.open(vendorId, productId);
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const hex = (id: number) => id.toString(16).padStart(4, '0');

/**
 * A reader that wraps its serial protocol in USB HID reports, seen as the same byte stream
 * as a serial port. A missing device, a failed open and a device pulled while open are
 * results; after any failure the port is closed, so the driver's next call opens it afresh.
 */
export function createHidTransport(options: HidTransportOptions): ByteTransport {
  const { framing } = options;
  const open = options.openDevice ?? openWithNodeHid;
  const listeners = new Set<(chunk: Buffer) => void>();
  const disconnectListeners = new Set<(reason: string) => void>();
  let device: HidDevice | undefined;

  /** `reason` when the device went by itself; a failed write reports through its result. */
  function drop(gone: HidDevice, reason?: string): void {
    if (device !== gone) return;
    device = undefined;
    // Closing a device that has vanished may fail too; it is gone either way.
    gone.close().catch(() => undefined);
    if (reason !== undefined) for (const listener of disconnectListeners) listener(reason);
  }

  return {
    get description() {
      return `hid:${hex(options.vendorId)}:${hex(options.productId)}`;
    },
    get isOpen() {
      return device !== undefined;
    },
    async open(): Promise<Result<void, TransportError>> {
      if (device) return ok(undefined);
      let opened: HidDevice;
      try {
        opened = await open(options.vendorId, options.productId);
      } catch (error) {
        return err({ kind: 'open-failed', message: messageOf(error) });
      }
      opened.on('data', (report) => {
        if (device !== opened) return;
        const payload = decodeReport(framing, report);
        if (payload.length === 0) return;
        for (const listener of listeners) listener(Buffer.from(payload));
      });
      // node-hid reports a pulled device as an 'error' event on its read loop.
      opened.on('error', (error) => drop(opened, error.message));
      device = opened;
      return ok(undefined);
    },
    async write(data: Uint8Array): Promise<Result<void, TransportError>> {
      const target = device;
      if (!target) return err({ kind: 'not-open' });
      for (const report of encodeReports(framing, data)) {
        try {
          await target.write(report);
        } catch (error) {
          drop(target);
          return err({ kind: 'write-failed', message: messageOf(error) });
        }
      }
      return ok(undefined);
    },
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
    async close(): Promise<void> {
      const target = device;
      device = undefined;
      await target?.close().catch(() => undefined);
    },
  };
}
