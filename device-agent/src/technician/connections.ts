import type { DevicesConfig } from '@bianmin/config';
import type { DeviceConnection, SetupDevice } from '@bianmin/contract';

type Settings = DevicesConfig[SetupDevice];

/** A device's connection in words, for the screen and the paper report. */
export function describeConnection(settings: Settings | undefined): string {
  if (!settings) return '未配置';
  switch (settings.transport) {
    case 'simulator':
      return '模拟器';
    case 'serial': {
      const where =
        settings.path ??
        (settings.match ? `USB 适配器 ${settings.match.vendor} ${settings.match.product}` : '?');
      return `串口 ${where}，${settings.baudRate}`;
    }
    case 'hid':
      return `USB HID ${settings.vendorId.toString(16).padStart(4, '0')}:${settings.productId.toString(16).padStart(4, '0')}`;
  }
}

/** The connection as the setup screen edits it; null for kinds it leaves to the file. */
export function editableConnection(settings: Settings | undefined): DeviceConnection | null {
  if (settings?.transport === 'simulator') return { transport: 'simulator' };
  if (settings?.transport === 'serial' && settings.path !== undefined) {
    return { transport: 'serial', path: settings.path, baudRate: settings.baudRate };
  }
  return null;
}

export function sameConnection(a: DeviceConnection, b: DeviceConnection | null): boolean {
  if (b === null || a.transport !== b.transport) return false;
  if (a.transport === 'simulator' || b.transport === 'simulator') return true;
  return a.path === b.path && a.baudRate === b.baudRate;
}
