import type { TerminalIdentity } from '@bianmin/contract';

/** What the crash trial's child processes and their parent say to each other over IPC. */

/** Both children, once loaded: waiting for `start`. */
export type LoadedMessage = { type: 'loaded' };

export type CentreChildMessage = { type: 'listening'; port: number };

export type TerminalChildMessage =
  /** Issuing and uploading. */
  | { type: 'ready'; epoch: string }
  /** A batch was acknowledged: the centre took part in this run. */
  | { type: 'acked'; ackedUpTo: number }
  /** Issuing stopped and every committed event is acknowledged. */
  | { type: 'drained'; lastSeq: number };

/**
 * Parent to child: `start` ends a standby (the process is loaded, nothing opened yet, so a
 * restart after a kill takes milliseconds, not the seconds of loading); `drain` asks the
 * terminal to stop issuing, deliver the rest and say so.
 */
export type ParentMessage = { type: 'start' } | { type: 'drain' };

/** The one terminal of the trial: the parent registers it, the terminal child enrols as it. */
export const CRASH_TERMINAL_ID = 'crash-trial-001';
export const CRASH_TERMINAL_IDENTITY: TerminalIdentity = {
  name: '压力测试终端',
  community: { name: '幸福里社区居委会', code: '140902001001', kind: 'urban' },
  region: {
    street: { name: '长征街街道', code: '140902001' },
    county: { name: '忻府区', code: '140902' },
    city: { name: '忻州市', code: '140900' },
    province: { name: '山西省', code: '140000' },
  },
};
