import type { TerminalCredentials } from '@bianmin/sync/terminal-identity';

/**
 * The uploader's credentials, replaceable while it runs: an enrolment from the technician
 * screen (enrolment.ts) hands over the new key without restarting the agent.
 */
export function switchableCredentials(initial: TerminalCredentials) {
  let current = initial;
  const credentials: TerminalCredentials = {
    get terminalId() {
      return current.terminalId;
    },
    state: () => current.state(),
    enrolmentDue: () => current.enrolmentDue(),
    markEnrolled: (at) => current.markEnrolled(at),
    sign: (method, path, body) => current.sign(method, path, body),
    noteServerTime: (ms) => current.noteServerTime(ms),
    clockOffsetMs: () => current.clockOffsetMs(),
  };
  return {
    credentials,
    replace(next: TerminalCredentials): void {
      current = next;
    },
  };
}
export type SwitchableCredentials = ReturnType<typeof switchableCredentials>;
