import type { TerminalDevices } from '../../agent/devices.js';
import { printerAnswer } from '../../technician/probe.js';

/** Prints a technician's job (test slip, readiness report) and says how it went. */
export const printOutcome =
  (printer: TerminalDevices['printer']) =>
  async (job: Uint8Array): Promise<{ printed: boolean; message: string }> => {
    const printed = await printer.print(job);
    if (printed.ok) return { printed: true, message: '已打印。' };
    const status =
      printed.error.kind === 'offline' ? ({ state: 'offline' } as const) : printed.error.status;
    return { printed: false, message: `没有打印：${printerAnswer(status).message}` };
  };
