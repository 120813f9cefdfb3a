import type { RealtimeStatusRequest } from './status-bits.js';
import type { AutoStatus, PaperSensorFacts, StatusFacts } from './status.js';

type SimulatedPrinterError = 'none' | 'cutter' | 'unrecoverable' | 'auto-recoverable';

export interface SimulatedPrinterCondition {
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  /** Switched off or cable out: the simulator neither prints nor answers. */
  offline: boolean;
  /** A printer fault, reported through n=2 bit 6 and the n=3 cause bits. */
  error: SimulatedPrinterError;
}

/**
 * Like a real printer, the simulated one raises the n=1 offline bit while the cover is open,
 * the paper is out or it has an error, and its near-end sensor sits before the end sensor, so
 * an empty roll trips both.
 */
export function statusFactsOf(c: SimulatedPrinterCondition, n: RealtimeStatusRequest): StatusFacts {
  switch (n) {
    case 1:
      return { n, offline: stopped(c) };
    case 2:
      return {
        n,
        coverOpen: c.coverOpen,
        feedButton: false,
        paperEndStop: c.paper === 'out',
        error: c.error !== 'none',
      };
    case 3:
      return { n, ...errorCauseOf(c) };
    case 4:
      return { n, ...paperSensorOf(c) };
  }
}

export function paperSensorOf(c: SimulatedPrinterCondition): PaperSensorFacts {
  return { paperNearEnd: c.paper !== 'ok', paperEnd: c.paper === 'out' };
}

export function autoStatusOf(c: SimulatedPrinterCondition): AutoStatus {
  return {
    printer: {
      drawerPin3High: false,
      offline: stopped(c),
      coverOpen: c.coverOpen,
      feedButton: false,
    },
    error: {
      waitingForRecovery: false,
      feedButtonPressed: false,
      mechanicalError: false,
      ...errorCauseOf(c),
    },
    paper: paperSensorOf(c),
    reserved: {},
  };
}

function stopped(c: SimulatedPrinterCondition): boolean {
  return c.coverOpen || c.paper === 'out' || c.error !== 'none';
}

function errorCauseOf(c: SimulatedPrinterCondition) {
  return {
    cutterError: c.error === 'cutter',
    unrecoverable: c.error === 'unrecoverable',
    autoRecoverable: c.error === 'auto-recoverable',
  };
}
