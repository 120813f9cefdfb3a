import { stat } from 'node:fs/promises';
import type { DeviceConnection, ProbeReply, SetupDevice } from '@bianmin/contract';
import { IdCardReader, type IdCardReadError } from '../id-card/index.js';
import { ReceiptPrinter, type PrinterStatus } from '../printer/index.js';
import { BarcodeScanner } from '../scanner/index.js';
import { createSerialTransport } from '../transport/index.js';
import type { TerminalDevices } from '../agent/devices.js';

const PRINTER_ANSWERS: Record<PrinterStatus['state'], ProbeReply> = {
  ready: { answered: true, message: '打印机应答：就绪。' },
  'no-paper': { answered: true, message: '打印机应答：缺纸。端口和波特率是对的，请装纸。' },
  'cover-open': { answered: true, message: '打印机应答：纸仓盖打开。端口和波特率是对的。' },
  offline: {
    answered: false,
    message: '打印机没有应答：请检查这个端口是不是打印机的、打印机是否通电，以及波特率。',
  },
  error: {
    answered: false,
    message: '打印机的应答无法识别：多半是波特率不对（看打印机自检页上的波特率）。',
  },
};

export function printerAnswer(status: PrinterStatus): ProbeReply {
  const answer = PRINTER_ANSWERS[status.state];
  if (status.state === 'ready' && status.paperNearEnd) {
    return { answered: true, message: '打印机应答：就绪，纸将用尽。' };
  }
  if (status.state === 'error' && status.kind !== 'garbled-reply') {
    return { answered: true, message: '打印机应答：报告故障（切刀或机芯），请检查打印机。' };
  }
  return answer;
}

function readerFailure(error: IdCardReadError): ProbeReply {
  switch (error.kind) {
    case 'reader-offline':
      return {
        answered: false,
        message: error.detail.startsWith('open failed')
          ? `端口打不开（${error.detail}）。`
          : '读卡器没有应答：请检查这个端口是不是读卡器的、读卡器是否通电，以及波特率（一般 115200）。',
      };
    case 'frame-invalid':
    case 'link-error':
      return {
        answered: false,
        message: '读卡器的应答无法识别：多半是波特率不对（一般 115200）。',
      };
    default:
      return { answered: true, message: '读卡器应答了，但报告模块故障。' };
  }
}

async function portMissing(path: string): Promise<ProbeReply | null> {
  try {
    await stat(path);
    return null;
  } catch {
    return { answered: false, message: `没有这个端口：${path}。请从列表中选择，或检查接线。` };
  }
}

/**
 * Asks a device on a connection what it is: the reader its module id, the printer its status,
 * the scanner only whether its port opens (it has no status command). The running driver is
 * asked when the connection is the one in use: a second open of the same port is refused.
 */
export async function probeConnection(
  device: SetupDevice,
  connection: DeviceConnection,
  running: { inUse: boolean; devices: Pick<TerminalDevices, 'reader' | 'printer' | 'scanner'> },
): Promise<ProbeReply> {
  if (!running.inUse && connection.transport === 'simulator') {
    return {
      answered: false,
      message: '模拟器只能在终端以模拟器启动时检测：保存后重启终端生效。',
    };
  }
  if (running.inUse) return askRunning(device, running.devices);
  if (connection.transport !== 'serial') return { answered: false, message: '无法检测。' };
  const missing = await portMissing(connection.path);
  if (missing) return missing;
  const transport = createSerialTransport({ path: connection.path, baudRate: connection.baudRate });
  try {
    if (device === 'printer') return printerAnswer(await new ReceiptPrinter(transport).status());
    if (device === 'idCardReader') {
      const reader = new IdCardReader(transport, { baudRate: connection.baudRate });
      const id = await reader.moduleId();
      return id.ok
        ? { answered: true, message: `读卡器应答，模块编号 ${id.value}。` }
        : readerFailure(id.error);
    }
    const probe = await new BarcodeScanner(transport, { framing: 'lines' }).probe();
    return probe === 'ready'
      ? { answered: true, message: '扫码器的端口可以打开。请扫一个码试试（扫码器没有状态命令）。' }
      : { answered: false, message: '扫码器的端口打不开。' };
  } finally {
    await transport.close();
  }
}

async function askRunning(
  device: SetupDevice,
  devices: Pick<TerminalDevices, 'reader' | 'printer' | 'scanner'>,
): Promise<ProbeReply> {
  if (device === 'printer') return printerAnswer(await devices.printer.status());
  if (device === 'idCardReader') {
    const id = await devices.reader.moduleId();
    return id.ok
      ? { answered: true, message: `读卡器应答，模块编号 ${id.value}。` }
      : readerFailure(id.error);
  }
  if (!devices.scanner) return { answered: false, message: '这台终端没有配置扫码器。' };
  return (await devices.scanner.probe()) === 'ready'
    ? { answered: true, message: '扫码器的端口可以打开。' }
    : { answered: false, message: '扫码器的端口打不开。' };
}
