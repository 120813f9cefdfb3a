/** What the crash trial's child processes and their parent say to each other over IPC. */

/** Both children, once loaded: waiting for `start`. */
export type LoadedMessage = { type: 'loaded' };

/**
 * Parent to child: `start` ends a standby (the process is loaded, nothing opened yet, so a
 * restart after a kill takes milliseconds, not the seconds of loading); `drain` asks the
 * terminal to stop issuing, deliver the rest and say so.
 */
export type ParentMessage = { type: 'start' } | { type: 'drain' };
