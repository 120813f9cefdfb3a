import type { TerminalIdentity } from '@bianmin/contract';
import { snapshot } from '@bianmin/sync/testing';

/** What the crash trial's child processes and their parent say to each other over IPC. */

/** Both children, once loaded: waiting for `start`. */
export type LoadedMessage = { type: 'loaded' };

/**
 * Parent to child: `start` ends a standby (the process is loaded, nothing opened yet, so a
 * restart after a kill takes milliseconds, not the seconds of loading); `drain` asks the
 * terminal to stop issuing, deliver the rest and say so.
 */
export type ParentMessage = { type: 'start' } | { type: 'drain' };

/** The one terminal of the trial: the parent registers it, the terminal child enrols as it. */
export const CRASH_TERMINAL_ID = 'crash-trial-001';
export const CRASH_TERMINAL_IDENTITY: TerminalIdentity = snapshot('压力测试终端').terminal;
