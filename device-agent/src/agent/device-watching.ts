import type { Database } from 'better-sqlite3';
import type { EventLogger } from '@bianmin/common';
import type { TerminalConfig } from '@bianmin/config';
import { stateSpec, type DeviceStatus } from '@bianmin/contract';
import type { Outbox } from '@bianmin/sync/outbox';
import { createEventStream } from '../api/event-stream.js';
import type { CardHolds } from '../application/card-holds.js';
import type { NoticeBoard } from '../notices/notice-board.js';
import type { RemoteStart } from '../remote-config/index.js';
import { createScanWatcher } from '../scanner/index.js';
import { createServiceTimeRecorder } from '../service-time/index.js';
import { createStorageProbe, type StorageThresholds } from '../storage/storage-probe.js';
import { createCardWatcher } from './card-watcher.js';
import { createDeviceHealth } from './device-health.js';
import type { TerminalDevices } from './devices.js';

/**
 * What watches the devices and tells the kiosk: health polling (storage too), the service
 * time it adds up, the card and code watchers, and the event stream that carries them.
 */
export function watchDevices(options: {
  db: Database;
  outbox: Outbox;
  devices: TerminalDevices;
  terminal: TerminalConfig;
  dataDir: string;
  storageThresholds: StorageThresholds | undefined;
  healthIntervalMs: number | undefined;
  remote: RemoteStart | undefined;
  notices: NoticeBoard;
  cardHolds: CardHolds;
  /** Writes a device's change to the outbox; createDeviceHealth retries it when this throws. */
  recordDeviceChange: (change: DeviceStatus, at: Date) => void;
  /** Who else hears of a device's change, besides the kiosk's stream and the service time. */
  onDeviceChange: (change: DeviceStatus) => void;
  logger: EventLogger;
  now: () => Date;
}) {
  const { db, outbox, devices, terminal, logger, now } = options;
  const storage = createStorageProbe(db, options.dataDir, options.storageThresholds);
  // 'unknown' before the first reading counts as serving: the first poll runs at start.
  const storageServes = () => {
    const state = health.states().storage;
    return state === 'unknown' || stateSpec('storage', state)?.severity !== 'fault';
  };
  const health = createDeviceHealth(
    { ...devices.probes, storage },
    {
      intervalMs: options.healthIntervalMs ?? 5000,
      logger,
      now,
      record: options.recordDeviceChange,
      listeners: [
        () => serviceTime.deviceChanged(),
        (change) => events.deviceChanged(change),
        options.onDeviceChange,
      ],
    },
  );
  const serviceTime = createServiceTimeRecorder({
    db,
    outbox,
    serviceHours: terminal.serviceHours,
    closures: options.remote?.running?.parts.closures,
    timeZone: terminal.timeZone,
    deviceStates: () => health.states(),
    now,
    onError: (error) =>
      logger.event('sync.service-time-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
  });
  const cardWatcher = createCardWatcher({
    reader: devices.reader,
    timeZone: terminal.timeZone,
    now,
    logger,
    cardHolds: options.cardHolds,
    onEvent: (event) => events.publish(event),
  });
  const scanWatcher =
    devices.scanner &&
    createScanWatcher({
      scanner: devices.scanner,
      logger,
      onEvent: (event) => events.publish(event),
    });
  const events = createEventStream({
    deviceStates: () => health.states(),
    cardPresence: () => cardWatcher.presence(),
    notices: () => options.notices.active(),
    onSubscribersChanged: (count) => {
      cardWatcher.setListening(count > 0);
      scanWatcher?.setListening(count > 0);
    },
    logger,
  });
  return { health, storageServes, serviceTime, cardWatcher, scanWatcher, events };
}
