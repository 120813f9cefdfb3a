import type { TerminalDevices } from '../../agent/devices.js';
import { printerAnswer } from '../../technician/probe.js';

/**
 * A test print that comes out although unconfirmed points at a model without `GS r`, which
 * the driver needs (docs/devices.md, "Supported printers").
 */
const UNCONFIRMED =
  '没有打印完成的确认：打印机就绪，但没有回应排在打印内容后面的状态查询（GS r 1）。如果纸已经打出来，这台打印机多半不支持 GS r：在 devices.json 的 printer 里写 "bufferedStatus": false，重启后再试打印。';

/** Prints a technician's job (test slip, readiness report) and says how it went. */
export const printOutcome =
  (printer: TerminalDevices['printer']) =>
  async (job: Uint8Array): Promise<{ printed: boolean; message: string }> => {
    const printed = await printer.print(job);
    if (printed.ok) return { printed: true, message: '已打印。' };
    const { error } = printed;
    if (error.kind === 'unconfirmed') return { printed: false, message: UNCONFIRMED };
    const status = error.kind === 'offline' ? ({ state: 'offline' } as const) : error.status;
    return { printed: false, message: `没有打印：${printerAnswer(status).message}` };
  };
